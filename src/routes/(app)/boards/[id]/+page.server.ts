import { can } from '$lib/roles';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as agenda from '$lib/server/agenda';
import * as membership from '$lib/server/membership';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board, role } = await requireBoard(user.id, params.id);
	const { db } = getContext().database;
	const [members, agendaState] = await Promise.all([membership.list(db, board.id), agenda.get(db, board.id)]);
	return {
		// For member cells (a service's lead) and for naming who changed what.
		members: members.map(({ userId, displayName, role }) => ({ userId, displayName, role })),
		board: { id: board.id, title: board.title, archived: board.archivedAt !== null },
		role,
		// Mirrors the collaboration server, which also makes archived boards read-only.
		readOnly: !can(role, 'edit') || board.archivedAt !== null,
		me: { id: user.id, name: user.displayName },
		agenda: agendaState
	};
};
