import { fail } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { requireUser, requireUserForAction } from '$lib/server/guard';
import * as password from '$lib/server/password';
import * as session from '$lib/server/session';
import * as throttle from '$lib/server/throttle';
import * as twoFactor from '$lib/server/two-factor';
import * as audit from '$lib/server/audit';
import * as user from '$lib/server/user';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const me = requireUser(locals, url);
	const { db } = getContext().database;
	return {
		account: {
			username: me.username,
			displayName: me.displayName,
			isAdmin: me.isAdmin,
			twoFactor: await twoFactor.isEnabled(db, me.id),
			hasPassword: await user.hasPassword(db, me.id)
		}
	};
};

export const actions: Actions = {
	rename: async ({ locals, request }) => {
		const me = requireUserForAction(locals);
		const displayName = user.normaliseDisplayName((await request.formData()).get('displayName'));
		if (!displayName) {
			return fail(400, { action: 'rename' as const, message: 'Enter the name other members see.', values: { displayName } });
		}
		const nameError = user.validateDisplayName(displayName);
		if (nameError) {
			return fail(400, {
				action: 'rename' as const,
				message: nameError,
				values: { displayName: displayName.slice(0, user.DISPLAY_NAME_MAX) }
			});
		}
		await user.rename(getContext().database.db, me.id, displayName);
		return { action: 'rename' as const, values: { displayName }, success: 'Your name is updated. Boards you open from now on show it.' };
	},

	password: async ({ locals, request, getClientAddress }) => {
		const me = requireUserForAction(locals);
		const form = await request.formData();
		const current = form.get('currentPassword');
		const next = form.get('newPassword');

		const nextError = password.validate(next);
		if (typeof current !== 'string' || current === '' || nextError) {
			return fail(400, {
				action: 'password' as const,
				message: 'Check the highlighted fields.',
				errors: { currentPassword: typeof current === 'string' && current ? null : 'Enter your current password.', newPassword: nextError }
			});
		}

		const { database } = getContext();
		// A stolen session must not be able to guess the password either.
		const subject = { account: me.username, address: getClientAddress() };
		const verdict = await throttle.begin(database.db, subject);
		if (!verdict.ok) {
			return fail(429, {
				action: 'password' as const,
				message: `Too many attempts. Wait ${throttle.describeWait(verdict.retryAfterMs)}, then try again.`,
				errors: { currentPassword: null, newPassword: null }
			});
		}
		const verified = current.length <= password.MAX_LENGTH && (await user.authenticate(database.db, me.username, current));
		if (!verified) {
			return fail(400, {
				action: 'password' as const,
				message: 'Check the highlighted fields.',
				errors: { currentPassword: 'That is not your current password.', newPassword: null }
			});
		}
		await throttle.succeeded(database.db, subject);

		await user.changePassword(database.db, me.id, next as string);
		// Every other sign-in ends, including open boards elsewhere; this browser stays signed in.
		await session.invalidateAllForUser(database.db, me.id, locals.sessionId ?? undefined);
		await audit.record(database.db, { boardId: null, userId: me.id, type: 'account.password_changed' });
		return { action: 'password' as const, success: 'Your password is changed. You are signed out everywhere else.' };
	}
};
