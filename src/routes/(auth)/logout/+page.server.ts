import { redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import * as session from '$lib/server/session';
import * as sessionCookie from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

// GET only shows a button: following a link (or a prefetch) must never sign anyone out.
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return { name: locals.user.displayName };
};

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		const { user, sessionId } = locals;
		await sessionCookie.end(cookies, sessionId);
		// CollabControl can only end all of a user's connections but one session's, so it is exact only when this
		// was the user's last session; otherwise other devices would be cut off. Open boards in this browser
		// close when it navigates here.
		const { collab, database } = getContext();
		if (user && (await session.countForUser(database.db, user.id)) === 0) await collab.sessionsEnded(user.id);
		redirect(303, '/login?signedOut');
	}
};
