import * as tsv from '$lib/board/tsv';
import { cellsIn, type CellRange, type CellRef, type GridShape } from './selection.ts';

/** Copy and paste between the grid and Excel or Google Sheets: tab-separated text. */

export function copyRange(shape: GridShape, range: CellRange, textOf: (cell: CellRef) => string): string {
	return tsv.toTsv(cellsIn(shape, range).map((row) => row.map(textOf)));
}

/**
 * The block to paste, from the clipboard's plain text. Spreadsheets end the
 * last row with a newline; a single trailing empty cell from a copied blank is kept.
 */
export function readClipboard(text: string): string[][] {
	const normalised = text.replace(/\r\n?/g, '\n');
	if (normalised === '') return [];
	return tsv.parseTsv(normalised);
}

/**
 * A single copied value pasted over a larger selection fills it, as in Excel;
 * anything bigger is pasted as it is from the top-left of the selection.
 */
export function fitBlock(block: readonly (readonly string[])[], range: CellRange): string[][] {
	const only = block.length === 1 && block[0]?.length === 1 ? block[0][0] : undefined;
	if (only === undefined) return block.map((row) => [...row]);
	const rows = range.bottom - range.top + 1;
	const cols = range.right - range.left + 1;
	return Array.from({ length: rows }, () => Array.from({ length: cols }, () => only));
}
