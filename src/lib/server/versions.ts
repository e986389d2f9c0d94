import * as Y from 'yjs';
import * as attribution from '../board/attribution.ts';
import * as boardDiff from '../board/diff.ts';
import * as read from '../board/read.ts';
import * as boardRestore from '../board/restore.ts';
import type { BoardDiff, ChangeAuthor, DiffAttribution } from '../board/diff.ts';
import type { BoardView } from '../board/read.ts';
import type { MemberRef } from '../board/values.ts';
import type { CollabControl } from './collab-control.ts';
import type { Database } from './db/index.ts';
import type { DocStore } from './doc-store.ts';
import * as audit from './audit.ts';
import * as board from './board.ts';
import { isId } from './ids.ts';
import * as snapshot from './snapshot.ts';
import { currentDoc, viewOf } from './version-view.ts';

/**
 * Versions of a board: named snapshots and checkpoints stored by snapshot.ts,
 * and the live board. Taking one, comparing two (with who made each change),
 * and restoring one as an ordinary change on top of the live board.
 */

interface Deps {
	collab: CollabControl;
	docs: DocStore;
	database: Database;
}

/** A snapshot id, or `live` for the board as it is now. */
export type VersionRef = string;
export const LIVE = 'live';

export interface Version {
	ref: VersionRef;
	/** null for the live board. */
	meta: snapshot.SnapshotMeta | null;
	state: Uint8Array;
	/** Every logged update up to this sequence number is in `state` (later ones may be too). */
	uptoSeq: number;
	view: BoardView;
}

export interface TakeInput {
	boardId: string;
	userId: string | null;
	kind: snapshot.SnapshotKind;
	title: string;
	note?: string;
	meeting?: snapshot.Meeting | null;
	isMinutes?: boolean;
}

/**
 * Freezes the live board. The log head is read before the state so that it is
 * a lower bound: whatever was logged by then is in the state, which is read
 * from storage once the room's edits are stored (`collab.state`), merged in a
 * worker thread for a large board, so taking it does not stall anyone else.
 */
export async function take(deps: Deps, input: TakeInput): Promise<snapshot.SnapshotMeta> {
	const uptoSeq = await deps.docs.headSeq(input.boardId);
	const state = await deps.collab.state(input.boardId);
	const { userId, ...rest } = input;
	return snapshot.create(deps.database, { ...rest, createdBy: userId, state, uptoSeq });
}

/** A version without its decoded view: what a download hands to a worker thread, which decodes it there. */
export type StoredVersion = Omit<Version, 'view'>;

/**
 * The live board as stored rather than as the loaded room holds it: encoding a large room took tens of
 * milliseconds of the event loop, reading the store takes one row and the log after it (a long log is merged
 * in a worker thread, doc-store.ts). It lacks only edits not yet stored, which no other member has been sent
 * either (edits reach other connections once stored).
 */
async function storedLiveState(deps: Deps, boardId: string): Promise<Uint8Array> {
	const stored = await deps.docs.load(boardId);
	if (stored.whole) return stored.whole;
	return stored.updates.length === 1 ? stored.updates[0]! : Y.mergeUpdates(stored.updates);
}

/**
 * A version of this board, or null: an id from another board reads the same as a made-up one. `live: 'stored'`
 * reads the live board from storage (for downloads), otherwise from the loaded room.
 */
export async function loadStored(
	deps: Deps,
	boardId: string,
	ref: VersionRef,
	options: { live?: 'room' | 'stored' } = {}
): Promise<StoredVersion | null> {
	if (ref === LIVE) {
		const uptoSeq = await deps.docs.headSeq(boardId);
		const state = options.live === 'stored' ? await storedLiveState(deps, boardId) : await deps.collab.state(boardId);
		return { ref, meta: null, state, uptoSeq };
	}
	if (!isId(ref)) return null;
	const found = await snapshot.get(deps.database.db, boardId, ref);
	if (!found) return null;
	return { ref, meta: found.meta, state: found.state, uptoSeq: found.meta.uptoSeq };
}

/** A version of this board with its view, or null. */
export async function load(deps: Deps, boardId: string, ref: VersionRef): Promise<Version | null> {
	const stored = await loadStored(deps, boardId, ref);
	return stored && { ...stored, view: viewOf(stored.state) };
}

const LOG_PAGE = 2_000;

async function displayNames(deps: Deps, ids: string[]): Promise<Map<string, string>> {
	if (ids.length === 0) return new Map();
	const rows = await deps.database.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
	return new Map(rows.map((row) => [row.id, row.display_name]));
}

/** Who last made each listed change, from the update log between the two versions. */
async function attribute(deps: Deps, boardId: string, from: Version, to: Version, paths: string[]): Promise<DiffAttribution> {
	if (paths.length === 0) return {};
	const replay = new attribution.AttributionReplay(from.state, to.state);
	try {
		let after = from.uptoSeq;
		while (!replay.done) {
			const batch = await deps.docs.readSince(boardId, after, LOG_PAGE);
			if (batch.length === 0) break;
			replay.feed(batch);
			after = batch.at(-1)?.seq ?? after;
		}
		const touches = new Map(
			paths.flatMap((path) => {
				const touch = replay.lookup(path);
				return touch ? [[path, touch] as const] : [];
			})
		);
		const names = await displayNames(deps, [...new Set([...touches.values()].map((t) => t.userId))]);
		const out: Record<string, ChangeAuthor> = {};
		for (const [path, touch] of touches) out[path] = { name: names.get(touch.userId) ?? 'A former member', at: touch.at };
		return out;
	} finally {
		replay.destroy();
	}
}

export interface Comparison {
	diff: BoardDiff;
	attribution: DiffAttribution;
}

export async function compare(deps: Deps, boardId: string, from: Version, to: Version, members: readonly MemberRef[]): Promise<Comparison> {
	const diff = boardDiff.diffBoards(from.view, to.view, { members });
	return { diff, attribution: await attribute(deps, boardId, from, to, boardDiff.diffPaths(diff)) };
}

/**
 * Restores a version as a new change on the live board, for everyone connected.
 * A checkpoint of the board as it was is taken first, so restoring that
 * checkpoint undoes the restore. Returns null if the version is not this board's.
 */
export async function restore(
	deps: Deps,
	boardId: string,
	id: string,
	userId: string
): Promise<{ restored: snapshot.SnapshotMeta; checkpoint: snapshot.SnapshotMeta } | null> {
	const found = isId(id) ? await snapshot.get(deps.database.db, boardId, id) : null;
	if (!found) return null;
	const checkpoint = await take(deps, {
		boardId,
		userId,
		kind: 'checkpoint',
		title: `Before restoring ${found.meta.title}`.slice(0, snapshot.TITLE_MAX)
	});
	const version = currentDoc(found.state);
	let restoredTitle: string;
	try {
		await deps.collab.change(boardId, userId, (doc) => void boardRestore.restoreContent(doc, version, null));
		restoredTitle = board.normaliseTitle(read.readBoard(version).title).slice(0, board.TITLE_MAX);
	} finally {
		version.destroy();
	}
	// The board list shows the restored title at once, as a rename does, rather than whenever the room next
	// mirrors its document's title.
	if (restoredTitle) await board.syncTitle(deps.database.db, boardId, restoredTitle);
	await audit.record(deps.database.db, {
		boardId,
		userId,
		type: 'snapshot.restored',
		detail: { snapshot: found.meta.id, title: found.meta.title, checkpoint: checkpoint.id }
	});
	return { restored: found.meta, checkpoint };
}

export function membersOf(list: readonly { userId: string; displayName: string }[]): MemberRef[] {
	return list.map((m) => ({ id: m.userId, name: m.displayName }));
}
