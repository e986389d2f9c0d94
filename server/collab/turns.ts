/** How long the boards' work may hold the event loop in one turn before the rest waits for the next turn. */
export const TURN_BUDGET_MS = 8;
/**
 * With work waiting, a turn may take as long as the rest of the last turn took (its I/O, timers and storage
 * replies), up to this: otherwise a loop busy with other work would leave the boards 8 ms a turn, and their
 * queues would grow without end.
 */
export const MAX_TURN_BUDGET_MS = 32;

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
	/** When the last turn's queued tasks finished, and the time tasks have taken since. */
	#lastTurnEnd = 0;
	#spentSinceLastTurn = 0;
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
			const took = this.#now() - started;
			this.#spent += took;
			this.#spentSinceLastTurn += took;
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
		const now = this.#now();
		const otherWork = now - this.#lastTurnEnd - this.#spentSinceLastTurn;
		const budget = Math.max(this.#budgetMs, Math.min(MAX_TURN_BUDGET_MS, otherWork));
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
		this.#lastTurnEnd = this.#now();
		this.#spentSinceLastTurn = 0;
	}
}
