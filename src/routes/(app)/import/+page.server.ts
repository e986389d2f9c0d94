import { error, fail, redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { IMPORT_MAX_BYTES, importBoard } from '$lib/server/export/import';
import { requireUser, requireUserForAction } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const ADMIN_ONLY = 'Only the administrator of this trustboard can create boards.';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	if (!user.isAdmin) error(403, ADMIN_ONLY);
	return { maxMegabytes: IMPORT_MAX_BYTES / 1024 / 1024 };
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		// The body is read (within BODY_SIZE_LIMIT) before a refusal: answered mid-upload, a browser sees the
		// connection reset instead of the reason.
		const form = await request.formData();
		const user = requireUserForAction(locals);
		if (!user.isAdmin) error(403, ADMIN_ONLY);
		const file = form.get('file');
		if (!(file instanceof File)) return fail(400, { message: 'Choose a board file (.json) to import.' });
		const result = await importBoard(getContext().database.db, user.id, file);
		if (!result.ok) return fail(400, { message: result.message });
		redirect(303, `/boards/${result.board.id}`);
	}
};
