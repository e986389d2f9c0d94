import { fail } from '@sveltejs/kit';
import * as audit from '$lib/server/audit';
import { getContext } from '$lib/server/context';
import { requireUser, requireUserForAction } from '$lib/server/guard';
import * as session from '$lib/server/session';
import { describeDevice } from '$lib/device';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const me = requireUser(locals, url);
	const sessions = await session.listForUser(getContext().database.db, me.id);
	return {
		sessions: sessions.map((s) => ({
			id: s.id,
			device: describeDevice(s.userAgent),
			address: s.address,
			createdAt: s.createdAt,
			lastSeenAt: s.lastSeenAt,
			current: s.id === locals.sessionId
		}))
	};
};

export const actions: Actions = {
	end: async ({ locals, request }) => {
		const me = requireUserForAction(locals);
		const sessionId = (await request.formData()).get('sessionId');
		if (typeof sessionId !== 'string' || !/^[0-9a-f]{64}$/.test(sessionId)) {
			return fail(400, { message: 'Choose a session to sign out.' });
		}
		const { database } = getContext();
		// Only one of the user's own sessions: another user's id matches nothing and changes nothing.
		if (!(await session.invalidateForUser(database.db, me.id, sessionId))) {
			return fail(404, { message: 'That session has already ended.' });
		}
		await audit.record(database.db, { boardId: null, userId: me.id, type: 'account.sessions_ended', detail: { which: 'one' } });
		return { success: 'That device is signed out. Boards open on it stop receiving edits now.' };
	},

	endOthers: async ({ locals }) => {
		const me = requireUserForAction(locals);
		const { database } = getContext();
		const keep = locals.sessionId ?? undefined;
		await session.invalidateAllForUser(database.db, me.id, keep);
		await audit.record(database.db, { boardId: null, userId: me.id, type: 'account.sessions_ended', detail: { which: 'all others' } });
		return { success: 'Every other device is signed out.' };
	}
};
