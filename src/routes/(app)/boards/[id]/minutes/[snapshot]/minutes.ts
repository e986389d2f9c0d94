import { error } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import * as membership from '$lib/server/membership';
import * as snapshot from '$lib/server/snapshot';
import * as versions from '$lib/server/versions';
import { togetherRecord } from '$lib/server/together-record';

/**
 * A minutes pack: the snapshot marked as a meeting's record, and what changed since the previous minuted
 * snapshot (by who and when). Only minuted snapshots have one; anything else is a 404.
 */
export async function loadMinutes(boardId: string, snapshotId: string) {
	const context = getContext();
	const version = await versions.load(context, boardId, snapshotId);
	if (!version?.meta?.isMinutes) error(404, 'Not found');
	const meta = version.meta;
	const members = versions.membersOf(await membership.list(context.database.db, boardId));
	const previousMeta = (await snapshot.list(context.database.db, boardId)).find(
		(v) => v.isMinutes && v.deletedAt === null && v.id !== meta.id && v.createdAt <= meta.createdAt
	);
	const previousVersion = previousMeta ? await versions.load(context, boardId, previousMeta.id) : null;
	const previous =
		previousVersion?.meta && previousMeta
			? { meta: previousMeta, ...(await versions.compare(context, boardId, previousVersion, version, members)) }
			: null;
	const names = new Map(members.map((m) => [m.id, m.name]));
	const together = await togetherRecord(context.database.db, boardId, version.view, meta.createdAt, (id) => names.get(id) ?? 'A former member');
	return { version, meta, members, previous, together };
}
