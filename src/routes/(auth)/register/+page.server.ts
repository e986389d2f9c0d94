import { error, fail, redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import * as invite from '$lib/server/invite';
import * as password from '$lib/server/password';
import * as sessionCookie from '$lib/server/session-cookie';
import * as user from '$lib/server/user';
import type { Actions, PageServerLoad } from './$types';

/** Who may register: the very first person (who becomes admin), anyone with a usable invite, or all when signup is open. */
async function gate(inviteToken: string | null) {
	const { config, database } = getContext();
	const usable = inviteToken ? await invite.findUsable(database.db, inviteToken) : null;
	const first = (await user.count(database.db)) === 0;
	return { invite: usable, first, open: first || config.allowSignup || usable !== null };
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const token = url.searchParams.get('invite');
	if (locals.user) redirect(303, token ? `/invite/${encodeURIComponent(token)}` : '/');
	const { invite: usable, first, open } = await gate(token);
	return {
		open,
		first,
		inviteToken: usable ? token : null,
		inviteExpired: token !== null && usable === null,
		invite: usable && { boardTitle: usable.boardTitle, role: usable.role }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, locals } = event;
		if (locals.user) redirect(303, '/');
		const form = await request.formData();
		const inviteToken = typeof form.get('invite') === 'string' ? String(form.get('invite')) : null;
		const { invite: usable, open } = await gate(inviteToken || null);
		if (!open) error(403, 'Accounts on this instance are created through a board invitation.');

		const username = user.normaliseUsername(form.get('username'));
		const displayName = user.normaliseDisplayName(form.get('displayName'));
		const plain = form.get('password');
		const values = { username: username.slice(0, 64), displayName: displayName.slice(0, user.DISPLAY_NAME_MAX) };

		const errors = {
			displayName: user.validateDisplayName(displayName),
			username: user.validateUsername(username),
			password: password.validate(plain)
		};
		if (errors.displayName || errors.username || errors.password) {
			return fail(400, { message: 'Check the highlighted fields.', errors, values });
		}

		const { db } = getContext().database;
		const created = await user.create(db, { username, displayName, password: plain as string });
		if (!created.ok) {
			return fail(400, {
				message: 'Check the highlighted fields.',
				errors: { displayName: null, username: 'That username is taken. Choose another.', password: null },
				values
			});
		}

		await sessionCookie.start(cookies, locals.sessionId, created.user.id, sessionCookie.deviceOf(event));
		// A single-use link taken by someone else meanwhile: the account stays, without the board.
		if (usable && (await invite.accept(db, usable, created.user.id))) redirect(303, `/boards/${usable.boardId}`);
		redirect(303, '/');
	}
};
