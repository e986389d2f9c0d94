import { getContext } from '$lib/server/context';
import * as notifications from '$lib/server/notifications';
import type { LayoutServerLoad } from './$types';

/** For the header only: pages do their own checks, because this load does not re-run on client navigation. */
export const load: LayoutServerLoad = async ({ locals, depends }) => {
	// A page that hears of a new mention, or marks one read, invalidates this to refresh the count.
	depends('app:notifications');
	const unread = locals.user ? await notifications.unreadCount(getContext().database.db, locals.user.id) : 0;
	return {
		me: locals.user && { displayName: locals.user.displayName, username: locals.user.username, isAdmin: locals.user.isAdmin },
		unread
	};
};
