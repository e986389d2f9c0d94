import { requireBoard, requireUser } from '$lib/server/guard';
import { downloadHeaders, versionInfo } from '$lib/server/export/download';
import { fileName } from '$lib/server/export/filename';
import { minutesMarkdown } from '$lib/server/export/markdown';
import { togetherMarkdown } from '$lib/server/together-record';
import { loadMinutes } from '../minutes';
import type { RequestHandler } from './$types';

/** The minutes pack as Markdown, for papers and the archive. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const { version, meta, members, previous, together } = await loadMinutes(board.id, params.snapshot);
	const pack = minutesMarkdown({
		info: versionInfo(board.title, version, new Date()),
		view: version.view,
		members,
		previous: previous && {
			label: `${previous.meta.meeting?.title ?? previous.meta.title} (${previous.meta.meeting?.date ?? new Date(previous.meta.createdAt).toISOString().slice(0, 10)})`,
			diff: previous.diff,
			attribution: previous.attribution
		}
	});
	const body = `${pack}
${togetherMarkdown(together)}`;
	const name = fileName([board.title, 'minutes', meta.meeting?.title ?? meta.title, meta.meeting?.date ?? ''], 'md');
	return new Response(body, { headers: downloadHeaders({ type: 'text/markdown; charset=utf-8', name }) });
};
