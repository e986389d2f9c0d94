import { error } from '@sveltejs/kit';
import * as account from '$lib/server/account';
import { getContext } from '$lib/server/context';
import * as organisation from '$lib/server/organisation-sign-in';
import type { PageServerLoad } from './$types';

/** An administrator's one-time link: signing in with the organisation here links that identity to the account. */
export const load: PageServerLoad = async ({ params }) => {
	const owner = await account.findLink(getContext().database.db, params.token, 'link');
	const providers = organisation.buttons();
	if (!owner || providers.length === 0)
		error(404, 'This link cannot be used. It may have expired or been used already: ask an administrator for a new one.');
	return { token: params.token, displayName: owner.displayName, username: owner.username, providers };
};
