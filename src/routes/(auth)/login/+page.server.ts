import { fail, redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { safeRedirect } from '$lib/server/redirect';
import * as account from '$lib/server/account';
import * as organisation from '$lib/server/organisation-sign-in';
import * as password from '$lib/server/password';
import * as signIn from '$lib/server/sign-in';
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
	return { redirectTo, canRegister: config.allowSignup, providers: organisation.buttons() };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, getClientAddress } = event;
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
		if (!found) {
			await signIn.recordFailure(null, 'password', { username: subject.account, reason: 'wrong username or password' }, subject.address);
			return fail(400, { message: 'The username or password is not right.', values });
		}

		await throttle.succeeded(db, subject);
		// Said only after the right password, so it reveals nothing to someone guessing.
		if (await account.isDeactivated(db, found.id)) {
			await signIn.recordFailure(found.id, 'password', { reason: 'account deactivated' }, subject.address);
			return fail(403, { message: 'This account has been deactivated. Ask an administrator of this trustboard.', values });
		}
		redirect(303, await signIn.afterFirstFactor(event, found.id, 'password', redirectTo));
	}
};
