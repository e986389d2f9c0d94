import type * as Y from 'yjs';
import { canApply, shapeOf } from './update-shape.ts';

export interface Held<Sender> {
	sender: Sender;
	update: Uint8Array;
	/** What the document must have before the update applies whole (UpdateShape.needs), read once on arrival. */
	needs: Map<number, number>;
	/** The sender's frame count when it arrived: confirmations must stop short of it while it is held. */
	frame: number;
	heldAt: number;
}

/**
 * Client updates that build on content the board does not have yet (an edit sent just before the sync reply
 * that carries what it builds on). Yjs would apply such an update's deletions at once and keep its insertions
 * waiting, so for a moment a renamed row has no name; holding the whole update until it can be applied whole
 * keeps every intermediate state of the board one that some client really had. What an update waits for is
 * read once when it arrives, so a held update costs a few map lookups per later edit, not a decode.
 */
export class HeldUpdates<Sender> {
	#held: Held<Sender>[] = [];
	#bytes = 0;

	get bytes(): number {
		return this.#bytes;
	}

	get size(): number {
		return this.#held.length;
	}

	/** Whether the update builds on changes the document has not seen (decodes it; throws on malformed bytes). */
	static missingDependencies(doc: Y.Doc, update: Uint8Array): boolean {
		return !canApply(doc, shapeOf(update).needs);
	}

	hold(sender: Sender, update: Uint8Array, options: { needs?: Map<number, number>; frame?: number; now?: number } = {}): void {
		const { needs = shapeOf(update).needs, frame = 0, now = Date.now() } = options;
		this.#held.push({ sender, update, needs, frame, heldAt: now });
		this.#bytes += update.byteLength;
	}

	/** How many updates and bytes one sender has held: a client that keeps sending unapplicable updates is closed. */
	heldBy(sender: Sender): { count: number; bytes: number } {
		let count = 0;
		let bytes = 0;
		for (const entry of this.#held) {
			if (entry.sender !== sender) continue;
			count++;
			bytes += entry.update.byteLength;
		}
		return { count, bytes };
	}

	/** The frame of the sender's earliest update still held, or null. */
	firstHeldFrame(sender: Sender): number | null {
		return this.#held.find((entry) => entry.sender === sender)?.frame ?? null;
	}

	/** Takes out, in arrival order, every held update that can now be applied whole; repeat until none. */
	takeReady(doc: Y.Doc): Held<Sender>[] {
		if (this.#held.length === 0) return [];
		const ready: Held<Sender>[] = [];
		this.#held = this.#held.filter((entry) => {
			if (!canApply(doc, entry.needs)) return true;
			ready.push(entry);
			this.#bytes -= entry.update.byteLength;
			return false;
		});
		return ready;
	}

	/** Removes updates held longer than `maxAgeMs` (or all), returning them. */
	expire(now: number, maxAgeMs: number): Held<Sender>[] {
		const expired = this.#held.filter((entry) => now - entry.heldAt >= maxAgeMs);
		if (expired.length === 0) return expired;
		this.#held = this.#held.filter((entry) => now - entry.heldAt < maxAgeMs);
		for (const entry of expired) this.#bytes -= entry.update.byteLength;
		return expired;
	}

	/** Drops everything a sender has held (it was closed): nothing of it was applied or confirmed. */
	dropFrom(sender: Sender): void {
		const kept = this.#held.filter((entry) => entry.sender !== sender);
		if (kept.length === this.#held.length) return;
		for (const entry of this.#held) if (entry.sender === sender) this.#bytes -= entry.update.byteLength;
		this.#held = kept;
	}

	oldest(): number | null {
		return this.#held[0]?.heldAt ?? null;
	}
}
