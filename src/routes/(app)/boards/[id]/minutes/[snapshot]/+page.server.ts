import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/roles';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser, requireUserForAction } from '$lib/server/guard';
import { isId } from '$lib/server/ids';
import * as signoff from '$lib/server/signoff';
import { loadMinutes } from './minutes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board, role } = await requireBoard(user.id, params.id);
	const { version, meta, members, previous, history, signOff, record, together, agenda } = await loadMinutes(board.id, params.snapshot);
	return {
		board: { id: board.id, title: board.title },
		snapshot: {
			id: meta.id,
			title: meta.title,
			note: meta.note,
			meeting: meta.meeting,
			createdAt: meta.createdAt,
			createdByName: meta.createdByName
		},
		view: version.view,
		members,
		history,
		together,
		previous: previous && {
			id: previous.meta.id,
			title: previous.meta.title,
			meeting: previous.meta.meeting,
			createdAt: previous.meta.createdAt,
			diff: previous.diff,
			attribution: previous.attribution
		},
		signOff: signOff && { ...signOff, quorumText: signoff.quorumText(signOff) },
		stamp: signoff.stampOf(signOff),
		canSignOff: can(role, 'signOff'),
		record,
		agenda,
		limits: { names: signoff.NAMES_MAX, name: signoff.NAME_MAX }
	};
};

function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

function snapshotId(value: string): string {
	if (!isId(value)) error(404, 'Not found');
	return value;
}

export const actions: Actions = {
	agree: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board } = await requireBoard(user.id, params.id, 'signOff');
		const id = snapshotId(params.snapshot);
		const form = await request.formData();
		const values = {
			attendees: field(form, 'attendees'),
			apologies: field(form, 'apologies'),
			membersPresent: field(form, 'membersPresent'),
			quorum: field(form, 'quorum')
		};
		const read = signoff.readAgreeForm(values);
		if (!read.ok) return fail(400, { action: 'agree' as const, message: read.message, values });
		const result = await signoff.agree(getContext().database.db, board.id, id, user.id, read.value);
		if (result === 'not-found') error(404, 'Not found');
		if (result === 'already')
			return fail(409, {
				action: 'agree' as const,
				message: 'These minutes were already agreed; the record is as first signed off.',
				values
			});
		return { action: 'agree' as const, success: 'Minutes agreed. Every paper of this version is now stamped AGREED.' };
	},

	publish: async ({ locals, params }) => {
		const user = requireUserForAction(locals);
		const { board } = await requireBoard(user.id, params.id, 'signOff');
		const result = await signoff.publish(getContext().database.db, board.id, snapshotId(params.snapshot), user.id);
		if (result === 'not-agreed') return fail(409, { action: 'publish' as const, message: 'Agree the minutes before publishing them.' });
		if (result === 'already') return fail(409, { action: 'publish' as const, message: 'These minutes are already published.' });
		return { action: 'publish' as const, success: 'Minutes published.' };
	}
};
