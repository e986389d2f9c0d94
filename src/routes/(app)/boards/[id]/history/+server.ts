import { error, json } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as history from '$lib/server/history';
import * as membership from '$lib/server/membership';
import * as versions from '$lib/server/versions';
import type { RequestHandler } from './$types';

/** One cell's edit history (who, when, from what to what), newest first, for the side panel. Members only. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const cell = history.parseCellRef(url.searchParams);
	if (!cell) error(400, 'Give the cell as grid (scope or models), row and col.');
	const context = getContext();
	const { db } = context.database;
	const members = versions.membersOf(await membership.list(db, board.id));
	const result = await history.ofCell({ store: context.docs, db, boardId: board.id, members }, cell);
	if (!result.ok) error(413, result.message);
	return json({ entries: result.entries }, { headers: { 'cache-control': 'no-store' } });
};
