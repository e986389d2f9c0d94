import { error, fail, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/account';
import { getContext } from '$lib/server/context';
import * as password from '$lib/server/password';
import type { Actions, PageServerLoad } from './$types';

const UNUSABLE = 'This reset link cannot be used. It may have expired or been used already: ask an administrator for a new one.';

export const load: PageServerLoad = async ({ params }) => {
	const owner = await account.findLink(getContext().database.db, params.token, 'reset');
	if (!owner) error(404, UNUSABLE);
	return { username: owner.username, displayName: owner.displayName };
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const plain = (await request.formData()).get('newPassword');
		const problem = password.validate(plain);
		if (problem) return fail(400, { message: problem });
		const { database } = getContext();
		const owner = await account.resetPassword(database.db, params.token, plain as string);
		if (!owner) error(404, UNUSABLE);
		redirect(303, '/login?reset');
	}
};
