import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type {
	AppendBatch,
	AppendOutcome,
	StorageErrorShape,
	WorkerMessage,
	WorkerOptions,
	WorkerReply,
	WriteJob
} from './sqlite-append.ts';
import { prepareAppend } from './sqlite-append-log.ts';

/**
 * The thread that owns the update log's writes on SQLite (see sqlite-append.ts): its own connection to the same
 * WAL database, so commits and fsyncs block this thread, not the event loop.
 */
const options = workerData as WorkerOptions;
const port = parentPort!;
const sqlite = new SQLite(options.file);
// A commit hands the WAL to the operating system (which a crash of the process cannot undo) and returns; the
// fsync that makes it survive a power cut is this thread's own (syncWal), so the write lock is released before
// it and the next batch can commit while it runs. NORMAL plus that fsync after every commit is what FULL does.
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('foreign_keys = ON');
// Waiting here costs no event-loop time: the main thread's transactions (board creation, accounts) hold the
// write lock across a few turns at most.
sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs}`);

const appendAll = prepareAppend(sqlite);
const writeAll = (appends: AppendBatch['appends'], bytes: Buffer): number[] =>
	appendAll(
		appends.map(({ boardId, userIds, offsets }) => ({
			boardId,
			userIds,
			updates: userIds.map((_, i) => bytes.subarray(offsets[i], offsets[i + 1]))
		}))
	);

/** Statements of write jobs, prepared once per text (a handful: the snapshot's insert and its audit event). */
const prepared = new Map<string, SQLite.Statement>();
const PREPARED_MAX = 64;

function statement(sql: string): SQLite.Statement {
	let found = prepared.get(sql);
	if (!found) {
		if (prepared.size >= PREPARED_MAX) prepared.clear();
		found = sqlite.prepare(sql);
		prepared.set(sql, found);
	}
	return found;
}

// A Buffer arrives from the main thread as a plain Uint8Array, which better-sqlite3 does not bind as a blob.
const bindable = (value: unknown) => (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value);

const runStatements = sqlite.transaction((job: WriteJob) => {
	for (const { sql, parameters } of job.statements) {
		const compiled = statement(sql);
		const values = parameters.map(bindable);
		if (compiled.reader) compiled.all(...values);
		else compiled.run(...values);
	}
}).immediate;

function shapeOf(error: unknown): StorageErrorShape {
	if (error instanceof Error) return { name: error.name, message: error.message, code: 'code' in error ? String(error.code) : undefined };
	return { name: 'Error', message: String(error) };
}

function isConstraintError(error: unknown): boolean {
	return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT');
}

function commit(batch: AppendBatch): { commits: number; outcomes: AppendOutcome[] } {
	const bytes = Buffer.from(batch.bytes);
	let commits = 0;
	try {
		const seqs = writeAll(batch.appends, bytes);
		commits++;
		return { commits, outcomes: seqs.map((seq) => ({ seq })) };
	} catch (error) {
		if (batch.appends.length === 1 || !isConstraintError(error)) {
			// Rolled back: nothing of it is stored, so every board's writer retries its batch as it is.
			return { commits, outcomes: batch.appends.map(() => ({ error: shapeOf(error) })) };
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
	return { commits, outcomes };
}

function runJob(job: WriteJob): { commits: number; outcomes: AppendOutcome[] } {
	try {
		runStatements(job);
		return { commits: 1, outcomes: [{ seq: 0 }] };
	} catch (error) {
		return { commits: 0, outcomes: [{ error: shapeOf(error) }] };
	}
}

/**
 * The WAL file, opened beside SQLite's own handle: an fsync flushes the file, whichever descriptor wrote it.
 * SQLite keeps that file while any connection is open (the main one is, for the server's lifetime); should it
 * ever be replaced, the inode differs and it is opened again.
 */
const walPath = `${options.file}-wal`;
let wal: { fd: number; ino: number } | null = null;
let syncs = 0;

function walDescriptor(): number {
	const { ino } = fs.statSync(walPath);
	if (wal && wal.ino !== ino) {
		fs.closeSync(wal.fd);
		wal = null;
	}
	if (!wal) {
		const fd = fs.openSync(walPath, 'r+');
		wal = { fd, ino: fs.fstatSync(fd).ino };
	}
	return wal.fd;
}

/** fdatasync (what SQLite itself uses on Linux) in libuv's pool, so this thread can commit meanwhile. */
function syncWal(done: (error: unknown) => void): void {
	let fd: number;
	try {
		fd = walDescriptor();
	} catch (error) {
		done(error);
		return;
	}
	fs.fdatasync(fd, (error) => {
		syncs++;
		done(error);
	});
}

/** `full`: the last batch written, and whether a sync covering up to some batch is running. */
let writtenUpTo = 0;
let syncing = false;

function syncThrough(id: number): void {
	// The event loop's commits (sqlite-append-inline.ts) are numbered with the thread's, and asked for in order.
	writtenUpTo = Math.max(writtenUpTo, id);
	if (!syncing) startSync();
}

function startSync(): void {
	syncing = true;
	const upTo = writtenUpTo;
	syncWal((error) => {
		syncing = false;
		port.postMessage({ type: 'synced', upTo, syncs, error: error ? shapeOf(error) : undefined } satisfies WorkerReply);
		// Batches written while it ran need an fsync that began after them.
		if (writtenUpTo > upTo) startSync();
	});
}

// `normal`: the disk catches up every syncEveryMs, whoever wrote (this connection or the main one). A failure
// here confirms or refuses nothing (the commits were confirmed when written); a failing disk fails the next
// commit too, and that is reported.
const periodicSync =
	options.sync === 'normal'
		? setInterval(() => {
				if (syncing) return;
				syncing = true;
				syncWal(() => {
					syncing = false;
					port.postMessage({ type: 'synced', upTo: 0, syncs } satisfies WorkerReply);
				});
			}, options.syncEveryMs)
		: null;

/**
 * The event loop's connection never checkpoints (that copies the WAL into the database, with two fsyncs): it asks
 * this thread to, now and then. PASSIVE waits for no one; what it cannot copy now, the next one does.
 */
function checkpoint(): void {
	try {
		sqlite.pragma('wal_checkpoint(PASSIVE)');
	} catch {
		// A checkpoint failing loses nothing (the WAL still holds every commit); the next one retries.
	}
}

port.on('message', (message: WorkerMessage) => {
	if (message.type === 'close') {
		if (periodicSync) clearInterval(periodicSync);
		// A graceful stop leaves everything on disk, whatever the mode.
		if (wal || options.sync === 'normal') {
			try {
				fs.fdatasyncSync(walDescriptor());
			} catch {
				// No WAL (nothing written): nothing to sync.
			}
		}
		if (wal) fs.closeSync(wal.fd);
		sqlite.close();
		port.close();
		return;
	}
	if (message.type === 'sync') {
		syncThrough(message.id);
		return;
	}
	if (message.type === 'checkpoint') {
		checkpoint();
		return;
	}
	const { commits, outcomes } = message.type === 'append' ? commit(message) : runJob(message);
	port.postMessage({ type: 'written', id: message.id, commits, outcomes } satisfies WorkerReply);
	if (options.sync === 'full' && commits > 0) syncThrough(message.id);
});
