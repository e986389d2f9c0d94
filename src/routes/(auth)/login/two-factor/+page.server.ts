import { fail, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/account';
import { getContext } from '$lib/server/context';
import { qrPath } from '$lib/server/qr';
import * as signIn from '$lib/server/sign-in';
import * as throttle from '$lib/server/throttle';
import * as twoFactor from '$lib/server/two-factor';
import * as user from '$lib/server/user';
import type { Actions, PageServerLoad } from './$types';

const EXPIRED = '/login?expired';

export const load: PageServerLoad = async ({ cookies, request }) => {
	const challenge = await signIn.findChallenge(cookies);
	// After a successful enrolment the action has used up the challenge and shows the recovery codes itself; a
	// POST without a challenge never reaches this load (the action redirects first).
	if (!challenge && request.method === 'POST') return { username: '', enrol: null };
	if (!challenge) redirect(303, EXPIRED);
	const owner = await user.getById(getContext().database.db, challenge.userId);
	if (!owner) redirect(303, EXPIRED);
	const enrol = challenge.enrolKey && {
		key: challenge.enrolKey,
		qr: qrPath(twoFactor.keyUri(owner.username, challenge.enrolKey))
	};
	return { username: owner.username, enrol };
};

export const actions: Actions = {
	default: async (event) => {
		const challenge = await signIn.findChallenge(event.cookies);
		if (!challenge) redirect(303, EXPIRED);
		const { db } = getContext().database;
		// Deactivated between the password and the code: the sign-in ends here.
		if (await account.isDeactivated(db, challenge.userId)) {
			await signIn.consumeChallenge(event.cookies, challenge);
			redirect(303, EXPIRED);
		}
		const entered = String((await event.request.formData()).get('code') ?? '').slice(0, 64);
		const code = twoFactor.normaliseCode(entered);
		if (!code) return fail(400, { message: 'Enter the code from your authenticator app.' });

		// Counted like password guesses, per account and address, so six digits cannot be walked through.
		const subject = { account: `2fa:${challenge.userId}`, address: event.getClientAddress() };
		const verdict = await throttle.begin(db, subject);
		if (!verdict.ok)
			return fail(429, { message: `Too many attempts. Wait ${throttle.describeWait(verdict.retryAfterMs)}, then try again.` });

		if (challenge.enrolKey) {
			const step = twoFactor.matchStep(challenge.enrolKey, code);
			if (step === null)
				return fail(400, { message: 'That code is not right. Check the time on your phone is set automatically, then try the next code.' });
			await throttle.succeeded(db, subject);
			if (!(await signIn.consumeChallenge(event.cookies, challenge))) redirect(303, EXPIRED);
			const recoveryCodes = await twoFactor.enable(db, challenge.userId, challenge.enrolKey, step);
			await signIn.startSession(event, challenge.userId, challenge.method);
			return { recoveryCodes, continueTo: challenge.redirectTo };
		}

		const result = twoFactor.looksLikeRecoveryCode(entered)
			? (await twoFactor.useRecoveryCode(db, challenge.userId, entered))
				? 'ok'
				: 'wrong'
			: await twoFactor.verify(db, challenge.userId, code);
		if (result !== 'ok') {
			const reason = result === 'replayed' ? 'code already used' : 'wrong code';
			await signIn.recordFailure(challenge.userId, challenge.method, { reason }, subject.address, 'auth.second_factor_failed');
			return fail(400, {
				message:
					result === 'replayed' ? 'That code has already been used. Wait for the next one.' : 'That code is not right. Try the current one.'
			});
		}
		await throttle.succeeded(db, subject);
		if (!(await signIn.consumeChallenge(event.cookies, challenge))) redirect(303, EXPIRED);
		await signIn.startSession(event, challenge.userId, challenge.method);
		redirect(303, challenge.redirectTo);
	}
};
