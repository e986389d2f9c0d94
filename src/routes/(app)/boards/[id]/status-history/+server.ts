import { json } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as statusHistory from '$lib/server/status-history';
import type { RequestHandler } from './$types';

/** Every model's status timeline on the live board (who, when, why), for the side panel. Members only. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const entries = await statusHistory.load(getContext(), board.id);
	return json({ entries }, { headers: { 'cache-control': 'no-store' } });
};
