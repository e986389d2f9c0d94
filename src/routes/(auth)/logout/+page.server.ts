import { redirect } from '@sveltejs/kit';
import * as sessionCookie from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

// GET only shows a button: following a link (or a prefetch) must never sign anyone out.
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return { name: locals.user.displayName };
};

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		const { sessionId } = locals;
		// Ending the session closes the boards it has open in other tabs at once; other devices stay signed in.
		await sessionCookie.end(cookies, sessionId);
		redirect(303, '/login?signedOut');
	}
};
