import { sql, type Kysely } from 'kysely';
import * as Y from 'yjs';
import type { Database } from './db/index.ts';
import type { Schema } from './db/schema.ts';
import type { LogEntry } from './log-entry.ts';
import { pgAppend } from './pg-append.ts';
import type { SliceSize } from './state-slices.ts';

export type { LogEntry };

export interface StoredDoc {
	/**
	 * The compacted state first (if any), then every later update in log order; or a large board's state in
	 * slices (state-slices.ts). Applying all, in order, gives the board.
	 */
	updates: Uint8Array[];
	/** The board as one update, when the load made one (merged off the event loop): what an empty client is sent. */
	whole?: Uint8Array;
	/** Sequence number of the last update included. */
	seq: number;
}

export interface LiveState {
	/** The whole document, encoded (deleted content already collected). */
	state: Uint8Array;
	/** Every log entry up to this seq is in `state` (later ones may be too: applying them again is harmless). */
	uptoSeq: number;
}

export interface LoggedUpdate {
	seq: number;
	update: Uint8Array;
	userId: string | null;
	createdAt: number;
}

/**
 * The durable home of a board's document: an append-only update log plus a compacted state. The log is never
 * rewritten, so attribution survives compaction; loading reads the state and only the log past it.
 */
export interface DocStore {
	load(boardId: string): Promise<StoredDoc>;
	/**
	 * Appends updates that arrived together in one transaction (group commit); resolves to the new head seq once
	 * they are stored. `written` is called first, as soon as a crash of this process could no longer lose them
	 * (on SQLite with SQLITE_SYNC=full, before the fsync that stores them; otherwise just before resolving).
	 */
	append(boardId: string, entries: LogEntry[], written?: () => void): Promise<number>;
	/** Log entries after `afterSeq`, oldest first (for instances catching up with each other). */
	readSince(boardId: string, afterSeq: number, limit?: number): Promise<LoggedUpdate[]>;
	/**
	 * Replaces the compacted state with a newer one: what `live` returns (a loaded document holding the log up to
	 * `uptoSeq` and nothing unlogged; read when the compaction runs), or else the log merged into the stored
	 * state. Safe to run concurrently with appends; an older state never replaces a newer one.
	 */
	compact(boardId: string, live?: () => LiveState | null): Promise<{ uptoSeq: number; bytes: number } | null>;
	headSeq(boardId: string): Promise<number>;
	/** Head seqs of several boards in one query (boards without a log are left out). */
	headSeqs(boardIds: string[]): Promise<Map<string, number>>;
}

const INSERT_CHUNK = 500;
/** Board ids per `in (...)` list, well under both databases' parameter limits. */
const ID_CHUNK = 500;

export interface DocStoreOptions {
	/**
	 * Replaces the kysely transaction per append (SQLite: one transaction across boards, see sqlite-append.ts;
	 * PostgreSQL: one statement, see pg-append.ts).
	 */
	append?: (boardId: string, entries: LogEntry[], written?: () => void) => Promise<number>;
	/**
	 * Merges a compaction's parts elsewhere than the event loop. Given, compactions always merge the stored log
	 * (in a worker thread) instead of encoding the loaded document on the event loop, which took 20-140 ms for a
	 * 5,000-row board.
	 */
	merge?: (parts: Uint8Array[]) => Promise<Uint8Array>;
	/**
	 * Reads and merges a compaction's parts elsewhere than the event loop (SQLite: a worker thread with its own
	 * connection); null when nothing was logged since the stored state. Given, it replaces `merge`.
	 */
	readMerged?: (boardId: string) => Promise<{ state: Uint8Array; uptoSeq: number } | null>;
}

/**
 * The store a server uses: on SQLite, appends of every board are committed together by a worker thread
 * (sqlite-append.ts), on PostgreSQL each in one statement (pg-append.ts); on both, compactions run one at a time,
 * and a long stored log is merged off the event loop when `offload` is given. `compactOffThread` says its work runs
 * in threads: compactions merge there, and on SQLite the threads read what they merge (a load's and a compaction's
 * rows) through connections of their own.
 */
export function docStoreFor(database: Database, offload?: StateMerger, options: { compactOffThread?: boolean } = {}): DocStore {
	const appender = database.sqliteAppender();
	const file = database.sqlite && !database.sqlite.memory ? database.sqlite.name : null;
	const inThread = offload && options.compactOffThread ? offload : null;
	const store = createDocStore(database.db, {
		append: appender
			? (boardId, entries, written) => appender.append(boardId, entries, written)
			: database.dialect === 'postgres'
				? pgAppend(database.db)
				: undefined,
		merge: inThread ? (parts) => inThread.mergeUpdates(parts) : undefined,
		readMerged: inThread && file ? (boardId) => inThread.readMerge(file, boardId) : undefined
	});
	const serial = oneCompactionAtATime(store);
	if (!offload) return serial;
	const readable = inThread && file ? { file, storedBytes: (boardId: string) => storedBytes(database.db, boardId) } : undefined;
	return mergedOffThread(serial, offload, readable);
}

/** Prepares a board's stored parts elsewhere than the event loop (offload.ts's worker threads). */
export interface StateMerger {
	/** The parts as one state. */
	mergeUpdates(updates: Uint8Array[]): Promise<Uint8Array>;
	/** The parts as one state and as slices of it. */
	prepareLoad(updates: Uint8Array[], slice: SliceSize): Promise<{ state: Uint8Array; slices: Uint8Array[] }>;
	/** The same, the parts read from the SQLite file `file` where the work is done. */
	readLoad(file: string, boardId: string, slice: SliceSize): Promise<{ state: Uint8Array; slices: Uint8Array[]; seq: number }>;
	/** A compaction's parts read from the SQLite file `file` and merged where the work is done (null: none due). */
	readMerge(file: string, boardId: string): Promise<{ state: Uint8Array; uptoSeq: number } | null>;
}

/** A SQLite database whose boards the merger can read itself. */
export interface ReadableFile {
	file: string;
	/** A board's stored bytes (its state and the log after it), counted without reading them. */
	storedBytes(boardId: string): Promise<number>;
}

/** What `load` would read, in bytes: SQLite's length() of a blob does not read the blob. */
async function storedBytes(db: Kysely<Schema>, boardId: string): Promise<number> {
	const { rows } = await sql<{ bytes: number | null }>`
		select coalesce((select length(state) from board_states where board_id = ${boardId}), 0)
			+ coalesce((select sum(length(data)) from board_updates where board_id = ${boardId}
				and seq > coalesce((select upto_seq from board_states where board_id = ${boardId}), 0)), 0) as bytes`.execute(db);
	return Number(rows[0]?.bytes ?? 0);
}

/** Below this many stored bytes a load is applied by the room as stored: the hop to a thread would cost more. */
export const MERGE_OFF_THREAD_BYTES = 64 * 1024;
/** About a millisecond or two of applying each on the event loop (a 5,000-row board: about 100 slices). */
export const LOAD_SLICE: SliceSize = { structs: 500, content: 16_000 };

/**
 * Loads that hand the room a large board as one merged state cut into slices, and the state whole. Applying the
 * parts of a long-edited board (1.5 MB, 3,000 logged updates) on the event loop held every other board for a
 * quarter of a second or more, and applying even a merged 5,000-row board took about a second: merged and
 * sliced in a thread, the room applies a slice or a few per turn, and answers an empty client's first sync with
 * the whole state instead of encoding its document. On SQLite (`readable`) the thread reads the parts too: the
 * event loop only counts their bytes, and reads a small board itself.
 */
export function mergedOffThread(store: DocStore, offload: StateMerger, readable?: ReadableFile): DocStore {
	return {
		...store,
		async load(boardId) {
			if (readable) {
				if ((await readable.storedBytes(boardId)) < MERGE_OFF_THREAD_BYTES) return store.load(boardId);
				const prepared = await offload.readLoad(readable.file, boardId, LOAD_SLICE);
				return { updates: prepared.slices, whole: prepared.state, seq: prepared.seq };
			}
			const stored = await store.load(boardId);
			let bytes = 0;
			for (const update of stored.updates) bytes += update.byteLength;
			if (bytes < MERGE_OFF_THREAD_BYTES) return stored;
			const prepared = await offload.prepareLoad(stored.updates, LOAD_SLICE);
			return { updates: prepared.slices, whole: prepared.state, seq: stored.seq };
		}
	};
}

/**
 * Boards edited at the same pace reach the compaction threshold in the same turn, and a compaction is a
 * synchronous merge and (on SQLite) a synchronous write. Run back to back, fifty of them stalled the server for
 * up to a second in the full-size load test; one at a time, with a turn of the event loop between them, sockets
 * and commits are served in between (longest stall 0.37 s).
 */
export function oneCompactionAtATime(store: DocStore): DocStore {
	let previous: Promise<unknown> = Promise.resolve();
	return {
		...store,
		compact(boardId, live) {
			const next = previous.then(() => new Promise((resolve) => setImmediate(resolve))).then(() => store.compact(boardId, live));
			previous = next.catch(() => undefined);
			return next;
		}
	};
}

export function createDocStore(db: Kysely<Schema>, options: DocStoreOptions = {}): DocStore {
	/** Stores `state` unless the stored one is as new: compactions may race (two instances, or unload and growth). */
	async function writeState(boardId: string, state: Uint8Array, uptoSeq: number) {
		const result = await db
			.insertInto('board_states')
			.values({ board_id: boardId, state: Buffer.from(state), upto_seq: uptoSeq, updated_at: Date.now() })
			.onConflict((oc) =>
				oc
					.column('board_id')
					.doUpdateSet((eb) => ({
						state: eb.ref('excluded.state'),
						upto_seq: eb.ref('excluded.upto_seq'),
						updated_at: eb.ref('excluded.updated_at')
					}))
					.where('board_states.upto_seq', '<', uptoSeq)
			)
			.executeTakeFirst();
		return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? { uptoSeq, bytes: state.byteLength } : null;
	}

	return {
		async load(boardId) {
			const state = await db.selectFrom('board_states').select(['state', 'upto_seq']).where('board_id', '=', boardId).executeTakeFirst();
			const after = state?.upto_seq ?? 0;
			const rows = await db
				.selectFrom('board_updates')
				.select(['seq', 'data'])
				.where('board_id', '=', boardId)
				.where('seq', '>', after)
				.orderBy('seq')
				.execute();
			const updates: Uint8Array[] = [];
			if (state) updates.push(new Uint8Array(state.state));
			for (const row of rows) updates.push(new Uint8Array(row.data));
			return { updates, seq: rows.at(-1)?.seq ?? after };
		},

		async append(boardId, entries, written) {
			if (entries.length === 0) return this.headSeq(boardId);
			if (options.append) return options.append(boardId, entries, written);
			const now = Date.now();
			const last = await db.transaction().execute(async (trx) => {
				// The head row is locked by this upsert until commit, so on PostgreSQL appends to one board are
				// serialised and sequence order equals commit order: a reader seeing seq N has seen all below N.
				const head = await trx
					.insertInto('board_heads')
					.values({ board_id: boardId, seq: entries.length })
					.onConflict((oc) => oc.column('board_id').doUpdateSet({ seq: sql<number>`board_heads.seq + ${entries.length}` }))
					.returning('seq')
					.executeTakeFirstOrThrow();
				const last = Number(head.seq);
				const first = last - entries.length + 1;
				for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
					const chunk = entries.slice(start, start + INSERT_CHUNK);
					await trx
						.insertInto('board_updates')
						.values(
							chunk.map((entry, i) => ({
								board_id: boardId,
								seq: first + start + i,
								data: Buffer.from(entry.update.buffer, entry.update.byteOffset, entry.update.byteLength),
								user_id: entry.userId,
								created_at: now
							}))
						)
						.execute();
				}
				return last;
			});
			written?.();
			return last;
		},

		async readSince(boardId, afterSeq, limit = 10_000) {
			const rows = await db
				.selectFrom('board_updates')
				.select(['seq', 'data', 'user_id', 'created_at'])
				.where('board_id', '=', boardId)
				.where('seq', '>', afterSeq)
				.orderBy('seq')
				.limit(limit)
				.execute();
			return rows.map((row) => ({ seq: row.seq, update: new Uint8Array(row.data), userId: row.user_id, createdAt: row.created_at }));
		},

		async compact(boardId, live) {
			// On the event loop, encoding a loaded document (a millisecond for a small board) beats merging 500
			// logged updates (8-38 ms); in a thread, the merge costs the event loop only reading the rows, or (when
			// the thread reads them too) nothing but writing the state.
			const current = options.merge || options.readMerged ? null : live?.();
			if (current) return writeState(boardId, current.state, current.uptoSeq);
			if (options.readMerged) {
				const merged = await options.readMerged(boardId);
				return merged ? writeState(boardId, merged.state, merged.uptoSeq) : null;
			}
			const state = await db.selectFrom('board_states').select(['state', 'upto_seq']).where('board_id', '=', boardId).executeTakeFirst();
			const rows = await db
				.selectFrom('board_updates')
				.select(['seq', 'data'])
				.where('board_id', '=', boardId)
				.where('seq', '>', state?.upto_seq ?? 0)
				.orderBy('seq')
				.execute();
			const last = rows.at(-1);
			if (!last) return null;
			const parts = rows.map((row) => new Uint8Array(row.data));
			if (state) parts.unshift(new Uint8Array(state.state));
			return writeState(boardId, options.merge ? await options.merge(parts) : Y.mergeUpdates(parts), last.seq);
		},

		async headSeq(boardId) {
			const row = await db.selectFrom('board_heads').select('seq').where('board_id', '=', boardId).executeTakeFirst();
			return row ? Number(row.seq) : 0;
		},

		async headSeqs(boardIds) {
			const heads = new Map<string, number>();
			for (let start = 0; start < boardIds.length; start += ID_CHUNK) {
				const rows = await db
					.selectFrom('board_heads')
					.select(['board_id', 'seq'])
					.where('board_id', 'in', boardIds.slice(start, start + ID_CHUNK))
					.execute();
				for (const row of rows) heads.set(row.board_id, Number(row.seq));
			}
			return heads;
		}
	};
}
