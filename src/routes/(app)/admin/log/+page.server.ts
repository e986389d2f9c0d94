import { getContext } from '$lib/server/context';
import { requireAdmin } from '$lib/server/guard';
import * as securityLog from '$lib/server/security-log';
import type { PageServerLoad } from './$types';

const PAGE = 100;

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const before = Number(url.searchParams.get('before'));
	const entries = await securityLog.read(getContext().database.db, {
		limit: PAGE,
		before: Number.isSafeInteger(before) && before > 0 ? before : undefined
	});
	return { entries, older: entries.length === PAGE ? entries[entries.length - 1]?.id : null };
};
