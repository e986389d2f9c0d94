import { error } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { limitDownload } from '$lib/server/download-limit';
import { downloadHeaders, isFormat } from '$lib/server/export/files';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import * as signoff from '$lib/server/signoff';
import * as versions from '$lib/server/versions';
import type { RequestHandler } from './$types';

/**
 * A version (snapshot id, or `live`) of a board as a file. Members only; anything unknown is a plain 404. The
 * version is decoded and written by a worker thread, so a large board's file holds no other board up.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	if (!isFormat(params.format)) error(404, 'Not found');
	const context = getContext();
	const refused = limitDownload(context.downloads, locals.sessionId);
	if (refused) return refused;
	const version = await versions.loadStored(context, board.id, params.version, { live: 'stored' });
	if (!version) error(404, 'Not found');
	const members = versions.membersOf(await membership.list(context.database.db, board.id));
	const signOff = version.meta ? await signoff.get(context.database.db, board.id, version.meta.id) : null;
	const download = await context.offload.renderVersion({
		format: params.format,
		boardTitle: board.title,
		version,
		members,
		exportedAt: new Date(),
		stamp: signoff.stampOf(signOff)
	});
	const body = typeof download.body === 'string' ? download.body : new Uint8Array(download.body);
	return new Response(body, { headers: downloadHeaders(download) });
};
