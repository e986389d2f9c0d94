import type { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { SqliteSync } from './config.ts';
import type { LogEntry } from './log-entry.ts';
import { InlineCommits } from './sqlite-append-inline.ts';
import { startWorker } from './worker-file.ts';

/**
 * The SQLite writes that must not wait on the event loop: the update log's group commit across boards, and the
 * large one-off rows written beside it (a snapshot is a 1.5 MB row). A worker thread with its own connection to
 * the same WAL database (sqlite-append-worker.ts) runs the transactions; the main thread queues: every
 * append requested while a commit is in flight is written by the next one, whichever board it belongs to. While
 * the thread has nothing in flight, a small batch is committed on the event loop instead, without the round trip
 * to the thread (sqlite-append-inline.ts); the thread still makes its fsync.
 *
 * Each commit is reported twice. "Written": the transaction is in the WAL file, handed to the operating system,
 * so a crash of this process cannot lose it (what readers wait for, forward-when-stored.ts). "Stored": what a
 * confirmation needs. With `sync: 'full'` that is after an fsync of the WAL that began after the commit (a
 * power cut cannot lose it either); the thread commits the next batch while the fsync runs. With `'normal'`
 * written is stored, and the thread syncs the WAL every `syncEveryMs` instead, so a power cut or a kernel crash
 * loses at most about that much.
 *
 * The main connection keeps its own small writes (accounts, sessions, compactions). A transaction there takes
 * the write lock at BEGIN (db/index.ts), so neither connection ever has to upgrade a stale read to a write
 * (which SQLite refuses at once with SQLITE_BUSY); each waits on the other's lock through its busy timeout. The
 * main thread waits at most one of the thread's transactions (a snapshot's row: a few milliseconds, as its
 * fsync comes after the lock is released): the thread only starts one when this thread sends it work, and this
 * thread sends none while it is blocked on its own write.
 */
export interface SqliteAppender {
	/**
	 * Resolves to the board's new head seq once the transaction holding it is stored; `written` is called before
	 * that, once it is written (see above).
	 */
	append(boardId: string, entries: LogEntry[], written?: () => void): Promise<number>;
	/** Runs the statements as one transaction after the appends queued before it; resolves once it is stored. */
	write(statements: Statement[]): Promise<void>;
	/** Transactions committed so far (tests check that appends queued together share one). */
	readonly commits: number;
	/** Syncs of the WAL to disk so far. */
	readonly syncs: number;
	/** Lets the work already requested settle, then stops the thread and its connection. */
	close(): Promise<void>;
}

/** A compiled query (kysely's `compile()`): blobs as Uint8Array or Buffer. */
export interface Statement {
	sql: string;
	parameters: readonly unknown[];
}

export interface SqliteAppenderOptions {
	/** The database file, already migrated and in WAL mode. */
	file: string;
	/** What a stored transaction survives (config.ts); `full` by default. */
	sync?: SqliteSync;
	/** With `sync: 'normal'`, how often the WAL is synced to disk. */
	syncEveryMs?: number;
	/** How long the worker's connection waits for the main connection's write lock before failing the batch. */
	busyTimeoutMs?: number;
}

/** What the worker is started with. */
export interface WorkerOptions {
	file: string;
	sync: SqliteSync;
	syncEveryMs: number;
	busyTimeoutMs: number;
}

/** One transaction's worth of appends. Every update's bytes travel in one transferred buffer. */
export interface AppendBatch {
	type: 'append';
	id: number;
	appends: Array<{ boardId: string; userIds: Array<string | null>; offsets: number[] }>;
	bytes: ArrayBuffer;
}

export interface WriteJob {
	type: 'write';
	id: number;
	statements: Statement[];
}

export type WorkerMessage =
	| AppendBatch
	| WriteJob
	/** `sync: 'full'`: the event loop wrote batch `id` (sqlite-append-inline.ts); an fsync is to cover it. */
	| { type: 'sync'; id: number }
	/** The event loop's commits have grown the WAL: copy it into the database (SQLite's automatic checkpoint). */
	| { type: 'checkpoint' }
	| { type: 'close' };

/** An error crosses the thread boundary as data; rebuilt so callers see what better-sqlite3 threw. */
export interface StorageErrorShape {
	name: string;
	message: string;
	code?: string;
}

/** Per append of a batch (a write job has one): its board's new head seq (0 for a write job), or why it failed. */
export type AppendOutcome = { seq: number } | { error: StorageErrorShape };

export type WorkerReply =
	| { type: 'written'; id: number; commits: number; outcomes: AppendOutcome[] }
	/** `sync: 'full'`: every batch up to `upTo` is on disk, unless `error` says the fsync failed. */
	| { type: 'synced'; upTo: number; syncs: number; error?: StorageErrorShape };

interface AppendRequest {
	kind: 'append';
	boardId: string;
	entries: LogEntry[];
	written?: () => void;
	resolve(seq: number): void;
	reject(error: unknown): void;
}

type Request = AppendRequest | { kind: 'write'; statements: Statement[]; resolve(seq: number): void; reject(error: unknown): void };

interface Unsynced {
	id: number;
	settle: Array<{ seq: number; request: Request }>;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const DEFAULT_SYNC_EVERY_MS = 1_000;

export function createSqliteAppender(options: SqliteAppenderOptions): SqliteAppender {
	const workerOptions: WorkerOptions = {
		file: options.file,
		sync: options.sync ?? 'full',
		syncEveryMs: options.syncEveryMs ?? DEFAULT_SYNC_EVERY_MS,
		busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
	};
	const waitForSync = workerOptions.sync === 'full';
	let worker: Worker | null = null;
	let queue: Request[] = [];
	let inFlight: { id: number; requests: Request[] } | null = null;
	/** Written, waiting for the fsync that stores them, oldest first. */
	let unsynced: Unsynced[] = [];
	let scheduled = false;
	let nextId = 1;
	let commits = 0;
	let syncs = 0;
	let closing = false;
	let settled: (() => void) | null = null;

	const busy = () => inFlight !== null || unsynced.length > 0 || queue.length > 0;

	function start(): Worker {
		const started = startWorker('sqlite-append-worker', import.meta.url, workerOptions);
		started.unref();
		started.on('message', (reply: WorkerReply) => (reply.type === 'written' ? written(reply) : synced(reply)));
		// The thread died (it could not open the file, say): what it was writing or syncing is reported as failed,
		// never as stored, and its board's writer retries it; the next batch starts a new thread. Had the commit
		// gone through just before, the retry logs those updates twice, which Yjs applies as once.
		started.on('error', (error) => abandon(started, error));
		started.on('exit', (code) => abandon(started, new Error(`the storage thread stopped (exit code ${code})`)));
		return started;
	}

	function abandon(dead: Worker, error: unknown): void {
		if (worker !== dead) return;
		worker = null;
		const requests = [...(inFlight?.requests ?? []), ...unsynced.flatMap((batch) => batch.settle.map((s) => s.request))];
		inFlight = null;
		unsynced = [];
		for (const request of requests) request.reject(error);
		sendNext();
	}

	function idleCheck(): void {
		if (busy()) return;
		worker?.unref();
		if (closing) settled?.();
	}

	function sendNext(): void {
		scheduled = false;
		if (inFlight || queue.length === 0) return idleCheck();
		// A write job goes alone, in its place in the queue; the appends before it share one transaction.
		const head = queue[0]!;
		const count = head.kind === 'write' ? 1 : queue.findIndex((request) => request.kind === 'write');
		const requests = count < 0 ? queue : queue.slice(0, count);
		const rest = count < 0 ? [] : queue.slice(count);
		if (head.kind === 'append' && commitHere(requests as AppendRequest[])) {
			queue = rest;
			return sendNext();
		}
		queue = rest;
		worker ??= start();
		const id = nextId++;
		inFlight = { id, requests };
		worker.ref();
		if (head.kind === 'write') {
			worker.postMessage({ type: 'write', id, statements: head.statements } satisfies WriteJob);
			return;
		}
		const batch = encodeBatch(id, requests as AppendRequest[]);
		worker.postMessage(batch, [batch.bytes]);
	}

	/** Commits a quiet board's appends on this thread (sqlite-append-inline.ts); false if the thread is to. */
	function commitHere(requests: AppendRequest[]): boolean {
		const seqs = inline.commit(requests);
		if (!seqs) return false;
		const id = nextId++;
		commits++;
		const settle: Unsynced['settle'] = [];
		requests.forEach((request, i) => {
			request.written?.();
			if (waitForSync) settle.push({ seq: seqs[i]!, request });
			else request.resolve(seqs[i]!);
		});
		const checkpoint = inline.checkpointDue();
		if (settle.length === 0 && !checkpoint) return true;
		if (settle.length > 0) unsynced.push({ id, settle });
		// Once the readers' sends, which the callbacks above started, are done: woken now, the thread could take the
		// core from them.
		setImmediate(() => {
			// Closed meanwhile (close waits for the fsyncs owed, not for a checkpoint): no thread to start again.
			if (closing && settle.length === 0) return;
			worker ??= start();
			worker.ref();
			if (settle.length > 0) worker.postMessage({ type: 'sync', id } satisfies WorkerMessage);
			if (checkpoint) worker.postMessage({ type: 'checkpoint' } satisfies WorkerMessage);
			idleCheck();
		});
		return true;
	}

	function written(reply: Extract<WorkerReply, { type: 'written' }>): void {
		if (!inFlight || inFlight.id !== reply.id) return;
		const { requests } = inFlight;
		inFlight = null;
		commits += reply.commits;
		const settle: Unsynced['settle'] = [];
		reply.outcomes.forEach((outcome, i) => {
			const request = requests[i]!;
			if ('error' in outcome) return request.reject(rebuildError(outcome.error));
			if (request.kind === 'append') request.written?.();
			if (waitForSync) settle.push({ seq: outcome.seq, request });
			else request.resolve(outcome.seq);
		});
		if (settle.length > 0) unsynced.push({ id: reply.id, settle });
		// What arrived during that commit goes at once: it has waited a whole commit already.
		sendNext();
	}

	function synced(reply: Extract<WorkerReply, { type: 'synced' }>): void {
		syncs = reply.syncs;
		const done = unsynced.filter((batch) => batch.id <= reply.upTo);
		unsynced = unsynced.filter((batch) => batch.id > reply.upTo);
		// A failed fsync stores nothing for certain: the writers retry, and a retry of what did reach the disk is
		// logged twice, which Yjs applies as once.
		const error = reply.error && rebuildError(reply.error);
		for (const { seq, request } of done.flatMap((batch) => batch.settle)) {
			if (error) request.reject(error);
			else request.resolve(seq);
		}
		idleCheck();
	}

	function enqueue<T>(request: (resolve: (value: T) => void, reject: (error: unknown) => void) => Request): Promise<T> {
		if (closing) return Promise.reject(new Error('the update log is closed'));
		return new Promise<T>((resolve, reject) => {
			queue.push(request(resolve, reject));
			if (!scheduled && !inFlight) {
				scheduled = true;
				// After this turn's I/O callbacks, so every board that received an update in it joins.
				setImmediate(sendNext);
			}
		});
	}

	worker = start();
	const inline = new InlineCommits(options.file);

	return {
		append(boardId, entries, onWritten) {
			return enqueue<number>((resolve, reject) => ({ kind: 'append', boardId, entries, written: onWritten, resolve, reject }));
		},
		write(statements) {
			return enqueue<number>((resolve, reject) => ({ kind: 'write', statements, resolve, reject })).then(() => undefined);
		},
		get commits() {
			return commits;
		},
		get syncs() {
			return syncs;
		},
		async close() {
			closing = true;
			if (busy()) await new Promise<void>((resolve) => (settled = resolve));
			inline.close();
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

function encodeBatch(id: number, requests: AppendRequest[]): AppendBatch {
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
