import type { Logger } from 'pino';

export interface CheckpointOptions {
	/** Editing time after which a checkpoint is due. */
	intervalMs: number;
	/** Stores an automatic version of the board as it is now. */
	take(boardId: string): Promise<void>;
	logger: Logger;
	now?: () => number;
}

/** What rooms report about editing activity. */
export interface EditingActivity {
	edited(boardId: string): void;
	/** The last connection that could edit the board closed. */
	editorsLeft(boardId: string): void;
}

/**
 * Automatic versions of boards being edited: one once a board has had edits for `intervalMs` since its last
 * checkpoint, and one when its last editor leaves, so a workshop's end state is always recoverable even if
 * nobody took a named snapshot. Boards without edits since their last checkpoint are never checkpointed again.
 */
export class Checkpoints implements EditingActivity {
	readonly #options: CheckpointOptions;
	/** Board id -> time of its first edit not yet covered by a checkpoint. */
	readonly #dirtySince = new Map<string, number>();
	readonly #inFlight = new Map<string, Promise<void>>();
	readonly #timer: NodeJS.Timeout;

	constructor(options: CheckpointOptions) {
		this.#options = options;
		this.#timer = setInterval(() => this.tick(), Math.min(60_000, Math.max(1_000, options.intervalMs / 4)));
		this.#timer.unref();
	}

	#now(): number {
		return this.#options.now?.() ?? Date.now();
	}

	edited(boardId: string): void {
		if (!this.#dirtySince.has(boardId)) this.#dirtySince.set(boardId, this.#now());
	}

	editorsLeft(boardId: string): Promise<void> {
		return this.#take(boardId);
	}

	tick(): void {
		const now = this.#now();
		for (const [boardId, since] of this.#dirtySince) {
			if (now - since >= this.#options.intervalMs) void this.#take(boardId);
		}
	}

	/** Takes the checkpoints still due. */
	async flush(): Promise<void> {
		await Promise.all([...this.#dirtySince.keys()].map((boardId) => this.#take(boardId)));
	}

	/** Stops the timer and waits for checkpoints being written (a shutdown must not cut one in half). */
	async stop(): Promise<void> {
		clearInterval(this.#timer);
		await Promise.all(this.#inFlight.values());
	}

	#take(boardId: string): Promise<void> {
		if (!this.#dirtySince.has(boardId)) return Promise.resolve();
		const running = this.#inFlight.get(boardId);
		if (running) return running;
		this.#dirtySince.delete(boardId);
		const taking = this.#options
			.take(boardId)
			.catch((error: unknown) => {
				// Edits stay stored in the update log; only the convenience version is missing, so try again later.
				this.edited(boardId);
				this.#options.logger.warn({ err: error, boardId }, 'automatic checkpoint failed');
			})
			.finally(() => this.#inFlight.delete(boardId));
		this.#inFlight.set(boardId, taking);
		return taking;
	}
}
