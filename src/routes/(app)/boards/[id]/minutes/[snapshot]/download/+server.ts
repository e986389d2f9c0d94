import { downloadHeaders } from '$lib/server/export/files';
import { getContext } from '$lib/server/context';
import { limitDownload } from '$lib/server/download-limit';
import { requireBoard, requireUser } from '$lib/server/guard';
import { loadMinutes } from '../minutes';
import { renderPack } from '../pack';
import type { RequestHandler } from './$types';

/** The minutes pack as Markdown: the pack's first download address, kept working beside `download/<format>`. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const refused = limitDownload(getContext().downloads, locals.sessionId);
	if (refused) return refused;
	const download = await renderPack('md', board.title, await loadMinutes(board.id, params.snapshot), getContext().offload);
	return new Response(download.body as string, { headers: downloadHeaders(download) });
};
