import { error } from '@sveltejs/kit';
import { isMinutesFormat } from '$lib/downloads/formats';
import { getContext } from '$lib/server/context';
import { limitDownload } from '$lib/server/download-limit';
import { downloadHeaders } from '$lib/server/export/files';
import { requireBoard, requireUser } from '$lib/server/guard';
import { loadMinutes } from '../../minutes';
import { renderPack } from '../../pack';
import type { RequestHandler } from './$types';

/** The minutes pack as PDF, DOCX or Markdown. Members only; anything unknown is a plain 404. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	if (!isMinutesFormat(params.format)) error(404, 'Not found');
	const refused = limitDownload(getContext().downloads, locals.sessionId);
	if (refused) return refused;
	const download = await renderPack(params.format, board.title, await loadMinutes(board.id, params.snapshot), getContext().offload);
	const body = typeof download.body === 'string' ? download.body : new Uint8Array(download.body);
	return new Response(body, { headers: downloadHeaders(download) });
};
