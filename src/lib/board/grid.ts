import type * as Y from 'yjs';
import * as criteria from './criteria.ts';
import * as models from './models.ts';
import * as scores from './scores.ts';
import * as scope from './scope.ts';
import * as schema from './schema.ts';
import type { CriterionSpec } from './criteria.ts';
import type { ScopeColumnSpec } from './scope.ts';
import type { Grid } from './schema.ts';
import type { CellValue } from './values.ts';

/**
 * One vocabulary for both grids, for the spreadsheet UI: rows are services or
 * delivery models; columns are scope columns or criteria. The model grid also
 * shows the model's name and description, addressed as these pseudo-columns.
 */
export const MODEL_NAME_COLUMN = '@name';
export const MODEL_DESCRIPTION_COLUMN = '@description';

export function addRow(doc: Y.Doc, grid: Grid, at?: number): string {
	return grid === 'scope' ? scope.addRow(doc, {}, at) : models.add(doc, { name: '' }, at);
}

export function moveRow(doc: Y.Doc, grid: Grid, rowId: string, toIndex: number): boolean {
	return grid === 'scope' ? scope.moveRow(doc, rowId, toIndex) : models.move(doc, rowId, toIndex);
}

export function deleteRow(doc: Y.Doc, grid: Grid, rowId: string): void {
	if (grid === 'scope') scope.deleteRow(doc, rowId);
	else models.remove(doc, rowId);
}

export function addColumn(doc: Y.Doc, grid: 'scope', spec: ScopeColumnSpec, at?: number): string;
export function addColumn(doc: Y.Doc, grid: 'models', spec: CriterionSpec, at?: number): string;
export function addColumn(doc: Y.Doc, grid: Grid, spec: ScopeColumnSpec | CriterionSpec, at?: number): string {
	return grid === 'scope' ? scope.addColumn(doc, spec as ScopeColumnSpec, at) : criteria.add(doc, spec as CriterionSpec, at);
}

export function renameColumn(doc: Y.Doc, grid: Grid, columnId: string, name: string): void {
	if (grid === 'scope') scope.renameColumn(doc, columnId, name);
	else criteria.rename(doc, columnId, name);
}

/** For criteria, the index is in the flat display order (see criteria.move). */
export function moveColumn(doc: Y.Doc, grid: Grid, columnId: string, toIndex: number): boolean {
	return grid === 'scope' ? scope.moveColumn(doc, columnId, toIndex) : criteria.move(doc, columnId, toIndex);
}

export function deleteColumn(doc: Y.Doc, grid: Grid, columnId: string): void {
	if (grid === 'scope') scope.deleteColumn(doc, columnId);
	else criteria.remove(doc, columnId);
}

/**
 * Write one typed value. In the model grid a criterion column takes a score
 * (number or null) and the pseudo-columns take text.
 */
export function setCell(doc: Y.Doc, grid: Grid, rowId: string, columnId: string, value: CellValue): boolean {
	if (grid === 'scope') return scope.setCell(doc, rowId, columnId, value);
	if (columnId === MODEL_NAME_COLUMN || columnId === MODEL_DESCRIPTION_COLUMN) {
		if (value !== null && typeof value !== 'string') throw new schema.BoardError('invalidValue', 'expected text');
		return columnId === MODEL_NAME_COLUMN ? models.setName(doc, rowId, value ?? '') : models.setDescription(doc, rowId, value ?? '');
	}
	if (value !== null && typeof value !== 'number') throw new schema.BoardError('invalidScore', 'a score is a number');
	return scores.setScore(doc, rowId, columnId, value);
}
