import { error, redirect } from '@sveltejs/kit';
import * as organisation from '$lib/server/organisation-sign-in';
import type { RequestHandler } from './$types';

/** Where the organisation sends the browser back; every check happens in organisation-sign-in. */
export const GET: RequestHandler = async (event) => {
	const chosen = organisation.provider(event.params.provider);
	if (!chosen) error(404, 'Not found');
	const outcome = await organisation.finish(event, chosen);
	if (!outcome.ok) error(403, outcome.message);
	redirect(303, outcome.location);
};
