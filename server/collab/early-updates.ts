import type { LogEntry } from '../../src/lib/server/doc-store.ts';

interface Early {
	id: number;
	from: string;
	entry: LogEntry;
	receivedAt: number;
	/** Handed to this instance's writer: waiting for that write, not for the sender's. */
	storing: boolean;
}

/**
 * Other instances' updates that this instance applied before they were stored (the fan-out's early path),
 * until they are known to be in the log.
 *
 * Why confirmations wait for them: a `saved` message promises that what its state vector covers, and every
 * update in the frames it counts, is stored. A cut's state vector covers the whole document, early updates
 * included; and when an early update's sender dies before its commit, its author's client reconnects here and
 * resends it, which adds nothing to a document that already has it, so nothing here stores that frame. So a
 * cut records `mark` and is confirmed only once every early update tracked up to it is known stored. The rest
 * of a cut's document is stored by then: what was loaded, other instances' numbered entries, this instance's
 * own updates (a cut is confirmed after its batch and every earlier one committed), early updates that added
 * nothing (their content came one of these ways) and early updates that waited for a dependency (the
 * transaction that integrates them is stored: one applied while the document holds pending content is stored
 * as PEER_RELEASING, and a client's is stored anyway).
 *
 * An update is known stored when the same bytes arrive as a log entry: its sender's numbered message, a
 * catch-up read, or this instance's own write of it. One not known stored in time, or whose sender is gone,
 * this instance stores itself: appending an update twice is harmless, so the worst case is a duplicate row,
 * never a confirmation of an unstored edit.
 */
export class EarlyUpdates {
	/** Not yet known stored, in arrival order. */
	#waiting: Early[] = [];
	#lastId = 0;
	#waiters: Array<{ mark: number; run: () => void }> = [];

	/** Identifies everything tracked so far; a cut records it. */
	get mark(): number {
		return this.#lastId;
	}

	/** Arrival time of the oldest update not yet handed to this instance's writer. */
	get oldestWaiting(): number | null {
		return this.#waiting.find((early) => !early.storing)?.receivedAt ?? null;
	}

	add(from: string, entry: LogEntry, now: number): void {
		this.#waiting.push({ id: ++this.#lastId, from, entry, receivedAt: now, storing: false });
	}

	/** Whether every update tracked up to `mark` is known stored. */
	storedThrough(mark: number): boolean {
		const first = this.#waiting[0];
		return first === undefined || first.id > mark;
	}

	/** Runs `run` once `storedThrough(mark)` (at once if it already holds). */
	whenStored(mark: number, run: () => void): void {
		if (this.storedThrough(mark)) run();
		else this.#waiters.push({ mark, run });
	}

	/** These updates are in the log. */
	stored(updates: Uint8Array[]): void {
		if (this.#waiting.length === 0) return;
		this.#waiting = this.#waiting.filter((early) => !updates.some((update) => sameBytes(update, early.entry.update)));
		const ready = this.#waiters.filter((waiter) => this.storedThrough(waiter.mark));
		if (ready.length === 0) return;
		this.#waiters = this.#waiters.filter((waiter) => !this.storedThrough(waiter.mark));
		for (const waiter of ready) waiter.run();
	}

	/**
	 * Updates this instance should store itself: those received by `receivedBy`, or all of `from`'s (the
	 * sender is gone). Storing one twice is harmless, so waiting longer only delays confirmations.
	 */
	takeDue(receivedBy: number, from?: string): LogEntry[] {
		const due = this.#waiting.filter((early) => !early.storing && (early.receivedAt <= receivedBy || early.from === from));
		for (const early of due) early.storing = true;
		return due.map((early) => early.entry);
	}

	/** Forgets everything: the room is closing and nothing waiting will be confirmed. */
	clear(): void {
		this.#waiting = [];
		this.#waiters = [];
	}
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
