import { error, redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { requireUserForAction } from '$lib/server/guard';
import * as invite from '$lib/server/invite';
import * as membership from '$lib/server/membership';
import * as organisation from '$lib/server/organisation-sign-in';
import type { Actions, PageServerLoad } from './$types';

const UNUSABLE =
	'This invitation cannot be used. It may have expired, been used already or been revoked: ask the board’s chair for a new link.';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { db } = getContext().database;
	const usable = await invite.findUsable(db, params.token);
	if (!usable) error(404, UNUSABLE);
	const currentRole = locals.user ? await membership.getRole(db, usable.boardId, locals.user.id) : null;
	return {
		token: params.token,
		boardTitle: usable.boardTitle,
		role: usable.role,
		currentRole,
		expiresAt: usable.expiresAt,
		user: locals.user && { displayName: locals.user.displayName, username: locals.user.username },
		providers: organisation.buttons()
	};
};

export const actions: Actions = {
	accept: async ({ locals, params }) => {
		const user = requireUserForAction(locals);
		const { db } = getContext().database;
		const usable = await invite.findUsable(db, params.token);
		if (!usable) error(404, UNUSABLE);
		// An existing member may be upgraded: membership.add tells their open connections.
		if (!(await invite.accept(db, usable, user.id))) error(404, UNUSABLE);
		redirect(303, `/boards/${usable.boardId}`);
	}
};
