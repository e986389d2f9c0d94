import { error, redirect } from '@sveltejs/kit';
import type { Role } from './db/schema.ts';
import type { User } from './user.ts';
import * as board from './board.ts';
import * as membership from './membership.ts';
import { getContext } from './context.ts';
import { isId } from './ids.ts';
import { can, type BoardAction } from '../roles.ts';

/** The signed-in user, or a redirect to sign in that comes back to `url` afterwards. */
export function requireUser(locals: App.Locals, url: URL): User {
	if (locals.user) return locals.user;
	const back = url.pathname + url.search;
	redirect(303, back === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(back)}`);
}

/** For form actions: no redirect dance, a plain 401 (a signed-out form post is stale). */
export function requireUserForAction(locals: App.Locals): User {
	if (locals.user) return locals.user;
	error(401, 'Please sign in again.');
}

/**
 * A board the user may act on. A malformed id, a missing board and a board the user is not a member of all
 * answer the same 404, so nothing reveals that a board exists; a member whose role lacks `action` gets 403.
 */
export async function requireBoard(
	userId: string,
	boardId: string,
	action: BoardAction = 'view'
): Promise<{ board: board.Board; role: Role }> {
	if (!isId(boardId)) error(404, 'Not found');
	const { db } = getContext().database;
	const role = await membership.getRole(db, boardId, userId);
	const found = role ? await board.get(db, boardId) : null;
	if (!role || !found) error(404, 'Not found');
	if (!can(role, action)) error(403, 'Your role on this board does not allow that.');
	return { board: found, role };
}

const ADMIN_ONLY = 'Only an administrator of this trustboard can do that.';

/** The signed-in administrator; others are sent to sign in, or refused with 403. */
export function requireAdmin(locals: App.Locals, url: URL): User {
	const user = requireUser(locals, url);
	if (!user.isAdmin) error(403, ADMIN_ONLY);
	return user;
}

export function requireAdminForAction(locals: App.Locals): User {
	const user = requireUserForAction(locals);
	if (!user.isAdmin) error(403, ADMIN_ONLY);
	return user;
}
