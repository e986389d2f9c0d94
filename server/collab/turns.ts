/** How long the boards' work may hold the event loop in one turn before the rest waits for the next turn. */
export const TURN_BUDGET_MS = 8;
/**
 * With work waiting, a turn may take this long: the boards' share of the event loop must stay well above what their
 * work needs (at 2,000 edits a second on one core, about four fifths of it), or the queues grow without end and every
 * edit waits seconds; a turn of this length still leaves the loop's delay near the 50 ms a person would not notice.
 */
export const MAX_TURN_BUDGET_MS = 40;

/**
 * Shares the event loop between the boards. Every message a room handles and every slice of a board being
 * loaded runs through here: at once while the turn's budget lasts, otherwise queued behind the same board's
 * earlier work and run in a later turn, one task per board in rotation. So twenty 1,000-cell pastes arriving
 * together, or fifty boards loading at once after a restart, take turns with timers, other boards' messages
 * and the replies of the storage thread instead of holding the loop for the whole batch: what arrives in one
 * turn is no longer all handled in that turn. A quiet server runs each task the moment it comes (no extra hop).
 *
 * A board's tasks keep their order (a connection's frames are handled in the order they came); different
 * boards' tasks interleave. A task is never split: the boards' share of a turn is at most the budget (up to
 * MAX_TURN_BUDGET_MS with work waiting) plus one task (one large paste, one slice of a load).
 */
export class Turns {
	readonly #budgetMs: number;
	readonly #now: () => number;
	/** Per board, its queued tasks; the map's order is the rotation (a board goes to the back after each task). */
	readonly #queues = new Map<string, Array<() => void>>();
	/** Time spent running tasks since the current turn began (a turn ends at the next check phase). */
	#spent = 0;
	#turnEnd: NodeJS.Immediate | null = null;
	#queued = 0;
	readonly #onError: (error: unknown) => void;

	/** `onError` hears of a task that threw (a bug): the other tasks still run. */
	constructor({
		budgetMs = TURN_BUDGET_MS,
		now = () => performance.now(),
		onError = (error: unknown) =>
			queueMicrotask(() => {
				throw error;
			})
	}: { budgetMs?: number; now?: () => number; onError?: (error: unknown) => void } = {}) {
		this.#budgetMs = budgetMs;
		this.#now = now;
		this.#onError = onError;
	}

	/** Tasks waiting for a later turn, over every board: the server is behind while there are any. */
	get queued(): number {
		return this.#queued;
	}

	/** Runs `task` for `board` now, or after the board's earlier tasks once a turn has budget left. */
	run(board: string, task: () => void): void {
		if (this.#spent < this.#budgetMs && !this.#queues.has(board)) {
			this.#timed(task);
			return;
		}
		const queue = this.#queues.get(board);
		if (queue) queue.push(task);
		else this.#queues.set(board, [task]);
		this.#queued++;
		this.#scheduleTurnEnd();
	}

	/** Resolves once `task` has run in its turn (rejecting if it threw): for work that awaits, like a board's load. */
	runAsync<T>(board: string, task: () => T): Promise<T> {
		return new Promise((resolve, reject) =>
			this.run(board, () => {
				try {
					resolve(task());
				} catch (error) {
					reject(error instanceof Error ? error : new Error(String(error)));
				}
			})
		);
	}

	#timed(task: () => void): void {
		const started = this.#now();
		try {
			task();
		} catch (error) {
			this.#onError(error);
		} finally {
			this.#spent += this.#now() - started;
			this.#scheduleTurnEnd();
		}
	}

	#scheduleTurnEnd(): void {
		if (this.#turnEnd === null) this.#turnEnd = setImmediate(() => this.#endTurn());
	}

	/**
	 * The check phase, after the turn's I/O: the budget starts again, queued tasks run in rotation until it is
	 * spent, and what is left waits for the next turn (an immediate set now runs after that turn's timers and I/O).
	 */
	#endTurn(): void {
		this.#turnEnd = null;
		const budget = this.#queues.size > 0 ? Math.max(this.#budgetMs, MAX_TURN_BUDGET_MS) : this.#budgetMs;
		this.#spent = 0;
		while (this.#spent < budget) {
			const next = this.#queues.entries().next();
			if (next.done) break;
			const [board, queue] = next.value;
			const task = queue.shift()!;
			this.#queued--;
			this.#queues.delete(board);
			if (queue.length > 0) this.#queues.set(board, queue);
			// Each task run sets up the next turn's end, which starts the budget again (and runs what is still queued).
			this.#timed(task);
		}
	}
}
