import type { LayoutServerLoad } from './$types';

/** For the header only: pages do their own checks, because this load does not re-run on client navigation. */
export const load: LayoutServerLoad = async ({ locals }) => {
	return { me: locals.user && { displayName: locals.user.displayName, username: locals.user.username, isAdmin: locals.user.isAdmin } };
};
