import { getContext } from '$lib/server/context';
import { listRounds, openRound } from '$lib/server/rounds-api';
import { requireCaller } from '$lib/server/rounds-caller';
import type { RequestHandler } from './$types';

/** Scoring rounds of a board: members list them (their own private scores only); the chair opens one. */
export const GET: RequestHandler = async ({ locals, params }) => {
	return listRounds(getContext(), await requireCaller(locals, params.id));
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	return openRound(getContext(), await requireCaller(locals, params.id), request);
};
