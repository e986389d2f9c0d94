import { requireBoard, requireUserForAction } from './guard.ts';
import type { Caller } from './rounds-api.ts';

/**
 * Who is acting on a board's scoring rounds or register of interests: the signed-in member, their role on the
 * board and whether it is archived. Signed out answers 401; not a member of the board, 404.
 */
export async function requireCaller(locals: App.Locals, boardId: string): Promise<Caller> {
	const user = requireUserForAction(locals);
	const { board, role } = await requireBoard(user.id, boardId);
	return { userId: user.id, name: user.displayName, role, boardId: board.id, archived: board.archivedAt !== null };
}
