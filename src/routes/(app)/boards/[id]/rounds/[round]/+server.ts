import { error } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { isId } from '$lib/server/ids';
import { actOnRound } from '$lib/server/rounds-api';
import { requireCaller } from '$lib/server/rounds-caller';
import type { RequestHandler } from './$types';

/** One round: score, finish, close, reveal or agree (the action is in the JSON body). */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const caller = await requireCaller(locals, params.id);
	if (!isId(params.round)) error(404, 'Not found');
	return actOnRound(getContext(), caller, params.round, request);
};
