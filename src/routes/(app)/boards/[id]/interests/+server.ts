import { getContext } from '$lib/server/context';
import { changeInterests, listInterests } from '$lib/server/rounds-api';
import { requireCaller } from '$lib/server/rounds-caller';
import type { RequestHandler } from './$types';

/** The register of declared interests: every member reads it and declares their own; the chair records outcomes. */
export const GET: RequestHandler = async ({ locals, params }) => {
	return listInterests(getContext(), await requireCaller(locals, params.id));
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	return changeInterests(getContext(), await requireCaller(locals, params.id), request);
};
