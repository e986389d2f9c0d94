/**
 * Holds a room's edits back from its readers until they are stored.
 *
 * Forwarded before its commit, an edit could reach a reader and then be lost in a crash; after the restart
 * the reader's catch-up would carry that colleague's content under the colleague's client id, which update
 * admission refuses (it cannot tell a relay from a forgery), closing an honest member. So an edit goes to
 * readers once the writer says everything enqueued up to it is stored: the commit runs in a worker thread, so
 * waiting costs the readers one commit, not the event loop.
 *
 * While storage is failing, nothing would ever be forwarded, and the meeting would stop: then everything held
 * goes out at once and later edits go straight through (shown live, unconfirmed, as before), until a commit
 * succeeds again.
 */
export class ForwardWhenStored<Origin> {
	readonly #forward: (update: Uint8Array, origin: Origin) => void;
	readonly #stored: () => Promise<void>;
	#held: { seq: number; update: Uint8Array; origin: Origin }[] = [];
	#seq = 0;
	#failing = false;
	#closed = false;

	/**
	 * @param forward sends an update to the readers
	 * @param stored resolves once everything enqueued to the writer so far is stored (resolutions keep their order)
	 */
	constructor(forward: (update: Uint8Array, origin: Origin) => void, stored: () => Promise<void>) {
		this.#forward = forward;
		this.#stored = stored;
	}

	/** Call right after enqueueing the update to the writer. */
	add(update: Uint8Array, origin: Origin): void {
		if (this.#closed) return;
		if (this.#failing) {
			this.#forward(update, origin);
			return;
		}
		const seq = ++this.#seq;
		this.#held.push({ seq, update, origin });
		void this.#stored().then(() => this.#release(seq));
	}

	/** Storage failed: readers get what is held now, and later edits at once. */
	failing(): void {
		this.#failing = true;
		this.#release(Infinity);
	}

	/** A commit succeeded again. */
	recovered(): void {
		this.#failing = false;
	}

	close(): void {
		this.#closed = true;
		this.#held = [];
	}

	get heldCount(): number {
		return this.#held.length;
	}

	#release(upTo: number): void {
		if (this.#closed) return;
		let count = 0;
		while (count < this.#held.length && this.#held[count]!.seq <= upTo) count++;
		if (count === 0) return;
		const ready = this.#held.splice(0, count);
		for (const { update, origin } of ready) this.#forward(update, origin);
	}
}
