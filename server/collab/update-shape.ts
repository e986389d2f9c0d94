import * as Y from 'yjs';

/** What one client update writes and what it builds on, read with a single decode. */
export interface UpdateShape {
	/** Per client: the clock range [from, to) of the structs the update carries. */
	ranges: Map<number, { from: number; to: number }>;
	/** A gap inside the update (a Skip struct): it cannot be applied whole, ever. */
	hasGap: boolean;
	/**
	 * The state each client's content must have reached in the document before the update applies whole: its own
	 * structs continue where their client's content ends, what it is placed next to or inside exists, and what it
	 * deletes exists (or comes in the update itself).
	 */
	needs: Map<number, number>;
	/** Per client: the end of the content the update deletes, where it reaches past the update's own structs. */
	deletes: Map<number, number>;
}

/** Decodes a client update (throwing on malformed bytes) into its shape; independent of any document. */
export function shapeOf(update: Uint8Array): UpdateShape {
	const { structs, ds } = Y.decodeUpdate(update);
	const ranges = new Map<number, { from: number; to: number }>();
	let hasGap = false;
	for (const struct of structs) {
		if (struct instanceof Y.Skip) hasGap = true;
		const { client, clock } = struct.id;
		const range = ranges.get(client);
		if (range) range.to = clock + struct.length;
		else ranges.set(client, { from: clock, to: clock + struct.length });
	}
	const needs = new Map<number, number>();
	const need = (client: number, state: number) => {
		if (state > (needs.get(client) ?? 0)) needs.set(client, state);
	};
	const inUpdate = (id: Y.ID) => {
		const range = ranges.get(id.client);
		return range !== undefined && id.clock >= range.from && id.clock < range.to;
	};
	const needId = (id: Y.ID | null) => {
		if (id !== null && !inUpdate(id)) need(id.client, id.clock + 1);
	};
	for (const [client, { from }] of ranges) need(client, from);
	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue;
		needId(struct.origin);
		needId(struct.rightOrigin);
		if (struct.parent instanceof Y.ID) needId(struct.parent);
	}
	const deletes = new Map<number, number>();
	for (const [client, deletions] of ds.clients) {
		const carried = ranges.get(client)?.to ?? 0;
		for (const { clock, len } of deletions) {
			if (clock + len <= carried) continue;
			need(client, clock + len);
			deletes.set(client, Math.max(deletes.get(client) ?? 0, clock + len));
		}
	}
	return { ranges, hasGap, needs, deletes };
}

/** Whether the document has everything the update builds on: a few map lookups, no decode. */
export function canApply(doc: Y.Doc, needs: Map<number, number>): boolean {
	for (const [client, state] of needs) if (Y.getState(doc.store, client) < state) return false;
	return true;
}

/** The clients whose content the update extends past what the document has (its writers, as far as the board is concerned). */
export function writers(doc: Y.Doc, shape: UpdateShape): number[] {
	const out: number[] = [];
	for (const [client, { to }] of shape.ranges) if (to > Y.getState(doc.store, client)) out.push(client);
	return out;
}

/** The clients whose content the update deletes past what the document has. */
export function deletesAhead(doc: Y.Doc, shape: UpdateShape): number[] {
	const out: number[] = [];
	for (const [client, end] of shape.deletes) if (end > Y.getState(doc.store, client)) out.push(client);
	return out;
}
