import type * as Y from 'yjs';
import * as boardGrid from './grid.ts';
import * as models from './models.ts';
import * as scores from './scores.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as scope from './scope.ts';
import * as values from './values.ts';
import type { Scale } from './criteria.ts';
import type { Grid } from './schema.ts';
import type { MemberRef, OptionRef } from './values.ts';

export interface PasteOptions {
	/** The row order as the user sees it (their personal sort and filter); defaults to the board order. */
	readonly rowIds?: readonly string[];
	/** The visible column order; defaults to the board order (model grid: name, then criteria). */
	readonly columnIds?: readonly string[];
	/** Board members, to turn pasted names into member ids. */
	readonly members?: readonly MemberRef[];
	/** Add rows when the block runs past the last row (default true). */
	readonly addRows?: boolean;
	/** Why a cell may not be written (the chair locked it), or null: such cells are skipped with that reason. */
	readonly locked?: (rowId: string, columnId: string) => string | null;
}

export interface PasteSkip {
	/** Position within the pasted block. */
	readonly row: number;
	readonly column: number;
	readonly reason: string;
}

export interface PasteResult {
	readonly written: number;
	readonly rowsAdded: readonly string[];
	readonly skipped: readonly PasteSkip[];
}

const INTEGER_TEXT = /^[+-]?\d+(?:\.0*)?$/;

function parseScore(text: string, scale: Scale): number | null | string {
	const t = text.trim();
	if (t === '') return null;
	if (!INTEGER_TEXT.test(t)) return `"${t}" is not a whole number`;
	const n = Number.parseInt(t, 10);
	return n < scale.min || n > scale.max ? `${n} is outside the scale ${scale.min}-${scale.max}` : n;
}

/**
 * Paste a block of clipboard cells (see parseTsv) with its top-left corner at
 * the anchor cell. Every write happens in ONE transaction, so the whole paste
 * is one undo step and reaches other members as one update. Cells that do not
 * parse for their column are skipped and reported; unknown labels in a select
 * column become new options, as in the spreadsheets people paste from.
 */
export function pasteBlock(
	doc: Y.Doc,
	grid: Grid,
	anchorRowId: string,
	anchorColumnId: string,
	block: readonly (readonly string[])[],
	options: PasteOptions = {}
): PasteResult {
	const view = read.readBoard(doc);
	const rowIds = [...(options.rowIds ?? (grid === 'scope' ? view.scope.rows : view.models.rows).map((r) => r.id))];
	const columnIds =
		options.columnIds ??
		(grid === 'scope' ? view.scope.columns.map((c) => c.id) : [boardGrid.MODEL_NAME_COLUMN, ...view.models.criteria.map((c) => c.id)]);
	const firstRow = rowIds.indexOf(anchorRowId);
	const firstColumn = columnIds.indexOf(anchorColumnId);
	if (firstRow < 0) throw new schema.BoardError('unknownRow', `no row ${anchorRowId}`);
	if (firstColumn < 0) throw new schema.BoardError('unknownColumn', `no column ${anchorColumnId}`);

	const skipped: PasteSkip[] = [];
	const rowsAdded: string[] = [];
	let written = 0;
	const selectOptions = new Map<string, OptionRef[]>(
		view.scope.columns.map((c) => [c.id, c.options.map((o) => ({ id: o.id, label: o.label }))])
	);
	const scopeColumns = new Map(view.scope.columns.map((c) => [c.id, c]));
	const criteria = new Set(view.models.criteria.map((c) => c.id));

	doc.transact(() => {
		block.forEach((cells, r) => {
			let rowId = rowIds[firstRow + r];
			if (rowId === undefined) {
				if (options.addRows === false) {
					cells.forEach((_, c) => skipped.push({ row: r, column: c, reason: 'below the last row' }));
					return;
				}
				rowId = grid === 'scope' ? scope.addRow(doc, {}) : models.add(doc, { name: '' });
				rowIds.push(rowId);
				rowsAdded.push(rowId);
			}
			cells.forEach((text, c) => {
				const columnId = columnIds[firstColumn + c];
				const skip = (reason: string) => skipped.push({ row: r, column: c, reason });
				if (columnId === undefined) return skip('beyond the last column');
				const lockedWhy = options.locked?.(rowId, columnId);
				if (lockedWhy) return skip(lockedWhy);
				try {
					if (grid === 'models') {
						if (columnId === boardGrid.MODEL_NAME_COLUMN || columnId === boardGrid.MODEL_DESCRIPTION_COLUMN) {
							const limit = columnId === boardGrid.MODEL_NAME_COLUMN ? schema.LIMITS.name : schema.LIMITS.modelDescription;
							if (text.trim().length > limit) return skip(`longer than ${limit} characters`);
							if (columnId === boardGrid.MODEL_NAME_COLUMN) models.setName(doc, rowId, text);
							else models.setDescription(doc, rowId, text);
						} else {
							if (!criteria.has(columnId)) return skip('unknown criterion');
							const score = parseScore(text, view.scale);
							if (typeof score === 'string') return skip(score);
							scores.setScore(doc, rowId, columnId, score);
						}
						written++;
						return;
					}
					const column = scopeColumns.get(columnId);
					if (!column) return skip('unknown column');
					const known = selectOptions.get(columnId) ?? [];
					const parsed = values.parseCell(column.type, text, { options: known, members: options.members });
					if (parsed.kind === 'error') return skip(parsed.reason);
					let value = parsed.kind === 'value' ? parsed.value : null;
					if (parsed.kind === 'newOption') {
						const id = scope.addOption(doc, columnId, { label: parsed.label });
						known.push({ id, label: parsed.label });
						selectOptions.set(columnId, known);
						value = id;
					}
					scope.setCell(doc, rowId, columnId, value);
					written++;
				} catch (error) {
					if (!(error instanceof schema.BoardError)) throw error;
					skip(error.message);
				}
			});
		});
	});
	return { written, rowsAdded, skipped };
}
