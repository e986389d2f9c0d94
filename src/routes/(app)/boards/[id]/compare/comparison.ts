import { error } from '@sveltejs/kit';
import * as datetime from '$lib/board/datetime';
import { getContext } from '$lib/server/context';
import * as membership from '$lib/server/membership';
import * as snapshot from '$lib/server/snapshot';
import * as versions from '$lib/server/versions';

/** The stored versions one can compare (besides the live board): every one that still has content, newest first. */
export async function choices(boardId: string) {
	const list = (await snapshot.list(getContext().database.db, boardId)).filter((v) => v.deletedAt === null);
	return list.map((v) => ({ id: v.id, title: v.title, kind: v.kind, createdAt: v.createdAt, createdByName: v.createdByName }));
}

/** How a download names a version: title, UK time and author, or the live board. */
export function label(version: versions.Version): string {
	const meta = version.meta;
	if (!meta) return 'The live board';
	return `${meta.title} (${datetime.formatDateTime(meta.createdAt)}, ${meta.createdByName ?? 'trustboard'})`;
}

/** Loads both sides and compares them; an unknown or foreign id is a 404 like any other. */
export async function load(boardId: string, fromRef: string, toRef: string) {
	const context = getContext();
	const [from, to] = await Promise.all([versions.load(context, boardId, fromRef), versions.load(context, boardId, toRef)]);
	if (!from || !to) error(404, 'Not found');
	const members = versions.membersOf(await membership.list(context.database.db, boardId));
	return { from, to, ...(await versions.compare(context, boardId, from, to, members)) };
}
