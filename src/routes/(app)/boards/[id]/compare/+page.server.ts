import { requireBoard, requireUser } from '$lib/server/guard';
import { LIVE } from '$lib/server/versions';
import { choices, load as compare } from './comparison';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const options = await choices(board.id);
	// Without a choice: the latest named snapshot against now, the usual question after a workshop.
	const fromRef = url.searchParams.get('from') ?? (options.find((v) => v.kind === 'named') ?? options[0])?.id ?? null;
	const toRef = url.searchParams.get('to') ?? LIVE;
	const base = { board: { id: board.id, title: board.title }, options, from: fromRef, to: toRef };
	if (fromRef === null) return { ...base, result: null };
	const { from, to, diff, attribution } = await compare(board.id, fromRef, toRef);
	const side = (v: typeof from) =>
		v.meta ? { title: v.meta.title, createdAt: v.meta.createdAt, createdByName: v.meta.createdByName } : null;
	return { ...base, result: { fromVersion: side(from), toVersion: side(to), diff, attribution } };
};
