import { error } from '@sveltejs/kit';
import * as datetime from '$lib/board/datetime';
import * as changes from '$lib/server/changes';
import * as history from '$lib/server/history';
import { getContext } from '$lib/server/context';
import { csvRows } from '$lib/server/export/csv';
import { downloadHeaders } from '$lib/server/export/download';
import { fileName } from '$lib/server/export/filename';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import * as versions from '$lib/server/versions';
import type { RequestHandler } from './$types';

const DAY = 24 * 3600_000;
const MAX_DAYS = 366;

/** Every change to the board between two UK days (inclusive), as CSV for audit and FOI. Members only. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const from = url.searchParams.get('from') ?? '';
	const to = url.searchParams.get('to') ?? '';
	const start = datetime.startOfUkDay(from);
	const last = datetime.startOfUkDay(to);
	if (start === null || last === null) error(400, 'Give the first and last day as yyyy-mm-dd.');
	if (last < start) error(400, 'The last day is before the first.');
	if (last - start > MAX_DAYS * DAY) error(400, `Choose at most ${MAX_DAYS} days.`);
	// The end is the start of the UK day after the last one (23 or 25 hours later on the days the clocks change).
	const [y, m, d] = to.split('-').map(Number) as [number, number, number];
	const end = datetime.startOfUkDay(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)) ?? last + DAY;
	const context = getContext();
	const members = versions.membersOf(await membership.list(context.database.db, board.id));
	const names = (ids: string[]) => history.displayNames(context.database.db, ids);
	const result = await changes.inRange(context.docs, board.id, { start, end }, members, names);
	if (!result.ok) error(400, result.message);
	const name = fileName([board.title, 'changes', from, 'to', to], 'csv');
	return new Response(csvRows([changes.HEADERS, ...result.rows]), { headers: downloadHeaders({ type: 'text/csv; charset=utf-8', name }) });
};
