import * as agenda from '$lib/server/agenda';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import type { PageServerLoad } from './$types';

/** The room's projector: any member may open it; it only reads the board. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const { db } = getContext().database;
	const [members, agendaState] = await Promise.all([membership.list(db, board.id), agenda.get(db, board.id)]);
	return {
		board: { id: board.id, title: board.title },
		members: members.map((m) => ({ id: m.userId, name: m.displayName })),
		me: { id: user.id, name: user.displayName },
		agenda: agendaState
	};
};
