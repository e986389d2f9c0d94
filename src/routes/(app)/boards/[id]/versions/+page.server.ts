import { error, fail } from '@sveltejs/kit';
import * as datetime from '$lib/board/datetime';
import { can } from '$lib/roles';
import * as boardEvents from '$lib/server/board-events';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser, requireUserForAction } from '$lib/server/guard';
import { isId } from '$lib/server/ids';
import * as signoff from '$lib/server/signoff';
import * as snapshot from '$lib/server/snapshot';
import * as versions from '$lib/server/versions';
import { readSnapshotForm, readMeeting } from './form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board, role } = await requireBoard(user.id, params.id);
	const { db } = getContext().database;
	const [list, signOffs] = await Promise.all([snapshot.list(db, board.id), signoff.forBoard(db, board.id)]);
	return {
		board: { id: board.id, title: board.title },
		canManage: can(role, 'takeSnapshot'),
		today: datetime.ukIsoDay(Date.now()),
		versions: list.map((v) => ({
			id: v.id,
			kind: v.kind,
			title: v.title,
			note: v.note,
			meeting: v.meeting,
			isMinutes: v.isMinutes,
			createdByName: v.createdByName,
			createdAt: v.createdAt,
			deleted: v.deletedAt !== null,
			signOff: signoff.status(signOffs.get(v.id))
		})),
		limits: { title: snapshot.TITLE_MAX, note: snapshot.NOTE_MAX }
	};
};

function snapshotId(form: FormData): string {
	const id = form.get('snapshotId');
	// A malformed id names no version: the same answer as one deleted meanwhile.
	if (!isId(id)) error(404, 'Not found');
	return id;
}

export const actions: Actions = {
	take: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board } = await requireBoard(user.id, params.id, 'takeSnapshot');
		const read = readSnapshotForm(await request.formData());
		if (!read.ok) return fail(400, { action: 'take' as const, message: read.message, errors: read.errors, values: read.values });
		const taken = await versions.take(getContext(), { boardId: board.id, userId: user.id, kind: 'named', ...read.value });
		return { action: 'take' as const, success: `Snapshot “${taken.title}” taken.`, snapshot: { id: taken.id, title: taken.title } };
	},

	minutes: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board } = await requireBoard(user.id, params.id, 'takeSnapshot');
		const form = await request.formData();
		const id = snapshotId(form);
		const meeting = readMeeting(form, true);
		if (!meeting.ok) return fail(400, { action: 'minutes' as const, id, message: meeting.message, values: meeting.values });
		const { db } = getContext().database;
		if (signoff.status(await signoff.get(db, board.id, id)) !== 'draft') {
			return fail(409, {
				action: 'minutes' as const,
				id,
				message: 'These minutes are agreed: their meeting cannot change.',
				values: meeting.values
			});
		}
		const marked = await snapshot.setMinutes(db, board.id, id, meeting.value!, user.id);
		if (!marked) error(404, 'Not found');
		return { action: 'minutes' as const, success: 'Marked as the record of the meeting.' };
	},

	restore: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board } = await requireBoard(user.id, params.id, 'restoreSnapshot');
		// Archived boards are read-only for everyone, the server included.
		if (board.archivedAt !== null)
			return fail(400, { action: 'restore' as const, message: 'This board is archived. Restore the board from its settings first.' });
		const result = await versions.restore(getContext(), board.id, snapshotId(await request.formData()), user.id);
		if (!result) error(404, 'Not found');
		await boardEvents.announce(board.id, {
			kind: 'restored',
			text: `${user.displayName} restored the version “${result.restored.title}”`,
			by: { id: user.id, name: user.displayName },
			data: { snapshot: result.restored.id }
		});
		return {
			action: 'restore' as const,
			success: `Restored “${result.restored.title}”. Everyone on the board now sees it.`,
			undo: { id: result.checkpoint.id, title: result.checkpoint.title }
		};
	},

	delete: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board } = await requireBoard(user.id, params.id, 'deleteSnapshot');
		const id = snapshotId(await request.formData());
		const { db } = getContext().database;
		if (signoff.status(await signoff.get(db, board.id, id)) !== 'draft') {
			return fail(409, { action: 'delete' as const, message: 'Agreed minutes are the record of the meeting and cannot be deleted.' });
		}
		const removed = await snapshot.remove(db, board.id, id, user.id);
		if (!removed) error(404, 'Not found');
		return { action: 'delete' as const, success: 'Version deleted. The history records that it existed and who deleted it.' };
	}
};
