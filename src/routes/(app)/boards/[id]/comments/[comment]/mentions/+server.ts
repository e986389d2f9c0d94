import { error, json } from '@sveltejs/kit';
import type { BoardView, ThreadView } from '$lib/board/read';
import { isId } from '$lib/board/ids';
import * as boardEvents from '$lib/server/board-events';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUserForAction } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import * as notifications from '$lib/server/notifications';
import * as versions from '$lib/server/versions';
import type { RequestHandler } from './$types';

/** "Adoption – Budget (£k)", "the model “CIC”": where a comment is, as its thread's panel names it. */
function placeOf(view: BoardView, thread: ThreadView): string {
	if (thread.grid === 'scope') {
		const service = view.scope.columns.find((c) => c.role === 'service') ?? view.scope.columns[0];
		const row = view.scope.rows.find((r) => r.id === thread.rowId);
		const name = String((service && row?.cells[service.id]) || 'a service');
		const column = view.scope.columns.find((c) => c.id === thread.columnId);
		return column ? `${name} – ${column.name}` : `the service “${name}”`;
	}
	const model = view.models.rows.find((m) => m.id === thread.rowId);
	const criterion = view.models.criteria.find((c) => c.id === thread.columnId);
	const name = model?.name || 'a model';
	return criterion ? `${name} – ${criterion.name}` : `the model “${name}”`;
}

const ATTEMPTS = 5;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const WAIT_MS = 300;

/**
 * After writing or editing a comment, its author's page asks for the members it mentions to be notified. The server
 * reads the comment from the live board itself (a moment after the write, it may still be on its way) and
 * notifies only for a comment of this author; each mentioned member's open pages hear of it at once.
 */
export const POST: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUserForAction(locals);
	const { board } = await requireBoard(user.id, params.id, 'comment');
	if (!isId(params.comment)) error(404, 'Not found');
	// After an edit: the edit's time, so the comment is read once the edit has reached the board.
	const editedAt = url.searchParams.get('editedAt') ?? undefined;
	if (editedAt !== undefined && !ISO_TIME.test(editedAt)) error(400, 'editedAt must be an ISO time such as 2026-12-07T10:00:00.000Z');
	const context = getContext();
	const members = (await membership.list(context.database.db, board.id)).map((m) => ({ id: m.userId, name: m.displayName }));
	for (let attempt = 1; ; attempt++) {
		const live = await versions.load(context, board.id, versions.LIVE);
		if (!live) error(404, 'Not found');
		const result = await notifications.notifyMentions(context.database.db, {
			boardId: board.id,
			view: live.view,
			commentId: params.comment,
			author: { id: user.id, name: user.displayName },
			members,
			place: (thread) => placeOf(live.view, thread),
			editedAt
		});
		if (result.kind === 'not-author') error(403, 'Only the author of a comment can notify the people it mentions.');
		if (result.kind === 'ok') {
			if (result.notified.length) {
				await boardEvents.announce(board.id, {
					kind: 'mention',
					text: `${user.displayName} mentioned you on ${result.where}`,
					by: { id: user.id, name: user.displayName },
					to: result.notified
				});
			}
			return json({ notified: result.notified.length });
		}
		if (attempt >= ATTEMPTS) error(404, 'Not found');
		await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
	}
};
