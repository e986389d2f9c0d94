import * as Y from 'yjs';
import * as schema from '../../src/lib/board/schema.ts';
import * as scope from '../../src/lib/board/scope.ts';
import * as template from '../../src/lib/board/template.ts';
import { EditorDoc } from './content.ts';

const WORDS = 'service trust council statutory placement assessment budget staff consultation risk transfer retain shared model'.split(' ');
const CHUNK_CHARS = 480;

/**
 * A long-edited board's history: paragraphs typed into the rationale and notes cells of every row, one
 * update per paragraph, until the updates add up to `bytes`. Insertions only, so the loaded document is as
 * large as its history (a cold load has all of it to read and apply).
 */
export interface History {
	updates: Uint8Array[];
	/** The history's author and final clock: a client holding the whole board has this state. */
	clientId: number;
	clock: number;
}

export function boardHistory(bytes: number): History {
	const editor = new EditorDoc();
	const { doc } = editor;
	const cells: Y.Text[] = [];
	for (const rowId of schema.roots(doc).scopeRows.keys()) {
		for (const column of [template.TEMPLATE_COLUMN_IDS.rationale, template.TEMPLATE_COLUMN_IDS.notes]) {
			const text = scope.cellText(doc, rowId, column);
			if (text) cells.push(text);
		}
	}
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	let total = 0;
	let word = 0;
	for (let i = 0; total < bytes; i++) {
		const cell = cells[i % cells.length];
		if (!cell) throw new Error('the seed board has no long-text cells');
		let paragraph = '';
		while (paragraph.length < CHUNK_CHARS) paragraph += WORDS[word++ % WORDS.length] + ' ';
		cell.insert(cell.length, paragraph);
		total += updates.at(-1)?.byteLength ?? 0;
	}
	const history = { updates, clientId: doc.clientID, clock: Y.getState(doc.store, doc.clientID) };
	doc.destroy();
	return history;
}
