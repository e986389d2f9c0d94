import { fail } from '@sveltejs/kit';
import * as account from '$lib/server/account';
import { getContext } from '$lib/server/context';
import { requireAdmin, requireAdminForAction } from '$lib/server/guard';
import { isId } from '$lib/server/ids';
import * as organisation from '$lib/server/organisation-sign-in';
import * as twoFactor from '$lib/server/two-factor';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const me = requireAdmin(locals, url);
	const { db } = getContext().database;
	return {
		me: me.id,
		accounts: await account.list(db),
		requireTwoFactor: await twoFactor.requiredForPrivileged(db),
		canLink: organisation.buttons().length > 0
	};
};

/** The account an action names: another person's, never the administrator's own (no locking oneself out). */
async function target(locals: App.Locals, request: Request) {
	const me = requireAdminForAction(locals);
	const userId = (await request.formData()).get('userId');
	if (typeof userId !== 'string' || !isId(userId)) return { me, failure: fail(400, { message: 'Choose an account.' }) };
	if (userId === me.id) return { me, failure: fail(400, { message: 'You cannot do that to your own account.' }) };
	const known = await getContext()
		.database.db.selectFrom('users')
		.select(['id', 'display_name'])
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!known) return { me, failure: fail(404, { message: 'That account does not exist.' }) };
	return { me, userId, name: known.display_name };
}

export const actions: Actions = {
	deactivate: async ({ locals, request }) => {
		const found = await target(locals, request);
		if (!found.userId) return found.failure;
		// Ends every session of the account: open boards close at once, not at the next reconnect.
		await account.deactivate(getContext().database.db, found.userId, found.me.id);
		return { success: `${found.name} is deactivated and signed out everywhere.` };
	},

	reactivate: async ({ locals, request }) => {
		const found = await target(locals, request);
		if (!found.userId) return found.failure;
		await account.reactivate(getContext().database.db, found.userId, found.me.id);
		return { success: `${found.name} can sign in again.` };
	},

	resetLink: async ({ locals, request, url }) => {
		const found = await target(locals, request);
		if (!found.userId) return found.failure;
		const token = await account.createLink(getContext().database.db, found.userId, 'reset', found.me.id);
		return { link: { name: found.name, kind: 'reset' as const, url: `${url.origin}/reset/${token}` } };
	},

	orgLink: async ({ locals, request, url }) => {
		const found = await target(locals, request);
		if (!found.userId) return found.failure;
		const token = await account.createLink(getContext().database.db, found.userId, 'link', found.me.id);
		return { link: { name: found.name, kind: 'link' as const, url: `${url.origin}/link/${token}` } };
	},

	resetTwoFactor: async ({ locals, request }) => {
		const found = await target(locals, request);
		if (!found.userId) return found.failure;
		await twoFactor.disable(getContext().database.db, found.userId, found.me.id);
		return { success: `Two-factor sign-in is off for ${found.name}. If it is required, they set it up again at their next sign-in.` };
	},

	policy: async ({ locals, request }) => {
		const me = requireAdminForAction(locals);
		const value = (await request.formData()).get('requireTwoFactor');
		if (value !== 'on' && value !== 'off') return fail(400, { message: 'Choose whether two-factor is required.' });
		await twoFactor.setRequiredForPrivileged(getContext().database.db, value === 'on', me.id);
		return {
			success:
				value === 'on'
					? 'Administrators and chairs now need two-factor sign-in; those without it set it up at their next sign-in.'
					: 'Two-factor sign-in is no longer required.'
		};
	}
};
