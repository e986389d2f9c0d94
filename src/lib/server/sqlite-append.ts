import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { LogEntry } from './log-entry.ts';

/**
 * Group commit across boards for SQLite, off the event loop. A commit with synchronous=FULL waits about 2 ms for
 * its fsync; run on the main thread it took 57 % of the server's busy time. Here a worker thread with its own
 * connection to the same WAL database (sqlite-append-worker.ts) runs the transactions, and the main thread only
 * queues: every append requested while a commit is in flight is written by the next one, whichever board it
 * belongs to, so 50 busy boards cost one fsync per round trip instead of 50.
 *
 * The main connection keeps its own writes (compactions, snapshots, accounts). A transaction there takes the write
 * lock at BEGIN (db/index.ts), so neither connection ever has to upgrade a stale read to a write (which SQLite
 * refuses at once with SQLITE_BUSY); each waits on the other's lock through its busy timeout. The main thread
 * waits at most one of the worker's commits: the worker only starts a transaction when this thread sends it a
 * batch, and this thread sends none while it is blocked on its own write.
 */
export interface SqliteAppender {
	/** Resolves to the board's new head seq once the transaction holding it has committed (durably). */
	append(boardId: string, entries: LogEntry[]): Promise<number>;
	/** Transactions committed so far (tests check that appends queued together share one). */
	readonly commits: number;
	/** Lets the appends already requested settle, then stops the thread and its connection. */
	close(): Promise<void>;
}

export interface SqliteAppenderOptions {
	/** The database file, already migrated and in WAL mode. */
	file: string;
	/** How long the worker's connection waits for the main connection's write lock before failing the batch. */
	busyTimeoutMs?: number;
}

/** What the worker is started with. */
export interface WorkerOptions {
	file: string;
	busyTimeoutMs: number;
}

/** One transaction's worth of appends. Every update's bytes travel in one transferred buffer. */
export interface AppendBatch {
	type: 'append';
	id: number;
	appends: Array<{ boardId: string; userIds: Array<string | null>; offsets: number[] }>;
	bytes: ArrayBuffer;
}

export type WorkerMessage = AppendBatch | { type: 'close' };

/** An error crosses the thread boundary as data; rebuilt so callers see what better-sqlite3 threw. */
export interface StorageErrorShape {
	name: string;
	message: string;
	code?: string;
}

export type AppendOutcome = { seq: number } | { error: StorageErrorShape };

export interface BatchReply {
	id: number;
	commits: number;
	outcomes: AppendOutcome[];
}

interface Request {
	boardId: string;
	entries: LogEntry[];
	resolve(seq: number): void;
	reject(error: unknown): void;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export function createSqliteAppender(options: SqliteAppenderOptions): SqliteAppender {
	const workerOptions: WorkerOptions = { file: options.file, busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS };
	let worker: Worker | null = null;
	let queue: Request[] = [];
	let inFlight: { id: number; requests: Request[] } | null = null;
	let scheduled = false;
	let nextId = 1;
	let commits = 0;
	let closing = false;
	let settled: (() => void) | null = null;

	function start(): Worker {
		const started = spawnWorker(workerOptions);
		started.unref();
		started.on('message', (reply: BatchReply) => finish(reply));
		// The thread died (it could not open the file, say): what it was writing is reported as failed, never as
		// stored, and its board's writer retries it; the next batch starts a new thread. Had the commit gone
		// through just before, the retry logs those updates twice, which Yjs applies as once.
		started.on('error', (error) => abandon(started, error));
		started.on('exit', (code) => abandon(started, new Error(`the storage thread stopped (exit code ${code})`)));
		return started;
	}

	function abandon(dead: Worker, error: unknown): void {
		if (worker !== dead) return;
		worker = null;
		const requests = inFlight?.requests ?? [];
		inFlight = null;
		for (const request of requests) request.reject(error);
		sendNext();
	}

	function sendNext(): void {
		scheduled = false;
		if (inFlight || queue.length === 0) {
			if (!inFlight && closing) settled?.();
			return;
		}
		const requests = queue;
		queue = [];
		worker ??= start();
		const id = nextId++;
		inFlight = { id, requests };
		worker.ref();
		const batch = encodeBatch(id, requests);
		worker.postMessage(batch, [batch.bytes]);
	}

	function finish(reply: BatchReply): void {
		if (!inFlight || inFlight.id !== reply.id) return;
		const { requests } = inFlight;
		inFlight = null;
		commits += reply.commits;
		reply.outcomes.forEach((outcome, i) => {
			if ('seq' in outcome) requests[i]!.resolve(outcome.seq);
			else requests[i]!.reject(rebuildError(outcome.error));
		});
		// What arrived during that commit goes at once: it has waited a whole commit already.
		if (queue.length > 0) sendNext();
		else {
			worker?.unref();
			if (closing) settled?.();
		}
	}

	worker = start();

	return {
		append(boardId, entries) {
			if (closing) return Promise.reject(new Error('the update log is closed'));
			return new Promise<number>((resolve, reject) => {
				queue.push({ boardId, entries, resolve, reject });
				if (!scheduled && !inFlight) {
					scheduled = true;
					// After this turn's I/O callbacks, so every board that received an update in it joins.
					setImmediate(sendNext);
				}
			});
		},
		get commits() {
			return commits;
		},
		async close() {
			closing = true;
			if (inFlight || queue.length > 0) await new Promise<void>((resolve) => (settled = resolve));
			const stopping = worker;
			worker = null;
			if (!stopping) return;
			const exited = new Promise((resolve) => stopping.once('exit', resolve));
			// Referenced until it has closed its connection: otherwise a process with nothing else to do would end
			// before this promise settles.
			stopping.ref();
			stopping.postMessage({ type: 'close' } satisfies WorkerMessage);
			await exited;
		}
	};
}

function encodeBatch(id: number, requests: Request[]): AppendBatch {
	let total = 0;
	for (const request of requests) for (const entry of request.entries) total += entry.update.byteLength;
	// Copied once into a buffer of their own and moved, not cloned: an update is often a view into a larger
	// websocket frame, and structured cloning would copy the whole frame.
	const bytes = new Uint8Array(total);
	let offset = 0;
	const appends = requests.map(({ boardId, entries }) => {
		const offsets = [offset];
		for (const entry of entries) {
			bytes.set(entry.update, offset);
			offset += entry.update.byteLength;
			offsets.push(offset);
		}
		return { boardId, userIds: entries.map((entry) => entry.userId), offsets };
	});
	return { type: 'append', id, appends, bytes: bytes.buffer };
}

function rebuildError(shape: StorageErrorShape): Error {
	const error = shape.code ? new SQLite.SqliteError(shape.message, shape.code) : new Error(shape.message);
	error.name = shape.name;
	return error;
}

/**
 * The production build emits the worker as plain JavaScript beside the server bundle (scripts/build-server.js).
 * From the sources (`npm run dev`, vitest, tsx) there is only the TypeScript file, which this Node cannot run by
 * itself: the thread starts by registering tsx, the project's TypeScript runner, and then imports it.
 */
function spawnWorker(workerData: WorkerOptions): Worker {
	const compiled = new URL('./sqlite-append-worker.js', import.meta.url);
	if (fs.existsSync(compiled)) return new Worker(compiled, { workerData });
	const source = new URL('./sqlite-append-worker.ts', import.meta.url).href;
	const tsx = import.meta.resolve('tsx/esm/api');
	const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
	return new Worker(bootstrap, { eval: true, workerData });
}
