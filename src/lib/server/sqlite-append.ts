import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Schema } from './db/schema.ts';
import type { LogEntry } from './doc-store.ts';

/**
 * Group commit across boards for SQLite. Each board's writer already batches its own updates; this batches the
 * boards: every append requested in one event-loop turn is written by one transaction, so 50 busy boards cost
 * one fsync (synchronous=FULL) per turn instead of 50. The statements are prepared once, not recompiled and
 * re-prepared by kysely on every call.
 */
export interface SqliteAppender {
	/** Resolves to the board's new head seq once the transaction holding it has committed. */
	append(boardId: string, entries: LogEntry[]): Promise<number>;
	/** Transactions committed so far (tests check that one turn's appends share one). */
	readonly commits: number;
}

interface Request {
	boardId: string;
	entries: LogEntry[];
	resolve(seq: number): void;
	reject(error: unknown): void;
}

export function createSqliteAppender(db: Kysely<Schema>, sqlite: SQLite.Database): SqliteAppender {
	// Same upsert as the kysely path: the head row hands out the seqs, so the log stays gap-free per board.
	const bumpHead = sqlite.prepare<[string, number], { seq: number }>(
		`insert into board_heads (board_id, seq) values (?, ?)
		 on conflict (board_id) do update set seq = board_heads.seq + excluded.seq
		 returning seq`
	);
	const insertUpdate = sqlite.prepare<[string, number, Buffer, string | null, number]>(
		'insert into board_updates (board_id, seq, data, user_id, created_at) values (?, ?, ?, ?, ?)'
	);
	const write = (requests: Request[]): number[] => {
		const now = Date.now();
		return requests.map(({ boardId, entries }) => {
			const last = Number(bumpHead.get(boardId, entries.length)!.seq);
			const first = last - entries.length + 1;
			entries.forEach((entry, i) => {
				const data = Buffer.from(entry.update.buffer, entry.update.byteOffset, entry.update.byteLength);
				insertUpdate.run(boardId, first + i, data, entry.userId, now);
			});
			return last;
		});
	};
	// IMMEDIATE takes the write lock at BEGIN, and fails rather than nesting if a transaction were somehow open.
	const writeAll = sqlite.transaction(write).immediate;

	let queue: Request[] = [];
	let scheduled = false;
	let commits = 0;

	function commit(requests: Request[]): void {
		const seqs = writeAll(requests);
		commits++;
		requests.forEach((request, i) => request.resolve(seqs[i]!));
	}

	async function flush(): Promise<void> {
		scheduled = false;
		const requests = queue;
		queue = [];
		try {
			// The one SQLite connection is shared with kysely, whose transactions span several turns. Holding its
			// connection keeps this transaction from running (and being silently nested) inside one of them.
			await db.connection().execute(async () => {
				try {
					commit(requests);
				} catch (error) {
					if (requests.length === 1 || !isConstraintError(error)) throw error;
					// One board's batch broke a constraint (say the board was deleted under its room): commit the
					// others on their own, so one bad board cannot hold every board's edits back while it retries.
					for (const request of requests) {
						try {
							commit([request]);
						} catch (single) {
							request.reject(single);
						}
					}
				}
			});
		} catch (error) {
			// Rolled back: nothing of it is stored, so every board's writer retries its batch as it is.
			for (const request of requests) request.reject(error);
		}
	}

	return {
		append(boardId, entries) {
			return new Promise<number>((resolve, reject) => {
				queue.push({ boardId, entries, resolve, reject });
				if (!scheduled) {
					scheduled = true;
					// After this turn's I/O callbacks, so every board that received an update in it joins.
					setImmediate(() => void flush());
				}
			});
		},
		get commits() {
			return commits;
		}
	};
}

function isConstraintError(error: unknown): boolean {
	return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT');
}
