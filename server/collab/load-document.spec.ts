import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { sliceState } from '../../src/lib/server/state-slices.ts';
import { loadDocument, writeSyncStep2 } from './load-document.ts';

function board(lines: number): Y.Doc {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	for (let i = 0; i < lines; i++) text.insert(text.length, `line ${i}\n`);
	return doc;
}

/** What a client with `clientDoc` makes of the server's answer to its sync step 1. */
function answer(doc: Y.Doc, whole: Uint8Array | null, clientDoc: Y.Doc): void {
	const encoder = encoding.createEncoder();
	writeSyncStep2(encoder, doc, whole, Y.encodeStateVector(clientDoc));
	const decoder = decoding.createDecoder(encoding.toUint8Array(encoder));
	syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), clientDoc, null);
}

describe('loadDocument', () => {
	it('applies a sliced board with turns of the event loop between the slices, nobody waiting for all of it', async () => {
		const original = board(300);
		const slices = sliceState(Y.encodeStateAsUpdate(original), { structs: 10, content: 100_000 });
		let turns = 0;
		let counting = true;
		const count = () => {
			turns++;
			if (counting) setImmediate(count);
		};
		setImmediate(count);
		const loaded = await loadDocument({ updates: slices, seq: 9 }, { budgetMs: 0 });
		counting = false;
		expect(loaded.doc.getText('t').toString()).toBe(original.getText('t').toString());
		expect(loaded.seq).toBe(9);
		expect(turns).toBeGreaterThanOrEqual(slices.length - 1);
	});

	it('applies a small board in one go', async () => {
		const state = Y.encodeStateAsUpdate(board(5));
		let turned = false;
		setImmediate(() => (turned = true));
		const loaded = await loadDocument({ updates: [state], seq: 1 });
		expect(turned).toBe(false);
		expect(loaded.whole).toBeNull();
		expect(loaded.bytes).toBe(state.byteLength);
	});
});

describe('writeSyncStep2', () => {
	it('gives an empty client the whole board as loaded, and anyone else what they lack of the document', () => {
		const doc = board(20);
		const whole = Y.encodeStateAsUpdate(doc);
		const empty = new Y.Doc();
		answer(doc, whole, empty);
		expect(empty.getText('t').toString()).toBe(doc.getText('t').toString());

		// A client holding part of the board gets the rest from the document itself.
		const partial = new Y.Doc();
		Y.applyUpdate(partial, whole);
		doc.getText('t').insert(0, 'new ');
		answer(doc, whole, partial);
		expect(partial.getText('t').toString()).toBe(doc.getText('t').toString());
	});
});
