import { fail } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { requireUser, requireUserForAction } from '$lib/server/guard';
import { qrPath } from '$lib/server/qr';
import * as throttle from '$lib/server/throttle';
import * as twoFactor from '$lib/server/two-factor';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const me = requireUser(locals, url);
	const { db } = getContext().database;
	const enabled = await twoFactor.isEnabled(db, me.id);
	// A key offered for enrolment travels in the form: it becomes the user's only once they prove it with a code.
	const key = enabled ? null : twoFactor.generateKey();
	return {
		enabled,
		required: await twoFactor.isRequiredFor(db, me.id),
		recoveryCodesLeft: enabled ? await twoFactor.recoveryCodesLeft(db, me.id) : 0,
		enrol: key && { key, qr: qrPath(twoFactor.keyUri(me.username, key)) }
	};
};

type Action = 'enable' | 'disable' | 'renew';

/** Every change needs a current code, counted like a password guess, so a borrowed session cannot change it. */
async function checkCode(userId: string, address: string, entered: FormDataEntryValue | null, action: Action, key?: string) {
	const { db } = getContext().database;
	const code = twoFactor.normaliseCode(entered);
	if (!code) return { failure: fail(400, { action, message: 'Enter the code from your authenticator app.' }) };
	const subject = { account: `2fa:${userId}`, address };
	const verdict = await throttle.begin(db, subject);
	if (!verdict.ok)
		return {
			failure: fail(429, { action, message: `Too many attempts. Wait ${throttle.describeWait(verdict.retryAfterMs)}, then try again.` })
		};
	let step: number | null = null;
	if (key) step = twoFactor.matchStep(key, code);
	const ok = key ? step !== null : (await twoFactor.verify(db, userId, code)) === 'ok';
	if (!ok) return { failure: fail(400, { action, message: 'That code is not right, or has been used already. Try the next one.' }) };
	await throttle.succeeded(db, subject);
	return { step };
}

export const actions: Actions = {
	enable: async ({ locals, request, getClientAddress }) => {
		const me = requireUserForAction(locals);
		const form = await request.formData();
		const key = String(form.get('key') ?? '');
		if (!/^[A-Z2-7]{32}$/.test(key))
			return fail(400, { action: 'enable' as const, message: 'Scan the code again: the page was out of date.' });
		const { db } = getContext().database;
		if (await twoFactor.isEnabled(db, me.id)) return fail(409, { action: 'enable' as const, message: 'Two-factor sign-in is already on.' });
		const checked = await checkCode(me.id, getClientAddress(), form.get('code'), 'enable', key);
		if ('failure' in checked) return checked.failure;
		const recoveryCodes = await twoFactor.enable(db, me.id, key, checked.step as number);
		return { action: 'enable' as const, recoveryCodes };
	},

	renew: async ({ locals, request, getClientAddress }) => {
		const me = requireUserForAction(locals);
		const checked = await checkCode(me.id, getClientAddress(), (await request.formData()).get('code'), 'renew');
		if ('failure' in checked) return checked.failure;
		return { action: 'renew' as const, recoveryCodes: await twoFactor.renewRecoveryCodes(getContext().database.db, me.id) };
	},

	disable: async ({ locals, request, getClientAddress }) => {
		const me = requireUserForAction(locals);
		const { db } = getContext().database;
		if (await twoFactor.isRequiredFor(db, me.id)) {
			return fail(403, {
				action: 'disable' as const,
				message: 'This trustboard requires two-factor sign-in for administrators and chairs.'
			});
		}
		const checked = await checkCode(me.id, getClientAddress(), (await request.formData()).get('code'), 'disable');
		if ('failure' in checked) return checked.failure;
		await twoFactor.disable(db, me.id, me.id);
		return { action: 'disable' as const, success: 'Two-factor sign-in is off.' };
	}
};
