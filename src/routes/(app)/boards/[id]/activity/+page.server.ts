import { error } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as history from '$lib/server/history';
import * as membership from '$lib/server/membership';
import * as versions from '$lib/server/versions';
import type { PageServerLoad } from './$types';

/** The board's recent changes, newest first; `?before=<seq>` for older pages. Members only. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const before = url.searchParams.get('before');
	if (before !== null && !/^[1-9][0-9]{0,14}$/.test(before)) error(400, 'The page to show is not one this list gave.');
	const context = getContext();
	const { db } = context.database;
	const members = versions.membersOf(await membership.list(db, board.id));
	const result = await history.activity(
		{ store: context.docs, db, boardId: board.id, members },
		before === null ? undefined : Number(before)
	);
	if (!result.ok) error(413, result.message);
	return { board: { id: board.id, title: board.title }, page: result.page, isFirstPage: before === null };
};
