import type * as Y from 'yjs';
import {
	addCriterion,
	addModel,
	deleteCriterion,
	deleteModel,
	moveCriterion,
	moveModel,
	renameCriterion,
	setModelDescription,
	setModelName,
	setScore,
	type CriterionSpec
} from './models.ts';
import {
	addScopeColumn,
	addScopeRow,
	deleteScopeColumn,
	deleteScopeRow,
	moveScopeColumn,
	moveScopeRow,
	renameScopeColumn,
	setScopeCell,
	type ScopeColumnSpec
} from './scope.ts';
import { BoardError, type Grid } from './schema.ts';
import type { CellValue } from './values.ts';

/**
 * One vocabulary for both grids, for the spreadsheet UI: rows are services or
 * delivery models; columns are scope columns or criteria. The model grid also
 * shows the model's name and description, addressed as these pseudo-columns.
 */
export const MODEL_NAME_COLUMN = '@name';
export const MODEL_DESCRIPTION_COLUMN = '@description';

export function addRow(doc: Y.Doc, grid: Grid, at?: number, origin: unknown = null): string {
	return grid === 'scope' ? addScopeRow(doc, {}, at, origin) : addModel(doc, { name: '' }, at, origin);
}

export function moveRow(doc: Y.Doc, grid: Grid, rowId: string, toIndex: number, origin: unknown = null): boolean {
	return grid === 'scope' ? moveScopeRow(doc, rowId, toIndex, origin) : moveModel(doc, rowId, toIndex, origin);
}

export function deleteRow(doc: Y.Doc, grid: Grid, rowId: string, origin: unknown = null): void {
	if (grid === 'scope') deleteScopeRow(doc, rowId, origin);
	else deleteModel(doc, rowId, origin);
}

export function addColumn(doc: Y.Doc, grid: 'scope', spec: ScopeColumnSpec, at?: number, origin?: unknown): string;
export function addColumn(doc: Y.Doc, grid: 'models', spec: CriterionSpec, at?: number, origin?: unknown): string;
export function addColumn(
	doc: Y.Doc,
	grid: Grid,
	spec: ScopeColumnSpec | CriterionSpec,
	at?: number,
	origin: unknown = null
): string {
	return grid === 'scope'
		? addScopeColumn(doc, spec as ScopeColumnSpec, at, origin)
		: addCriterion(doc, spec as CriterionSpec, at, origin);
}

export function renameColumn(doc: Y.Doc, grid: Grid, columnId: string, name: string, origin: unknown = null): void {
	if (grid === 'scope') renameScopeColumn(doc, columnId, name, origin);
	else renameCriterion(doc, columnId, name, origin);
}

/** For criteria, the index is in the flat display order (see moveCriterion). */
export function moveColumn(doc: Y.Doc, grid: Grid, columnId: string, toIndex: number, origin: unknown = null): boolean {
	return grid === 'scope'
		? moveScopeColumn(doc, columnId, toIndex, origin)
		: moveCriterion(doc, columnId, toIndex, origin);
}

export function deleteColumn(doc: Y.Doc, grid: Grid, columnId: string, origin: unknown = null): void {
	if (grid === 'scope') deleteScopeColumn(doc, columnId, origin);
	else deleteCriterion(doc, columnId, origin);
}

/**
 * Write one typed value. In the model grid a criterion column takes a score
 * (number or null) and the pseudo-columns take text.
 */
export function setCell(
	doc: Y.Doc,
	grid: Grid,
	rowId: string,
	columnId: string,
	value: CellValue,
	origin: unknown = null
): boolean {
	if (grid === 'scope') return setScopeCell(doc, rowId, columnId, value, origin);
	if (columnId === MODEL_NAME_COLUMN || columnId === MODEL_DESCRIPTION_COLUMN) {
		if (value !== null && typeof value !== 'string') throw new BoardError('invalidValue', 'expected text');
		return columnId === MODEL_NAME_COLUMN
			? setModelName(doc, rowId, value ?? '', origin)
			: setModelDescription(doc, rowId, value ?? '', origin);
	}
	if (value !== null && typeof value !== 'number') throw new BoardError('invalidScore', 'a score is a number');
	return setScore(doc, rowId, columnId, value, origin);
}
