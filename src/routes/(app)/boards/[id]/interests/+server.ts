import { getContext } from '$lib/server/context';
import { requireBoard, requireUserForAction } from '$lib/server/guard';
import { changeInterests, listInterests } from '$lib/server/rounds-api';
import type { RequestHandler } from './$types';

/** The register of declared interests: every member reads it and declares their own; the chair records outcomes. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserForAction(locals);
	const { board, role } = await requireBoard(user.id, params.id);
	return listInterests(getContext(), {
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
	return changeInterests(
		getContext(),
		{ userId: user.id, name: user.displayName, role, boardId: board.id, archived: board.archivedAt !== null },
		request
	);
};
