import { getContext } from '$lib/server/context';
import { limitDownload } from '$lib/server/download-limit';
import { csvRows } from '$lib/server/export/csv';
import { downloadHeaders } from '$lib/server/export/files';
import { fileName, isoDay } from '$lib/server/export/filename';
import { requireAdmin } from '$lib/server/guard';
import * as securityLog from '$lib/server/security-log';
import type { RequestHandler } from './$types';

/** The whole security log as CSV (formula-safe), newest first, for the council's records or its SIEM. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const refused = limitDownload(getContext().downloads, locals.sessionId);
	if (refused) return refused;
	const entries = await securityLog.read(getContext().database.db, { limit: 100_000 });
	const rows = [
		['Time (UTC)', 'Event', 'By', 'Account', 'Address', 'Detail'],
		...entries.map((e) => [new Date(e.at).toISOString(), e.event, e.actor, e.account, e.address, e.detail])
	];
	const name = fileName(['trustboard', 'security-log', isoDay(Date.now())], 'csv');
	return new Response(csvRows(rows), { headers: downloadHeaders({ type: 'text/csv; charset=utf-8', name }) });
};
