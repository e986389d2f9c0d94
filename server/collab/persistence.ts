import type { Logger } from 'pino';
import type { DocStore, LiveState, LogEntry } from '../../src/lib/server/doc-store.ts';
import type { Metrics } from './metrics.ts';

export interface WriterOptions<Cut> {
	boardId: string;
	docs: DocStore;
	logger: Logger;
	metrics: Metrics;
	compactAfterUpdates: number;
	compactAfterBytes: number;
	/** Captures what a batch makes durable, at the moment the batch is cut (before its write starts). */
	cut(): Cut;
	/** The batch cut at `cut` is stored, as log entries `lastSeq - batch.length + 1 .. lastSeq`. */
	onDurable(cut: Cut, lastSeq: number, batch: LogEntry[]): void;
	/** A write failed; it is retried until it succeeds. */
	onFailure(error: unknown): void;
	/** Nothing is pending or in flight: everything in the document is stored. */
	onIdle(): void;
	/** The loaded document to compact from (cheaper than merging the log), read when the compaction runs. */
	live(): LiveState | null;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * Group commit for one board: updates that arrive while a write is in flight are stored together by the next
 * write, so a burst costs one transaction instead of one per update, and the first update of a quiet board is
 * written at once. The next write starts once the previous one is written (DocStore's `written`), not stored, so
 * on SQLite it commits while the previous fsync runs. A failed write is retried (same batch, same order) until it
 * succeeds; nothing later is confirmed before it. (Only a failed fsync retries a batch after later ones were
 * written: its updates are then logged twice, which Yjs applies as once.)
 */
export class GroupCommitWriter<Cut> {
	readonly #options: WriterOptions<Cut>;
	#pending: LogEntry[] = [];
	#running: Promise<void> | null = null;
	#enqueued = 0;
	/** Entries handed to a write so far. */
	#cutUpTo = 0;
	#written = 0;
	#stored = 0;
	#waiters: Array<{ target: number; level: 'written' | 'stored'; resolve: () => void }> = [];
	#sinceCompaction = { updates: 0, bytes: 0 };
	#compacting: Promise<unknown> | null = null;
	#compactAgain: Promise<unknown> | null = null;
	#stopped = false;
	/** Set while the writer waits for its writes to be stored: an enqueue wakes it to write more meanwhile. */
	#wake: (() => void) | null = null;

	constructor(options: WriterOptions<Cut>) {
		this.#options = options;
	}

	get idle(): boolean {
		return this.#running === null && this.#pending.length === 0;
	}

	enqueue(entry: LogEntry): void {
		this.#pending.push(entry);
		this.#enqueued++;
		this.#wake?.();
		this.#running ??= this.#drain().finally(() => {
			this.#running = null;
		});
	}

	/** Resolves once everything enqueued so far is stored. */
	durable(): Promise<void> {
		return this.#reached('stored');
	}

	/**
	 * Resolves once everything enqueued so far is written where a crash of this process cannot lose it (DocStore's
	 * `written`): sooner than `durable` on SQLite with SQLITE_SYNC=full, by the fsync.
	 */
	written(): Promise<void> {
		return this.#reached('written');
	}

	/**
	 * Calls `then` once everything enqueued so far is written (at once if it is), from the call that learns so: an
	 * edit waiting for its commit reaches its readers in the same task, not a promise reaction later.
	 */
	whenWritten(then: () => void): void {
		this.#when('written', then);
	}

	#reached(level: 'written' | 'stored'): Promise<void> {
		return new Promise((resolve) => this.#when(level, resolve));
	}

	#when(level: 'written' | 'stored', then: () => void): void {
		if ((level === 'written' ? this.#written : this.#stored) >= this.#enqueued) return then();
		this.#waiters.push({ target: this.#enqueued, level, resolve: then });
	}

	/** Waits for pending writes and any running compaction. `giveUpAfterMs` bounds a shutdown against a dead database. */
	async flush(giveUpAfterMs?: number): Promise<boolean> {
		const done = Promise.all([this.durable(), this.#compacting]).then(() => true);
		if (giveUpAfterMs === undefined) return done;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<boolean>((resolve) => {
			timer = setTimeout(() => resolve(false), giveUpAfterMs);
		});
		const result = await Promise.race([done, timeout]);
		clearTimeout(timer);
		if (!result) this.#stopped = true;
		return result;
	}

	/** Stores a new compacted state of the board; called on unload and when the log has grown. */
	compact(): Promise<unknown> {
		// A running compaction covers only what was logged when it began; a board leaving the server meanwhile must
		// still be stored whole, so one more runs after it (requests during the wait share that one).
		if (this.#compacting) return (this.#compactAgain ??= this.#compacting.then(() => this.#compactNext()));
		const { docs, boardId, logger, metrics } = this.#options;
		this.#sinceCompaction = { updates: 0, bytes: 0 };
		this.#compacting = docs
			.compact(boardId, () => this.#options.live())
			.then((result) => {
				if (result) metrics.compactions++;
			})
			.catch((error: unknown) => logger.warn({ err: error, boardId }, 'compaction failed; the log still holds every update'))
			.finally(() => {
				this.#compacting = null;
			});
		return this.#compacting;
	}

	#compactNext(): Promise<unknown> {
		this.#compactAgain = null;
		return this.compact();
	}

	async #drain(): Promise<void> {
		let confirmed: Promise<void> = Promise.resolve();
		do {
			while (this.#pending.length > 0 && !this.#stopped) {
				const batch = this.#pending;
				this.#pending = [];
				const cut = this.#options.cut();
				const upTo = (this.#cutUpTo += batch.length);
				let markWritten = () => {};
				const written = new Promise<void>((resolve) => (markWritten = resolve));
				const stored = this.#store(batch, () => {
					this.#advance(upTo, this.#stored);
					markWritten();
				});
				// Confirmed in the order cut, even when a retry stores an earlier batch after a later one: a cut's
				// frames count everything its connection sent before, earlier batches included.
				confirmed = Promise.all([confirmed, stored]).then(([, lastSeq]) => {
					if (lastSeq === null) return;
					this.#advance(upTo, upTo);
					this.#options.onDurable(cut, lastSeq, batch);
					this.#maybeCompact(batch);
				});
				// The next batch is cut once this one is written, so it commits while this one's fsync runs.
				await Promise.race([written, stored]);
			}
			if (this.#stopped) break;
			// Everything cut is written: wait until it is stored, or until more arrives to write meanwhile.
			const more = new Promise<false>((resolve) => (this.#wake = () => resolve(false)));
			const allStored = await Promise.race([confirmed.then(() => true as const), more]);
			this.#wake = null;
			if (allStored && this.#pending.length === 0) break;
		} while (!this.#stopped);
		await confirmed;
		if (!this.#stopped) this.#options.onIdle();
	}

	/** Appends the batch (retrying until it succeeds); the log's new head, or null if stopped first. */
	async #store(batch: LogEntry[], written: () => void): Promise<number | null> {
		const { docs, boardId, metrics, logger } = this.#options;
		for (let attempt = 0; !this.#stopped; attempt++) {
			const started = performance.now();
			try {
				const lastSeq = await docs.append(boardId, batch, written);
				metrics.recordPersist(performance.now() - started);
				return lastSeq;
			} catch (error) {
				metrics.persistFailures++;
				logger.error({ err: error, boardId, updates: batch.length, attempt }, 'storing updates failed; retrying');
				this.#options.onFailure(error);
				await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt)));
			}
		}
		return null;
	}

	/** Everything enqueued up to `written` is written, and up to `stored` stored. */
	#advance(written: number, stored: number): void {
		this.#written = Math.max(this.#written, written);
		this.#stored = Math.max(this.#stored, stored);
		const reached = (waiter: { target: number; level: 'written' | 'stored' }) =>
			waiter.target <= (waiter.level === 'written' ? this.#written : this.#stored);
		const ready = this.#waiters.filter(reached);
		this.#waiters = this.#waiters.filter((waiter) => !reached(waiter));
		for (const waiter of ready) waiter.resolve();
	}

	#maybeCompact(batch: LogEntry[]): void {
		this.#sinceCompaction.updates += batch.length;
		for (const entry of batch) this.#sinceCompaction.bytes += entry.update.byteLength;
		const { compactAfterUpdates, compactAfterBytes } = this.#options;
		if (this.#sinceCompaction.updates >= compactAfterUpdates || this.#sinceCompaction.bytes >= compactAfterBytes) {
			// Deferred so the acknowledgement above goes out before the merge occupies the event loop.
			setImmediate(() => void this.compact());
		}
	}
}
