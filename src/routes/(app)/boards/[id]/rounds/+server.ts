import { getContext } from '$lib/server/context';
import { requireBoard, requireUserForAction } from '$lib/server/guard';
import { listRounds, openRound } from '$lib/server/rounds-api';
import type { RequestHandler } from './$types';

/** Scoring rounds of a board: members list them (their own private scores only); the chair opens one. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserForAction(locals);
	const { board, role } = await requireBoard(user.id, params.id);
	return listRounds(getContext(), {
		userId: user.id,
		name: user.displayName,
		role,
		boardId: board.id,
		archived: board.archivedAt !== null
	});
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireUserForAction(locals);
	const { board, role } = await requireBoard(user.id, params.id);
	return openRound(
		getContext(),
		{ userId: user.id, name: user.displayName, role, boardId: board.id, archived: board.archivedAt !== null },
		request
	);
};
