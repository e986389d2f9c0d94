import { error, fail, redirect } from '@sveltejs/kit';
import * as Y from 'yjs';
import * as init from '$lib/board/init';
import { getContext } from '$lib/server/context';
import { requireUser, requireUserForAction } from '$lib/server/guard';
import * as board from '$lib/server/board';
import type { Actions, PageServerLoad } from './$types';

const TEMPLATES = ['shadow-trust', 'blank'] as const;
type Template = (typeof TEMPLATES)[number];

function isTemplate(value: unknown): value is Template {
	return typeof value === 'string' && (TEMPLATES as readonly string[]).includes(value);
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	if (!user.isAdmin) error(403, 'Only the administrator of this trustboard can create boards.');
	return { titleMax: board.TITLE_MAX };
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireUserForAction(locals);
		if (!user.isAdmin) error(403, 'Only the administrator of this trustboard can create boards.');
		const form = await request.formData();
		const title = board.normaliseTitle(form.get('title'));
		const template = form.get('template');
		const values = { title: title.slice(0, board.TITLE_MAX * 2), template: isTemplate(template) ? template : 'shadow-trust' };

		const titleError = board.validateTitle(title);
		if (titleError || !isTemplate(template)) {
			return fail(400, {
				message: 'Check the highlighted fields.',
				errors: { title: titleError, template: isTemplate(template) ? null : 'Choose how to start the board.' },
				values
			});
		}

		const doc = new Y.Doc();
		init.initBoard(doc, { title, template });
		const created = await board.create(getContext().database.db, {
			title,
			createdBy: user.id,
			initialUpdate: Y.encodeStateAsUpdate(doc)
		});
		doc.destroy();
		redirect(303, `/boards/${created.id}`);
	}
};
