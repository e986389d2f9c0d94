import { error } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import * as agenda from '$lib/server/agenda';
import * as decisions from '$lib/server/decisions';
import * as membership from '$lib/server/membership';
import * as signoff from '$lib/server/signoff';
import * as snapshot from '$lib/server/snapshot';
import * as statusHistory from '$lib/server/status-history';
import * as versions from '$lib/server/versions';
import { togetherRecord } from '$lib/server/together-record';

/**
 * A minutes pack: the snapshot marked as a meeting's record, its sign-off (if agreed), what changed since
 * the previous minuted snapshot (by who and when), and each model's status history up to it. Only minuted snapshots have one; anything else is a 404.
 */
export async function loadMinutes(boardId: string, snapshotId: string) {
	const context = getContext();
	const version = await versions.load(context, boardId, snapshotId);
	if (!version?.meta?.isMinutes) error(404, 'Not found');
	const meta = version.meta;
	const members = versions.membersOf(await membership.list(context.database.db, boardId));
	const all = await snapshot.list(context.database.db, boardId);
	const previousMeta = all.find((v) => v.isMinutes && v.deletedAt === null && v.id !== meta.id && v.createdAt <= meta.createdAt);
	const previousVersion = previousMeta ? await versions.load(context, boardId, previousMeta.id) : null;
	const previous =
		previousVersion?.meta && previousMeta
			? { meta: previousMeta, ...(await versions.compare(context, boardId, previousVersion, version, members)) }
			: null;
	const signOff = await signoff.get(context.database.db, boardId, meta.id);
	const titles = new Map(all.filter((v) => v.deletedAt === null).map((v) => [v.id, v.title]));
	const record = meta.meeting
		? await decisions.forMinutes(context.database.db, boardId, meta.meeting.date, version.view, titles)
		: { decisions: [], actions: [] };
	const agendaItems = meta.meeting ? await agenda.forMinutes(context.database.db, boardId, meta.meeting.date, version.view) : [];
	// The long list to short list audit trail: each model's status changes up to this version.
	const history = await statusHistory.load(context, boardId, version.state);
	// The register of interests, agreed scores' spreads and weight sensitivity, as they stood at the snapshot.
	const names = new Map(members.map((m) => [m.id, m.name]));
	const together = await togetherRecord(
		context.database.db,
		boardId,
		version.view,
		meta.createdAt,
		(id) => names.get(id) ?? 'A former member'
	);
	return { version, meta, members, previous, history, signOff, record, together, agenda: agendaItems };
}
