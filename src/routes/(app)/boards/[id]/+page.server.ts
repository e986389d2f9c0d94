import { can } from '$lib/roles';
import { requireBoard, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board, role } = await requireBoard(user.id, params.id);
	return {
		board: { id: board.id, title: board.title, archived: board.archivedAt !== null },
		role,
		// Mirrors the collaboration server, which also makes archived boards read-only.
		readOnly: !can(role, 'edit') || board.archivedAt !== null,
		me: { id: user.id, name: user.displayName }
	};
};
