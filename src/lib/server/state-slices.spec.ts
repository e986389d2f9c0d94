import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sliceState } from './state-slices.ts';

/** Three members editing text, maps and arrays, syncing now and then, with deletions: every kind of dependency. */
function sharedBoard(rounds: number): Y.Doc {
	const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
	const sync = () => {
		for (const from of docs)
			for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
	};
	let seed = 7;
	const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
	for (let round = 0; round < rounds; round++) {
		docs.forEach((doc, member) => {
			const text = doc.getText('notes');
			text.insert(Math.floor(random() * (text.length + 1)), `m${member}r${round} `);
			if (text.length > 20 && random() < 0.3) text.delete(Math.floor(random() * (text.length - 5)), 4);
			const row = new Y.Map<unknown>();
			doc.getMap('rows').set(`row-${round % 13}`, row);
			row.set('cost', round);
			const list = doc.getArray<number>('order');
			list.insert(Math.floor(random() * (list.length + 1)), [round]);
		});
		if (round % 5 === 0) sync();
	}
	sync();
	return docs[0]!;
}

function applyEach(slices: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const slice of slices) {
		Y.applyUpdate(doc, slice);
		// Each slice builds only on those before it: nothing waits inside Yjs for a later one.
		expect(doc.store.pendingStructs).toBeNull();
		expect(doc.store.pendingDs).toBeNull();
	}
	return doc;
}

describe('sliceState', () => {
	it('cuts a board edited by several members into slices that give the same document, in order', () => {
		const board = sharedBoard(200);
		const state = Y.encodeStateAsUpdate(board);
		const slices = sliceState(state, { structs: 50, content: 1_000 });
		expect(slices.length).toBeGreaterThan(10);
		const loaded = applyEach(slices);
		for (const doc of [loaded, board]) {
			// A document lists in toJSON only the types it has been asked for.
			doc.getText('notes');
			doc.getMap('rows');
			doc.getArray('order');
		}
		expect(loaded.toJSON()).toEqual(board.toJSON());
		expect(Y.encodeStateAsUpdate(loaded)).toEqual(state);
	});

	it('keeps each slice within its size, by structs and by content', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		for (let i = 0; i < 40; i++) text.insert(0, 'x'.repeat(500));
		const state = Y.encodeStateAsUpdate(doc);
		const slices = sliceState(state, { structs: 1_000, content: 2_000 });
		// 20,000 characters at 2,000 a slice (a slice closes at the struct that reaches it), then the deletions.
		expect(slices.length).toBe(10 + 1);
		expect(applyEach(slices).getText('t').toString()).toBe(text.toString());
	});

	it('returns a small state whole', () => {
		const state = Y.encodeStateAsUpdate(sharedBoard(3));
		expect(sliceState(state, { structs: 10_000, content: 100_000 })).toEqual([state]);
	});
});
