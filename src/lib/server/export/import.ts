import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import * as jsonImport from '../../board/json-import.ts';
import * as read from '../../board/read.ts';
import * as format from '../../board/format.ts';
import * as meta from '../../board/meta.ts';
import type { Schema } from '../db/schema.ts';
import * as board from '../board.ts';

/** Larger than any real board file (a full template board is ~60 KB); keeps a mistaken upload cheap to refuse. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export type ImportResult = { ok: true; board: board.Board } | { ok: false; message: string };

/**
 * Creates a new board, with the importer as chair, from a board JSON file
 * (docs/snapshots-and-downloads.md). The file is checked completely before
 * anything is stored; a refused file leaves no trace.
 */
export async function importBoard(
	db: Kysely<Schema>,
	userId: string,
	file: { size: number; text(): Promise<string> }
): Promise<ImportResult> {
	if (file.size === 0) return { ok: false, message: 'Choose a board file (.json) to import.' };
	if (file.size > IMPORT_MAX_BYTES)
		return { ok: false, message: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; a board file is much smaller.` };
	let doc: Y.Doc;
	try {
		doc = jsonImport.parseBoardJson(await file.text());
	} catch (error) {
		if (error instanceof jsonImport.BoardJsonError) return { ok: false, message: error.message };
		throw error;
	}
	try {
		// The copy says it is one, in the board list and on the board, so nobody mistakes it for the original.
		const title = importedTitle(board.normaliseTitle(read.readBoard(doc).title), new Date());
		meta.setTitle(doc, title);
		const created = await board.create(db, { title, createdBy: userId, initialUpdate: Y.encodeStateAsUpdate(doc) });
		return { ok: true, board: created };
	} finally {
		doc.destroy();
	}
}

/** “Shadow trust board (imported 7 Dec 2026)”, cut to fit the title limit. */
export function importedTitle(original: string, at: Date): string {
	const suffix = ` (imported ${format.formatDate(at.toISOString().slice(0, 10))})`;
	const base = original.trim() || 'Board';
	return `${base.slice(0, board.TITLE_MAX - suffix.length).trimEnd()}${suffix}`;
}
