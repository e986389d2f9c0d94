import { error } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUserForAction } from '$lib/server/guard';
import { isId } from '$lib/server/ids';
import { actOnRound } from '$lib/server/rounds-api';
import type { RequestHandler } from './$types';

/** One round: score, finish, close, reveal or agree (the action is in the JSON body). */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireUserForAction(locals);
	const { board, role } = await requireBoard(user.id, params.id);
	if (!isId(params.round)) error(404, 'Not found');
	return actOnRound(
		getContext(),
		{ userId: user.id, name: user.displayName, role, boardId: board.id, archived: board.archivedAt !== null },
		params.round,
		request
	);
};
