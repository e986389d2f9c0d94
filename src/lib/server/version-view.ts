import * as Y from 'yjs';
import * as migrations from '../board/migrations.ts';
import * as read from '../board/read.ts';
import type { BoardView } from '../board/read.ts';

/**
 * A stored state as a document at the current schema: a snapshot taken before a schema change is read (and
 * restored) as the live board would read it after that change, so restoring it never strips what the
 * migration added.
 */
export function currentDoc(state: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	migrations.migrate(doc);
	return doc;
}

/** What a stored state shows: the board as the grids and every download read it. */
export function viewOf(state: Uint8Array): BoardView {
	const doc = currentDoc(state);
	const view = read.readBoard(doc);
	doc.destroy();
	return view;
}
