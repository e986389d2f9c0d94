import SQLite from 'better-sqlite3';
import type { LogEntry } from './log-entry.ts';
import { prepareAppend, type BoardAppend } from './sqlite-append-log.ts';

/** Of each window, at most this much of the event loop goes to commits made on it; past that, the thread commits. */
const WINDOW_MS = 100;
const BUDGET_MS = 2;
/** A batch larger than this (a paste, a returning client's offline work) goes to the thread. */
const MAX_BYTES = 16 * 1024;
/**
 * Commits made here between two checkpoints asked of the thread: a small commit writes 2-4 pages to the WAL, so
 * about SQLite's own automatic checkpoint at 1,000 pages.
 */
export const COMMITS_PER_CHECKPOINT = 250;

/**
 * A quiet board's append committed on the event loop, on a connection of its own, instead of by the storage
 * thread (sqlite-append.ts). Readers get an edit once its commit is written (forward-when-stored.ts), and on a
 * quiet server the thread's round trip was most of that wait: a message to the thread, the thread woken on a
 * core it may share with the event loop, its commit, the reply, the event loop woken in turn (about 0.55 ms at the
 * median, several at the 90th percentile, in the latency bench). The commit itself is about 0.1 ms: the pages go
 * to the WAL file (a crash of the process cannot undo that), with no fsync; with `sync: 'full'` the thread still
 * makes the fsync its author's confirmation waits for.
 *
 * Only while it costs the event loop little: when the thread has nothing in flight, for a small batch, and within
 * a budget of the loop's time (a busy server's commits stay in the thread, batched across boards). It never waits:
 * the connection's busy timeout is 0, so when another connection holds the write lock (a transaction of the main
 * connection, the thread's snapshot row, another process), or anything else goes wrong, it gives up at once and
 * the thread commits the batch, reporting any error as before. Nor does it checkpoint (copying the WAL into the
 * database, with two fsyncs): it asks the thread to, every COMMITS_PER_CHECKPOINT commits. One sync is left on the
 * event loop: SQLite syncs the WAL's header when a commit starts reusing the file after a checkpoint, once per
 * few hundred commits.
 */
export class InlineCommits {
	readonly #sqlite: SQLite.Database;
	readonly #append: (appends: BoardAppend[]) => number[];
	readonly #now: () => number;
	#windowStart = -Infinity;
	#spent = 0;
	#sinceCheckpoint = 0;

	constructor(file: string, now: () => number = () => performance.now()) {
		this.#now = now;
		this.#sqlite = new SQLite(file);
		this.#sqlite.pragma('synchronous = NORMAL');
		this.#sqlite.pragma('foreign_keys = ON');
		this.#sqlite.pragma('busy_timeout = 0');
		this.#sqlite.pragma('wal_autocheckpoint = 0');
		this.#append = prepareAppend(this.#sqlite);
	}

	/** The boards' new head seqs once written, or null when the thread is to commit the batch. */
	commit(appends: Array<{ boardId: string; entries: LogEntry[] }>): number[] | null {
		let bytes = 0;
		for (const { entries } of appends) for (const entry of entries) bytes += entry.update.byteLength;
		const started = this.#now();
		if (started - this.#windowStart >= WINDOW_MS) {
			this.#windowStart = started;
			this.#spent = 0;
		}
		if (bytes > MAX_BYTES || this.#spent >= BUDGET_MS) return null;
		try {
			const seqs = this.#append(
				appends.map(({ boardId, entries }) => ({
					boardId,
					userIds: entries.map((entry) => entry.userId),
					updates: entries.map(({ update }) => Buffer.from(update.buffer, update.byteOffset, update.byteLength))
				}))
			);
			this.#sinceCheckpoint++;
			return seqs;
		} catch {
			// Rolled back: nothing of it is written. The thread's attempt waits for the lock, or reports the error.
			if (this.#sqlite.inTransaction) this.#sqlite.exec('rollback');
			return null;
		} finally {
			this.#spent += this.#now() - started;
		}
	}

	/** Whether the WAL has grown by enough commits here that the thread should checkpoint it (counted from now). */
	checkpointDue(): boolean {
		if (this.#sinceCheckpoint < COMMITS_PER_CHECKPOINT) return false;
		this.#sinceCheckpoint = 0;
		return true;
	}

	close(): void {
		this.#sqlite.close();
	}
}
