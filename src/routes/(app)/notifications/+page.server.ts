import { fail } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { requireUser, requireUserForAction } from '$lib/server/guard';
import * as notifications from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('app:notifications');
	const user = requireUser(locals, url);
	return { notifications: await notifications.list(getContext().database.db, user.id) };
};

export const actions: Actions = {
	/** Marks one notification read (`id`), or all of mine with `id=all`. */
	read: async ({ locals, request }) => {
		const user = requireUserForAction(locals);
		const id = (await request.formData()).get('id');
		if (typeof id !== 'string' || id.length > 64) return fail(400, { message: 'Which notification?' });
		await notifications.markRead(getContext().database.db, user.id, id);
		return { success: true };
	}
};
