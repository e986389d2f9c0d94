import { json } from '@sveltejs/kit';
import * as agenda from '$lib/server/agenda';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUserForAction } from '$lib/server/guard';
import type { RequestHandler } from './$types';

/** The agenda and clock now, for any member: a page that was offline catches up here (events are not replayed). */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserForAction(locals);
	const { board } = await requireBoard(user.id, params.id);
	return json(await agenda.get(getContext().database.db, board.id), { headers: { 'cache-control': 'no-store' } });
};
