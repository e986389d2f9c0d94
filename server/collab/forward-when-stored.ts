/**
 * Holds a room's edits back from its readers until they are written where a crash of the server cannot lose them.
 *
 * Forwarded before its commit, an edit could reach a reader and then be lost in a crash; after the restart
 * the reader's catch-up would carry that colleague's content under the colleague's client id, which update
 * admission refuses (it cannot tell a relay from a forgery), closing an honest member. So an edit goes to
 * readers once the writer says everything enqueued up to it is written: committed to the WAL, which a crash of
 * the process (kill -9, out of memory, a bug) cannot undo. On SQLite with SQLITE_SYNC=full that is before the
 * fsync its author's confirmation waits for, so readers do not wait for the disk: only a power cut or a kernel
 * crash in the millisecond or two between the commit and its fsync can lose an edit a reader holds, and then
 * only one its author was never told was saved, which the author's client sends again when it reconnects (the
 * reader is closed with 4422 until then). With SQLITE_SYNC=normal that window is the second between syncs.
 *
 * While storage is failing, nothing would ever be forwarded, and the meeting would stop: then everything held
 * goes out at once and later edits go straight through (shown live, unconfirmed, as before), until a commit
 * succeeds again.
 */
export class ForwardWhenStored<Origin> {
	readonly #forward: (update: Uint8Array, origin: Origin) => void;
	readonly #stored: (then: () => void) => void;
	#held: { seq: number; update: Uint8Array; origin: Origin }[] = [];
	#seq = 0;
	#failing = false;
	#closed = false;

	/**
	 * @param forward sends an update to the readers
	 * @param stored calls `then` once everything enqueued to the writer so far is written (calls keep their order)
	 */
	constructor(forward: (update: Uint8Array, origin: Origin) => void, stored: (then: () => void) => void) {
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
		this.#stored(() => this.#release(seq));
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
