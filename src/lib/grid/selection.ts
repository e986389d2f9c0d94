/**
 * The spreadsheet selection: an anchor cell and an active (focus) cell, kept
 * by row and column id so a colleague inserting a row above does not move
 * what I have selected. The last known indexes are kept too, so when my row
 * is deleted under me the selection stays at the same place instead of
 * jumping to the top.
 */

export interface CellRef {
	readonly rowId: string;
	readonly colId: string;
}

export interface GridShape {
	readonly rowIds: readonly string[];
	readonly colIds: readonly string[];
}

export interface Selection {
	readonly anchor: CellRef;
	readonly focus: CellRef;
	/** Where the focus cell was last seen, for when it disappears. */
	readonly at: { readonly row: number; readonly col: number };
}

export interface CellRange {
	readonly top: number;
	readonly bottom: number;
	readonly left: number;
	readonly right: number;
}

function clamp(value: number, max: number): number {
	return Math.max(0, Math.min(value, max));
}

function cellAt(shape: GridShape, row: number, col: number): CellRef | null {
	const rowId = shape.rowIds[clamp(row, shape.rowIds.length - 1)];
	const colId = shape.colIds[clamp(col, shape.colIds.length - 1)];
	return rowId === undefined || colId === undefined ? null : { rowId, colId };
}

export function select(shape: GridShape, cell: CellRef, extendFrom?: Selection | null): Selection {
	const row = shape.rowIds.indexOf(cell.rowId);
	const col = shape.colIds.indexOf(cell.colId);
	return { anchor: extendFrom ? extendFrom.anchor : cell, focus: cell, at: { row: Math.max(0, row), col: Math.max(0, col) } };
}

/** The first cell, or null for an empty grid. */
export function initial(shape: GridShape): Selection | null {
	const cell = cellAt(shape, 0, 0);
	return cell ? select(shape, cell) : null;
}

function position(shape: GridShape, cell: CellRef, fallback: { row: number; col: number }) {
	const row = shape.rowIds.indexOf(cell.rowId);
	const col = shape.colIds.indexOf(cell.colId);
	return {
		row: row >= 0 ? row : clamp(fallback.row, shape.rowIds.length - 1),
		col: col >= 0 ? col : clamp(fallback.col, shape.colIds.length - 1)
	};
}

/**
 * The selection re-anchored to the current rows and columns: cells that have
 * gone are replaced by whatever now sits where they were. Null when the grid is empty.
 */
export function normalise(shape: GridShape, selection: Selection | null): Selection | null {
	if (!selection) return initial(shape);
	if (shape.rowIds.length === 0 || shape.colIds.length === 0) return null;
	const focusAt = position(shape, selection.focus, selection.at);
	const focus = cellAt(shape, focusAt.row, focusAt.col);
	if (!focus) return null;
	const anchorExists = shape.rowIds.includes(selection.anchor.rowId) && shape.colIds.includes(selection.anchor.colId);
	const anchor = anchorExists ? selection.anchor : focus;
	if (focus.rowId === selection.focus.rowId && focus.colId === selection.focus.colId && anchor === selection.anchor) {
		return selection.at.row === focusAt.row && selection.at.col === focusAt.col ? selection : { ...selection, at: focusAt };
	}
	return { anchor, focus, at: focusAt };
}

export function rangeOf(shape: GridShape, selection: Selection): CellRange {
	const a = position(shape, selection.anchor, selection.at);
	const f = position(shape, selection.focus, selection.at);
	return { top: Math.min(a.row, f.row), bottom: Math.max(a.row, f.row), left: Math.min(a.col, f.col), right: Math.max(a.col, f.col) };
}

export function isSingleCell(range: CellRange): boolean {
	return range.top === range.bottom && range.left === range.right;
}

export function contains(range: CellRange, row: number, col: number): boolean {
	return row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;
}

/** Moves the active cell by whole cells, clamped to the grid; `extend` keeps the anchor (Shift+arrow). */
export function move(shape: GridShape, selection: Selection, rows: number, cols: number, extend = false): Selection {
	const from = position(shape, selection.focus, selection.at);
	const to = cellAt(shape, from.row + rows, from.col + cols);
	return to ? select(shape, to, extend ? selection : null) : selection;
}

export type Edge = 'rowStart' | 'rowEnd' | 'gridStart' | 'gridEnd' | 'top' | 'bottom';

/** Home/End (row), Ctrl+Home/End (grid), Ctrl+Up/Down (column). */
export function moveToEdge(shape: GridShape, selection: Selection, edge: Edge, extend = false): Selection {
	const from = position(shape, selection.focus, selection.at);
	const lastRow = shape.rowIds.length - 1;
	const lastCol = shape.colIds.length - 1;
	const target = {
		rowStart: [from.row, 0],
		rowEnd: [from.row, lastCol],
		gridStart: [0, 0],
		gridEnd: [lastRow, lastCol],
		top: [0, from.col],
		bottom: [lastRow, from.col]
	}[edge] as [number, number];
	const to = cellAt(shape, target[0], target[1]);
	return to ? select(shape, to, extend ? selection : null) : selection;
}

/** Tab / Shift+Tab: across the row, wrapping to the next or previous row like a spreadsheet. */
export function tab(shape: GridShape, selection: Selection, backwards: boolean): Selection {
	const from = position(shape, selection.focus, selection.at);
	let row = from.row;
	let col = from.col + (backwards ? -1 : 1);
	if (col >= shape.colIds.length) {
		if (row >= shape.rowIds.length - 1) return selection;
		row++;
		col = 0;
	} else if (col < 0) {
		if (row === 0) return selection;
		row--;
		col = shape.colIds.length - 1;
	}
	const to = cellAt(shape, row, col);
	return to ? select(shape, to) : selection;
}

export function selectAll(shape: GridShape, selection: Selection): Selection {
	const first = cellAt(shape, 0, 0);
	const last = cellAt(shape, shape.rowIds.length - 1, shape.colIds.length - 1);
	return first && last ? { anchor: first, focus: last, at: { row: shape.rowIds.length - 1, col: shape.colIds.length - 1 } } : selection;
}

/** The cells of a range, row by row. */
export function cellsIn(shape: GridShape, range: CellRange): CellRef[][] {
	const out: CellRef[][] = [];
	for (let r = range.top; r <= range.bottom; r++) {
		const rowId = shape.rowIds[r];
		if (rowId === undefined) continue;
		const row: CellRef[] = [];
		for (let c = range.left; c <= range.right; c++) {
			const colId = shape.colIds[c];
			if (colId !== undefined) row.push({ rowId, colId });
		}
		out.push(row);
	}
	return out;
}
