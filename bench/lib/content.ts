import * as Y from 'yjs';
import * as init from '../../src/lib/board/init.ts';
import * as scope from '../../src/lib/board/scope.ts';
import * as template from '../../src/lib/board/template.ts';

/**
 * What the load generator writes, identical for every server: a board made from the shadow-trust template
 * with one scope row per writer, and real board edits (a text cell set, a row added) carrying a marker
 * `~b<writer>.<seq>~`. The marker's bytes appear verbatim in the Yjs update (strings are encoded as UTF-8),
 * so a reader can spot which edit a frame carries without decoding it, whatever the server's framing.
 */
export const MAX_WRITERS = 64;
const EDIT_COLUMN = template.TEMPLATE_COLUMN_IDS.statutoryBasis;
const ROW_COLUMN = template.TEMPLATE_COLUMN_IDS.service;
// Typical cell text length, so updates are the size of real edits (~150 bytes on the wire).
const PADDING = ' - Children Act 1989, s.17 and Part III; statutory guidance'.padEnd(80, '.');

export const writerRowId = (writer: number) => `bench-w${writer}`;

export function marker(writer: number, seq: number): string {
	return `~b${writer}.${seq}~`;
}

let seed: Uint8Array | null = null;

/** The starting board as one update (built once; every board in a run starts from these bytes). */
export function seedUpdate(): Uint8Array {
	if (seed) return seed;
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Benchmark board', description: 'Load generator', template: 'shadow-trust' });
	for (let w = 0; w < MAX_WRITERS; w++) scope.addRow(doc, { id: writerRowId(w) });
	seed = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return seed;
}

/** A client's own copy of the board, used to produce edits exactly as an editor would. */
export class EditorDoc {
	readonly doc = new Y.Doc();

	constructor() {
		Y.applyUpdate(this.doc, seedUpdate());
	}

	/** Sets the writer's cell to a marked value; returns the update that change produced. */
	editCell(writer: number, seq: number): Uint8Array {
		return this.#capture(() => scope.setCell(this.doc, writerRowId(writer), EDIT_COLUMN, marker(writer, seq) + PADDING));
	}

	/** Adds a row whose first cell is marked: each edit is kept, so a restarted server can be checked for it. */
	addRow(writer: number, seq: number): Uint8Array {
		return this.#capture(() => scope.addRow(this.doc, { values: { [ROW_COLUMN]: marker(writer, seq) } }));
	}

	#capture(edit: () => unknown): Uint8Array {
		let captured: Uint8Array | null = null;
		const onUpdate = (update: Uint8Array) => (captured = update);
		this.doc.on('update', onUpdate);
		try {
			edit();
		} finally {
			this.doc.off('update', onUpdate);
		}
		if (!captured) throw new Error('the edit changed nothing');
		return captured;
	}
}

/** Every marker in a byte range, without decoding it. */
export function scanMarkers(bytes: Uint8Array, found: (writer: number, seq: number) => void): void {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let at = buffer.indexOf('~b'); at >= 0; at = buffer.indexOf('~b', at + 2)) {
		let i = at + 2;
		let writer = 0;
		let seq = 0;
		let digits = 0;
		for (; i < buffer.length && buffer[i]! >= 48 && buffer[i]! <= 57; i++, digits++) writer = writer * 10 + buffer[i]! - 48;
		if (digits === 0 || buffer[i] !== 46) continue;
		digits = 0;
		for (i++; i < buffer.length && buffer[i]! >= 48 && buffer[i]! <= 57; i++, digits++) seq = seq * 10 + buffer[i]! - 48;
		if (digits > 0 && buffer[i] === 126) found(writer, seq);
	}
}

/** The markers a document holds (what a restarted server kept). */
export function markersIn(doc: Y.Doc): Set<string> {
	const found = new Set<string>();
	scanMarkers(Y.encodeStateAsUpdate(doc), (writer, seq) => found.add(marker(writer, seq)));
	return found;
}
