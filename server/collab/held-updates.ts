import * as Y from 'yjs';

export interface Held<Sender> {
	sender: Sender;
	update: Uint8Array;
	heldAt: number;
}

/**
 * Client updates that build on content the board does not have yet (an edit sent just before the sync reply
 * that carries what it builds on). Yjs would apply such an update's deletions at once and keep its insertions
 * waiting, so for a moment a renamed row has no name; holding the whole update until it can be applied whole
 * keeps every intermediate state of the board one that some client really had.
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

	/**
	 * Whether the update builds on changes the document has not seen: its own client's earlier ones, or content it
	 * is placed next to or inside. Yjs would keep such insertions waiting, possibly for good (a hostile or
	 * corrupted update), and the board's guard does not judge the board while insertions wait.
	 */
	static missingDependencies(doc: Y.Doc, update: Uint8Array): boolean {
		// One decode for both checks: this runs on every client update, before Yjs decodes it again to apply it.
		const { structs } = Y.decodeUpdate(update);
		// Each client's structs come in clock order: where the update starts and ends, per client.
		const from = new Map<number, number>();
		const to = new Map<number, number>();
		for (const struct of structs) {
			const { client, clock } = struct.id;
			if (!from.has(client)) from.set(client, clock);
			to.set(client, clock + struct.length);
		}
		for (const [client, clock] of from) {
			if (clock > Y.getState(doc.store, client)) return true;
		}
		const known = (id: Y.ID | null): boolean =>
			id === null ||
			id.clock < Y.getState(doc.store, id.client) ||
			(id.clock >= (from.get(id.client) ?? Infinity) && id.clock < (to.get(id.client) ?? 0));
		for (const struct of structs) {
			if (!(struct instanceof Y.Item)) continue;
			if (!known(struct.origin) || !known(struct.rightOrigin)) return true;
			if (struct.parent instanceof Y.ID && !known(struct.parent)) return true;
		}
		return false;
	}

	hold(sender: Sender, update: Uint8Array, now = Date.now()): void {
		this.#held.push({ sender, update, heldAt: now });
		this.#bytes += update.byteLength;
	}

	/** Takes out, in arrival order, every held update that can now be applied whole; repeat until none. */
	takeReady(doc: Y.Doc): Held<Sender>[] {
		const ready: Held<Sender>[] = [];
		this.#held = this.#held.filter((entry) => {
			if (HeldUpdates.missingDependencies(doc, entry.update)) return true;
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

	oldest(): number | null {
		return this.#held[0]?.heldAt ?? null;
	}
}
