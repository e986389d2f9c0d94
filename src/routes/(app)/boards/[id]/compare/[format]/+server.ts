import { error } from '@sveltejs/kit';
import * as boardDiff from '$lib/board/diff';
import * as datetime from '$lib/board/datetime';
import { getContext } from '$lib/server/context';
import { limitDownload } from '$lib/server/download-limit';
import { requireBoard, requireUser } from '$lib/server/guard';
import { csvRows } from '$lib/server/export/csv';
import { downloadHeaders } from '$lib/server/export/files';
import { fileName, isoDay } from '$lib/server/export/filename';
import { compareMarkdown } from '$lib/server/export/markdown';
import { LIVE } from '$lib/server/versions';
import { COMPARE_FORMATS, isCompareFormat } from '$lib/downloads/formats';
import { label, load } from '../comparison';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const format = params.format;
	if (!isCompareFormat(format)) error(404, 'Not found');
	const refused = limitDownload(getContext().downloads, locals.sessionId);
	if (refused) return refused;
	const fromRef = url.searchParams.get('from');
	if (!fromRef) error(404, 'Not found');
	const { from, to, diff, attribution } = await load(board.id, fromRef, url.searchParams.get('to') ?? LIVE);
	const now = new Date();
	const name = fileName(
		[board.title, 'changes', from.meta?.title ?? 'live', 'to', to.meta?.title ?? 'live', isoDay(now.getTime())],
		COMPARE_FORMATS[format].extension
	);
	const headers = downloadHeaders({ type: COMPARE_FORMATS[format].type, name });
	if (format === 'md') return new Response(compareMarkdown(board.title, label(from), label(to), diff, attribution, now), { headers });
	if (format === 'json') {
		const body = {
			format: 'trustboard.changes',
			version: 1,
			board: board.title,
			from: label(from),
			to: label(to),
			exportedAt: now.toISOString(),
			diff,
			attribution
		};
		return new Response(JSON.stringify(body, null, '\t'), { headers });
	}
	const rows = boardDiff.diffLines(diff).map((l) => {
		const by = attribution[l.path];
		return [
			l.grid,
			l.change,
			l.row,
			l.column,
			l.from,
			l.to,
			by?.name ?? '',
			by ? datetime.ukLocalStamp(by.at) : '',
			by ? (datetime.isBritishSummerTime(by.at) ? 'BST' : 'GMT') : ''
		];
	});
	return new Response(csvRows([['Grid', 'Change', 'Row', 'Column', 'From', 'To', 'Changed by', 'Changed at (UK time)', 'Zone'], ...rows]), {
		headers
	});
};
