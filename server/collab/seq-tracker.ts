/**
 * Which entries of a board's update log an instance's document holds. The log's sequence numbers are dense
 * and commit-ordered, so "everything up to `applied`" plus a few ranges above it (updates that arrived out of
 * order through the fan-out, or this instance's own appends after someone else's) says exactly what is
 * missing: the holes, and anything between the highest known head and the rest.
 */
export class SeqTracker {
	#applied: number;
	/** Disjoint, sorted, non-adjacent ranges strictly above `applied + 1`. */
	#ranges: Array<[number, number]> = [];
	#known: number;

	/** `applied`: the seq the document was loaded at (it holds every entry up to it). */
	constructor(applied: number) {
		this.#applied = applied;
		this.#known = applied;
	}

	/** Every entry up to and including this seq is in the document. */
	get applied(): number {
		return this.#applied;
	}

	/** Whether an entry exists that the document may lack. */
	get behind(): boolean {
		return this.#known > this.#applied;
	}

	has(seq: number): boolean {
		return seq <= this.#applied || this.#ranges.some(([first, last]) => seq >= first && seq <= last);
	}

	/** Entries `first..last` are in the document. */
	add(first: number, last: number): void {
		if (last < first) return;
		this.#known = Math.max(this.#known, last);
		if (last <= this.#applied) return;
		first = Math.max(first, this.#applied + 1);
		const merged: Array<[number, number]> = [];
		for (const range of this.#ranges) {
			if (range[1] < first - 1 || range[0] > last + 1) merged.push(range);
			else {
				first = Math.min(first, range[0]);
				last = Math.max(last, range[1]);
			}
		}
		merged.push([first, last]);
		merged.sort((a, b) => a[0] - b[0]);
		if (merged[0]![0] === this.#applied + 1) this.#applied = merged.shift()![1];
		this.#ranges = merged;
	}

	/** The log's head is at least `seq` (a doorbell, or the periodic head check). */
	observe(seq: number): void {
		this.#known = Math.max(this.#known, seq);
	}
}
