/** How long the boards' work may hold the event loop in one turn before the rest waits for the next turn. */
export const TURN_BUDGET_MS = 8;
/**
 * With work waiting, a turn may take this long: the boards' share of the event loop must stay well above what their
 * work needs (at 2,000 edits a second on one core, about four fifths of it), or the queues grow without end and every
 * edit waits seconds; a turn of this length still leaves the loop's delay near the 50 ms a person would not notice.
 */
export const MAX_TURN_BUDGET_MS = 40;
/**
 * How far ahead of the boards with a backlog a board that starts waiting is placed: enough that its first task runs
 * before theirs (a quiet board's one edit does not wait behind forty-nine busy boards), little enough that a board
 * starting a burst gets no more than this before the others' turn comes round again.
 */
export const WAKE_CREDIT_MS = TURN_BUDGET_MS;

/** How a task is run: `background` work (a board's load) waits for the short budget only (see #endTurn). */
export interface TaskOptions {
	background?: boolean;
}

interface Queue {
	tasks: Array<() => void>;
	/** Only background tasks were queued: the board waits, but nobody is waiting on it. */
	background: boolean;
	/** The board's place in the rotation: how much of the loop its waiting work has had (virtual ms; lowest runs next). */
	used: number;
}

/**
 * Shares the event loop between the boards. Every message a room handles and every slice of a board being
 * loaded runs through here: at once while the turn's budget lasts, otherwise queued behind the same board's
 * earlier work and run in a later turn. So twenty 1,000-cell pastes arriving together, or fifty boards loading
 * at once after a restart, take turns with timers, other boards' messages and the replies of the storage thread
 * instead of holding the loop for the whole batch. A quiet server runs each task the moment it comes (no extra hop).
 *
 * Waiting boards share the turns by time, not by task (fair queuing): the board that has had the least of the loop
 * runs next, and a board that starts waiting is placed just ahead of those with a backlog. So a quiet board's
 * edit runs before the busy boards' next tasks instead of after one task of each (fifty boards, two queues each
 * with the outbox's: a whole rotation), and a board of 20 ms pastes gets the time of one paste while a board of
 * small edits gets that time's worth of edits, not one. A board that stops waiting keeps its place for when it comes
 * back (until the server has caught up), so stopping and starting again earns it nothing.
 *
 * A board's tasks keep their order (a connection's frames are handled in the order they came); different
 * boards' tasks interleave. A task is never split: the boards' share of a turn is at most the budget (up to
 * MAX_TURN_BUDGET_MS with work waiting) plus one task (one large paste, one slice of a load).
 */
export class Turns {
	readonly #budgetMs: number;
	readonly #now: () => number;
	/** Per board with tasks waiting, its queue; the map's order breaks ties (the longest waiting first). */
	readonly #queues = new Map<string, Queue>();
	/** Where boards that stopped waiting were in the rotation, while others still wait. */
	readonly #left = new Map<string, number>();
	/** The place of the board that ran last: never moves back. */
	#clock = 0;
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
	run(board: string, task: () => void, { background = false }: TaskOptions = {}): void {
		const queue = this.#queues.get(board);
		if (!queue && this.#spent < this.#budgetMs) {
			this.#timed(task);
			return;
		}
		if (queue) {
			queue.tasks.push(task);
			queue.background &&= background;
		} else {
			const used = Math.max(this.#left.get(board) ?? -Infinity, this.#clock - WAKE_CREDIT_MS);
			this.#left.delete(board);
			this.#queues.set(board, { tasks: [task], used, background });
		}
		this.#queued++;
		this.#scheduleTurnEnd();
	}

	/** Resolves once `task` has run in its turn (rejecting if it threw): for work that awaits, like a board's load. */
	runAsync<T>(board: string, task: () => T, options: TaskOptions = {}): Promise<T> {
		return new Promise((resolve, reject) =>
			this.run(
				board,
				() => {
					try {
						resolve(task());
					} catch (error) {
						reject(error instanceof Error ? error : new Error(String(error)));
					}
				},
				options
			)
		);
	}

	/** Runs a task, counting its time against the turn's budget; returns the time it took. */
	#timed(task: () => void): number {
		const started = this.#now();
		try {
			task();
		} catch (error) {
			this.#onError(error);
		}
		const took = this.#now() - started;
		this.#spent += took;
		this.#scheduleTurnEnd();
		return took;
	}

	#scheduleTurnEnd(): void {
		if (this.#turnEnd === null) this.#turnEnd = setImmediate(() => this.#endTurn());
	}

	/** This turn's budget, as it stands: checked before each task, so a turn shortens once nobody waits on it. */
	#turnBudget(): number {
		for (const queue of this.#queues.values()) if (!queue.background) return Math.max(this.#budgetMs, MAX_TURN_BUDGET_MS);
		return this.#budgetMs;
	}

	/** The waiting board that has had the least of the loop (the first of equals). */
	#next(): [string, Queue] | null {
		let best: [string, Queue] | null = null;
		for (const entry of this.#queues) if (best === null || entry[1].used < best[1].used) best = entry;
		return best;
	}

	/**
	 * The check phase, after the turn's I/O: the budget starts again, queued tasks run, fairly between the boards,
	 * until it is spent, and what is left waits for the next turn (an immediate set now runs after that turn's timers
	 * and I/O). The longer budget is for work someone waits on (edits coming in faster than one turn serves them); a
	 * large board's load alone keeps to the short one, or every other board's next edit would wait up to
	 * MAX_TURN_BUDGET_MS behind it for as long as the load lasts (a 1.5 MB board: about a second of slices).
	 */
	#endTurn(): void {
		this.#turnEnd = null;
		this.#spent = 0;
		while (this.#spent < this.#turnBudget()) {
			const next = this.#next();
			if (!next) break;
			const [board, queue] = next;
			const task = queue.tasks.shift()!;
			this.#queued--;
			this.#clock = Math.max(this.#clock, queue.used);
			// Each task run sets up the next turn's end, which starts the budget again (and runs what is still queued).
			queue.used += this.#timed(task);
			if (queue.tasks.length === 0 && this.#queues.get(board) === queue) {
				this.#queues.delete(board);
				this.#left.set(board, queue.used);
			}
		}
		// Caught up: every board is served at once again, and no place needs keeping.
		if (this.#queues.size === 0) this.#left.clear();
		else for (const [board, used] of this.#left) if (used <= this.#clock - WAKE_CREDIT_MS) this.#left.delete(board);
	}
}
