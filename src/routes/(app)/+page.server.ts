import { getContext } from '$lib/server/context';
import { requireUser } from '$lib/server/guard';
import * as board from '$lib/server/board';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const showArchived = url.searchParams.get('show') === 'archived';
	const boards = await board.listForUser(getContext().database.db, user.id);
	const archivedCount = boards.filter((b) => b.archivedAt !== null).length;
	return {
		showArchived,
		boards: boards.filter((b) => (b.archivedAt !== null) === showArchived),
		activeCount: boards.length - archivedCount,
		archivedCount,
		canCreate: user.isAdmin
	};
};
