import { requireBoard, requireUser } from '$lib/server/guard';
import { loadMinutes } from './minutes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const { version, meta, members, previous, together } = await loadMinutes(board.id, params.snapshot);
	return {
		board: { id: board.id, title: board.title },
		snapshot: { id: meta.id, title: meta.title, note: meta.note, meeting: meta.meeting, createdAt: meta.createdAt, createdByName: meta.createdByName },
		view: version.view,
		members,
		together,
		previous: previous && {
			id: previous.meta.id,
			title: previous.meta.title,
			meeting: previous.meta.meeting,
			createdAt: previous.meta.createdAt,
			diff: previous.diff,
			attribution: previous.attribution
		}
	};
};
