import * as Y from 'yjs';
import * as grid from '$lib/board/grid';
import * as schema from '$lib/board/schema';
import type { BoardView } from '$lib/board/read';
import type { Grid } from '$lib/board/schema';

/** What a transaction changed, typed as Yjs types it (events of any shared type). */
export type ChangedParentTypes = Y.Transaction['changedParentTypes'];

/** The grid cell a change touched, so undo can say where it acted. */
export interface ChangedCell {
	readonly grid: Grid;
	readonly rowId: string;
	/** null when the change was to the row itself (added, moved, deleted). */
	readonly colId: string | null;
}

/** The model grid's status column id (see components/models/columns.ts). */
const MODEL_STATUS_COLUMN = '@status';

/** Where in the board a path of map keys from a top-level type points, in grid terms. */
export function cellAtPath(path: readonly string[]): ChangedCell | null {
	const [root, rowId, key, sub] = path;
	if (rowId === undefined) return null;
	if (root === schema.ROOT.scopeRows) {
		return { grid: 'scope', rowId, colId: key === 'cells' && sub !== undefined ? sub : null };
	}
	if (root === schema.ROOT.models) {
		if ((key === 'scores' || key === 'rationales' || key === 'evidence') && sub !== undefined) return { grid: 'models', rowId, colId: sub };
		if (key === 'name') return { grid: 'models', rowId, colId: grid.MODEL_NAME_COLUMN };
		if (key === 'status' || key === 'discountReason') return { grid: 'models', rowId, colId: MODEL_STATUS_COLUMN };
		return { grid: 'models', rowId, colId: null };
	}
	return null;
}

/** The top-level type's name and the map keys leading from it down to `type`. */
function pathOf(doc: Y.Doc, type: Y.AbstractType<unknown>): string[] | null {
	const keys: string[] = [];
	let current: Y.AbstractType<unknown> = type;
	while (current._item) {
		const key = current._item.parentSub;
		if (key === null) return null;
		keys.unshift(key);
		current = current._item.parent as Y.AbstractType<unknown>;
	}
	for (const name of Object.values(schema.ROOT)) if (doc.share.get(name) === current) return [name, ...keys];
	return null;
}

/**
 * The grid cells a transaction changed, from its `changedParentTypes` (what
 * Y.UndoManager hands to its stack events, and every transaction has). A
 * change outside the grids' cells (a criterion, the scale) yields none.
 */
export function* changedCells(doc: Y.Doc, changed: ChangedParentTypes): Generator<ChangedCell> {
	for (const events of changed.values()) {
		for (const event of events) {
			// The event's own `path` depends on which observer saw it last, so the path is walked here.
			const path = pathOf(doc, event.target as Y.AbstractType<unknown>);
			if (!path) continue;
			const keys = event instanceof Y.YMapEvent && event.keysChanged.size > 0 ? [...event.keysChanged] : [undefined];
			for (const key of keys) {
				const cell = cellAtPath(key === undefined ? path : [...path, key]);
				if (cell) yield cell;
			}
		}
	}
}

/** The first cell a change touched: a paste reports its first cell. */
export function firstChangedCell(doc: Y.Doc, changed: ChangedParentTypes): ChangedCell | null {
	for (const cell of changedCells(doc, changed)) return cell;
	return null;
}

/** The cell as the people at the board would name it: “Fostering – Budget”, “In-house – Complexity”. */
export function describeCell(view: BoardView, cell: ChangedCell): string {
	if (cell.grid === 'scope') {
		const row = view.scope.rows.find((r) => r.id === cell.rowId);
		if (!row) return 'a service that has since been deleted';
		const nameColumn = view.scope.columns.find((c) => c.role === 'service') ?? view.scope.columns[0];
		const value = nameColumn ? row.cells[nameColumn.id] : undefined;
		const name = typeof value === 'string' && value.trim() ? value : 'Untitled service';
		const column = cell.colId === null ? undefined : view.scope.columns.find((c) => c.id === cell.colId);
		return column ? `“${name}” – ${column.name}` : `the service “${name}”`;
	}
	const model = view.models.rows.find((m) => m.id === cell.rowId);
	if (!model) return 'a model that has since been deleted';
	const name = model.name.trim() || 'Untitled model';
	if (cell.colId === grid.MODEL_NAME_COLUMN) return `the name of “${name}”`;
	if (cell.colId === MODEL_STATUS_COLUMN) return `the status of “${name}”`;
	const criterion = cell.colId === null ? undefined : view.models.criteria.find((c) => c.id === cell.colId);
	return criterion ? `“${name}” – ${criterion.name}` : `the model “${name}”`;
}
