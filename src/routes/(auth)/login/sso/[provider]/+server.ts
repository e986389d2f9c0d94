import { error, redirect } from '@sveltejs/kit';
import { safeRedirect } from '$lib/server/redirect';
import * as organisation from '$lib/server/organisation-sign-in';
import type { RequestHandler } from './$types';

const TOKEN = /^[a-z2-7]{32}$/;

/** Starts an organisation sign-in: a GET link, since it only sends the browser to the organisation. */
export const GET: RequestHandler = async (event) => {
	const chosen = organisation.provider(event.params.provider);
	if (!chosen) error(404, 'Not found');
	const query = event.url.searchParams;
	const pick = (name: string) => {
		const value = query.get(name);
		return value && TOKEN.test(value) ? value : null;
	};
	const intent = { redirectTo: safeRedirect(query.get('redirectTo')), invite: pick('invite'), link: pick('link') };
	if (event.locals.user && !intent.link) redirect(303, intent.invite ? `/invite/${intent.invite}` : intent.redirectTo);
	let target: URL;
	try {
		target = await organisation.begin(event, chosen, intent);
	} catch {
		error(503, `${chosen.label} cannot be reached just now. Try again in a minute, or sign in with your password.`);
	}
	redirect(302, target.href);
};
