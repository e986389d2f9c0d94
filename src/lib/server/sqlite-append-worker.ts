import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { AppendBatch, AppendOutcome, BatchReply, StorageErrorShape, WorkerMessage, WorkerOptions } from './sqlite-append.ts';

/**
 * The thread that owns the update log's writes on SQLite (see sqlite-append.ts): its own connection to the same
 * WAL database, so the commit and its fsync (synchronous=FULL) block this thread, not the event loop.
 */
const options = workerData as WorkerOptions;
const port = parentPort!;
const sqlite = new SQLite(options.file);
// The main connection put the file in WAL mode; synchronous is per connection, and FULL is what makes a
// confirmed edit survive a power cut.
sqlite.pragma('synchronous = FULL');
sqlite.pragma('foreign_keys = ON');
// Waiting here costs no event-loop time: the main thread's transactions (snapshots, board creation) hold the
// write lock across a few turns at most.
sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs}`);

// Same upsert as the kysely path: the head row hands out the seqs, so the log stays gap-free per board.
const bumpHead = sqlite.prepare<[string, number], { seq: number }>(
	`insert into board_heads (board_id, seq) values (?, ?)
	 on conflict (board_id) do update set seq = board_heads.seq + excluded.seq
	 returning seq`
);
const insertUpdate = sqlite.prepare<[string, number, Buffer, string | null, number]>(
	'insert into board_updates (board_id, seq, data, user_id, created_at) values (?, ?, ?, ?, ?)'
);

interface Append {
	boardId: string;
	userIds: Array<string | null>;
	/** Where each update starts in the batch's bytes, and where the last one ends. */
	offsets: number[];
}

const write = (appends: Append[], bytes: Buffer): number[] => {
	const now = Date.now();
	return appends.map(({ boardId, userIds, offsets }) => {
		const last = Number(bumpHead.get(boardId, userIds.length)!.seq);
		const first = last - userIds.length + 1;
		userIds.forEach((userId, i) => insertUpdate.run(boardId, first + i, bytes.subarray(offsets[i], offsets[i + 1]), userId, now));
		return last;
	});
};
// IMMEDIATE takes the write lock at BEGIN, so the transaction never fails half-way on a lock it cannot upgrade.
const writeAll = sqlite.transaction(write).immediate;

function shapeOf(error: unknown): StorageErrorShape {
	if (error instanceof Error) return { name: error.name, message: error.message, code: 'code' in error ? String(error.code) : undefined };
	return { name: 'Error', message: String(error) };
}

function isConstraintError(error: unknown): boolean {
	return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT');
}

function commit(batch: AppendBatch): BatchReply {
	const bytes = Buffer.from(batch.bytes);
	let commits = 0;
	try {
		const seqs = writeAll(batch.appends, bytes);
		commits++;
		return { id: batch.id, commits, outcomes: seqs.map((seq) => ({ seq })) };
	} catch (error) {
		if (batch.appends.length === 1 || !isConstraintError(error)) {
			// Rolled back: nothing of it is stored, so every board's writer retries its batch as it is.
			return { id: batch.id, commits, outcomes: batch.appends.map(() => ({ error: shapeOf(error) })) };
		}
	}
	// One board's batch broke a constraint (say the board was deleted under its room): commit the others on their
	// own, so one bad board cannot hold every board's edits back while it retries.
	const outcomes = batch.appends.map((append): AppendOutcome => {
		try {
			const [seq] = writeAll([append], bytes);
			commits++;
			return { seq: seq! };
		} catch (error) {
			return { error: shapeOf(error) };
		}
	});
	return { id: batch.id, commits, outcomes };
}

port.on('message', (message: WorkerMessage) => {
	if (message.type === 'close') {
		sqlite.close();
		port.close();
		return;
	}
	port.postMessage(commit(message));
});
