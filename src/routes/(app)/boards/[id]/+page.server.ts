import { toBase64 } from 'lib0/buffer';
import { can } from '$lib/roles';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as agenda from '$lib/server/agenda';
import * as membership from '$lib/server/membership';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board, role } = await requireBoard(user.id, params.id);
	const { database, collab } = getContext();
	const [members, agendaState] = await Promise.all([membership.list(database.db, board.id), agenda.get(database.db, board.id)]);
	return {
		// For member cells (a service's lead) and for naming who changed what.
		members: members.map(({ userId, displayName, role }) => ({ userId, displayName, role })),
		board: { id: board.id, title: board.title, archived: board.archivedAt !== null },
		role,
		// Mirrors the collaboration server, which also makes archived boards read-only.
		readOnly: !can(role, 'edit') || board.archivedAt !== null,
		me: { id: user.id, name: user.displayName },
		agenda: agendaState,
		// The board's document as the live connection would first send it (the same for every member: private
		// round scores are kept outside it), so the grids render here and are usable before the socket is up; the
		// socket then brings only what changed since. Base64: devalue would write a byte array as decimal numbers.
		// Not awaited: SvelteKit sends the page at once and streams the state into it when read, so the browser
		// fetches the page's scripts meanwhile. The read is the longest part of this load (a worker thread merges the
		// board's stored log; docs/performance.md, "the board page's first load in fewer files, and its state
		// streamed").
		state: collab.state(board.id).then(toBase64)
	};
};
