import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Download } from './export/files.ts';
import type { Paper } from './papers/paper.ts';
import { runTask, type PreparedLoad, type PreparedStoredLoad, type Task, type TaskResult, type VersionRender } from './offload-tasks.ts';
import type { SliceSize } from './state-slices.ts';
import { startWorker } from './worker-file.ts';

/**
 * Work that would hold the event loop for tens or hundreds of milliseconds, and that every other board's
 * edits would wait behind: writing a download (an XLSX of 5,000 rows took about a second), decoding a version,
 * reading (on SQLite), merging and cutting into slices a long-edited board's stored log on a cold load, and
 * compactions. A small pool of worker threads does it; the event loop only copies the bytes in and out.
 */
export interface Offload {
	/** A board's stored parts (state, then log) as one state (a compaction). */
	mergeUpdates(updates: Uint8Array[]): Promise<Uint8Array>;
	/** A board's stored parts as one state and as slices of it, for a room to apply a few at a time (a cold load). */
	prepareLoad(updates: Uint8Array[], slice: SliceSize): Promise<PreparedLoad>;
	/** The same, the parts read in the thread from the SQLite file `file` (the event loop never holds the rows). */
	readLoad(file: string, boardId: string, slice: SliceSize): Promise<PreparedStoredLoad>;
	/** A compaction's new state, read from the SQLite file `file` and merged in the thread; null if none is due. */
	readMerge(file: string, boardId: string): Promise<TaskResult['read-merge']>;
	/** A version of a board as a file (decoded in the thread too). */
	renderVersion(input: VersionRender): Promise<Download>;
	/** A paper (minutes pack) as PDF or DOCX. */
	renderPaper(paper: Paper, format: 'pdf' | 'docx'): Promise<Uint8Array>;
	/** Lets running tasks finish, then stops the threads. */
	close(): Promise<void>;
}

export interface Request {
	id: number;
	task: Task;
}

export type Reply = { id: number; result: unknown } | { id: number; error: string };

interface Job {
	task: Task;
	transfer: ArrayBuffer[];
	resolve(value: unknown): void;
	reject(error: unknown): void;
}

interface Thread {
	worker: Worker;
	job: (Job & { id: number }) | null;
}

/** One thread per spare core, at most two: the event loop keeps a core, and the update log's thread shares them. */
export function defaultThreads(): number {
	return Math.max(1, Math.min(2, os.availableParallelism() - 1));
}

function typed(run: (task: Task) => Promise<unknown>): Omit<Offload, 'close'> {
	return {
		mergeUpdates: (updates) => run({ kind: 'merge', updates }) as Promise<TaskResult['merge']>,
		prepareLoad: (updates, slice) => run({ kind: 'load', updates, slice }) as Promise<TaskResult['load']>,
		readLoad: (file, boardId, slice) => run({ kind: 'read-load', file, boardId, slice }) as Promise<TaskResult['read-load']>,
		readMerge: (file, boardId) => run({ kind: 'read-merge', file, boardId }) as Promise<TaskResult['read-merge']>,
		renderVersion: (render) => run({ kind: 'version', render }) as Promise<TaskResult['version']>,
		renderPaper: (paper, format) => run({ kind: 'paper', paper, format }) as Promise<TaskResult['paper']>
	};
}

/** The same tasks on the caller's thread: for unit tests, and a measure of what the threads take off it. */
export const onThisThread: Offload = { ...typed(runTask), close: async () => undefined };

export function createOffload(threads = defaultThreads()): Offload {
	const pool: Thread[] = [];
	const queue: Job[] = [];
	let nextId = 1;
	let closing: Promise<void> | null = null;
	let drained: (() => void) | null = null;

	function start(): Thread {
		const thread: Thread = { worker: startWorker('offload-worker', import.meta.url, null), job: null };
		thread.worker.unref();
		thread.worker.on('message', (reply: Reply) => {
			const job = thread.job;
			if (!job || job.id !== reply.id) return;
			thread.job = null;
			if ('error' in reply) job.reject(new Error(reply.error));
			else job.resolve(reply.result);
			next(thread);
		});
		// A thread that dies (out of memory on a hostile file, say) fails its task alone; a new one replaces it.
		const died = (error: unknown) => {
			const index = pool.indexOf(thread);
			if (index < 0) return;
			pool.splice(index, 1);
			thread.job?.reject(error instanceof Error ? error : new Error(String(error)));
			thread.job = null;
			dispatch();
		};
		thread.worker.on('error', died);
		thread.worker.on('exit', (code) => died(new Error(`a worker thread stopped (exit code ${code})`)));
		pool.push(thread);
		return thread;
	}

	function next(thread: Thread): void {
		const job = queue.shift();
		if (!job) {
			thread.worker.unref();
			if (pool.every((t) => t.job === null)) drained?.();
			return;
		}
		const id = nextId++;
		thread.job = { ...job, id };
		thread.worker.ref();
		thread.worker.postMessage({ id, task: job.task } satisfies Request, job.transfer);
	}

	function dispatch(): void {
		while (queue.length > 0) {
			const idle = pool.find((t) => t.job === null) ?? (pool.length < threads ? start() : null);
			if (!idle) return;
			next(idle);
		}
	}

	function run(task: Task): Promise<unknown> {
		if (closing) return Promise.reject(new Error('the worker threads are stopping'));
		// A state is copied into the request: the caller keeps its bytes (a snapshot's row, a room's encoding).
		return new Promise((resolve, reject) => {
			queue.push({ task, transfer: [], resolve, reject });
			dispatch();
		});
	}

	return {
		...typed(run),
		close() {
			closing ??= (async () => {
				if (queue.length > 0 || pool.some((t) => t.job !== null)) await new Promise<void>((resolve) => (drained = resolve));
				await Promise.all(pool.splice(0).map((t) => t.worker.terminate()));
			})();
			return closing;
		}
	};
}
