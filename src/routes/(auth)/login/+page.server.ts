import { fail, redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { safeRedirect } from '$lib/server/redirect';
import * as password from '$lib/server/password';
import * as sessionCookie from '$lib/server/session-cookie';
import * as throttle from '$lib/server/throttle';
import * as user from '$lib/server/user';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, redirectTo);
	const { config, database } = getContext();
	const users = await user.count(database.db);
	// A fresh instance has no one to sign in as: the first visitor sets up the admin account.
	if (users === 0) redirect(303, '/register');
	return { redirectTo, canRegister: config.allowSignup };
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, getClientAddress }) => {
		const form = await request.formData();
		const username = user.normaliseUsername(form.get('username'));
		const plain = form.get('password');
		const redirectTo = safeRedirect(String(form.get('redirectTo') ?? ''));
		const values = { username: username.slice(0, 64), redirectTo };

		if (!username || typeof plain !== 'string' || plain === '') {
			return fail(400, { message: 'Enter your username and password.', values });
		}

		const { db } = getContext().database;
		const subject = { account: username.slice(0, 64), address: getClientAddress() };
		const verdict = await throttle.begin(db, subject);
		if (!verdict.ok) {
			return fail(429, {
				message: `Too many sign-in attempts. Wait ${throttle.describeWait(verdict.retryAfterMs)}, then try again.`,
				values
			});
		}

		const found = plain.length <= password.MAX_LENGTH ? await user.authenticate(db, username, plain) : null;
		if (!found) return fail(400, { message: 'The username or password is not right.', values });

		await throttle.succeeded(db, subject);
		await sessionCookie.start(cookies, locals.sessionId, found.id);
		redirect(303, redirectTo);
	}
};
