import * as Y from 'yjs';
import * as ids from './ids.ts';
import * as boardOrder from './order.ts';
import * as ordered from './ordered.ts';
import * as schema from './schema.ts';
import * as boardText from './text.ts';
import * as decisions from './decisions.ts';
import * as values from './values.ts';
import type { ColumnRole, ColumnType, CurrencyUnit, YMap } from './schema.ts';
import type { CellValue, MemberRef, OptionRef } from './values.ts';

/** Writes to the scope of services grid. Each function is one transaction; a caller that wants its own origin (undo, attribution) wraps the call in `doc.transact(change, origin)`. */

export interface OptionSpec {
	readonly label: string;
	readonly colour?: string;
	/** Only for templates, which need ids that are the same on every client. */
	readonly id?: string;
}

export interface ScopeColumnSpec {
	readonly name: string;
	readonly type: ColumnType;
	readonly role?: ColumnRole;
	readonly unit?: CurrencyUnit;
	readonly options?: readonly OptionSpec[];
	readonly id?: string;
}

function checkName(name: string, what = 'name'): string {
	if (typeof name !== 'string') throw new schema.BoardError('invalidName', `${what} must be text`);
	const trimmed = name.trim();
	if (trimmed.length > schema.LIMITS.name) throw new schema.BoardError('tooLong', `${what} longer than ${schema.LIMITS.name} characters`);
	return trimmed;
}

function checkColour(colour: string): string {
	const lower = colour.toLowerCase();
	if (!schema.COLOUR_PATTERN.test(lower)) throw new schema.BoardError('invalidColour', `colour must be #rrggbb, got ${colour}`);
	return lower;
}

function column(doc: Y.Doc, columnId: string): YMap {
	const map = schema.childMap(schema.roots(doc).scopeColumns, columnId);
	if (!map) throw new schema.BoardError('unknownColumn', `no scope column ${columnId}`);
	return map;
}

export function columnType(map: YMap): ColumnType | null {
	const type = map.get('type');
	return schema.isOneOf(schema.COLUMN_TYPES, type) ? type : null;
}

export function optionRefs(columnMap: YMap): OptionRef[] {
	const options = schema.childMap(columnMap, 'options');
	if (!options) return [];
	return ordered.entries(options).map((e) => {
		const label = e.map.get('label');
		return { id: e.id, label: typeof label === 'string' ? label : '' };
	});
}

function createOption(options: YMap, spec: OptionSpec, order: string): string {
	const id = spec.id ?? ids.newId();
	const label = checkName(spec.label, 'option label');
	const option = new Y.Map<unknown>();
	option.set('label', label);
	option.set('colour', checkColour(spec.colour ?? schema.OPTION_PALETTE[options.size % schema.OPTION_PALETTE.length] ?? '#9ca3af'));
	option.set('order', order);
	options.set(id, option);
	return id;
}

function rowCells(row: YMap): YMap | null {
	return schema.childMap(row, 'cells');
}

export function addColumn(doc: Y.Doc, spec: ScopeColumnSpec, at?: number): string {
	if (!schema.isOneOf(schema.COLUMN_TYPES, spec.type))
		throw new schema.BoardError('invalidType', `unknown column type ${String(spec.type)}`);
	if (spec.id !== undefined && !ids.isId(spec.id)) throw new schema.BoardError('invalidId', `bad column id ${spec.id}`);
	const name = checkName(spec.name);
	const id = spec.id ?? ids.newId();
	doc.transact(() => {
		const { scopeColumns, scopeRows } = schema.roots(doc);
		const sorted = ordered.entries(scopeColumns);
		const [order] = ordered.keysForInsert(sorted, at ?? sorted.length, 1);
		const col = new Y.Map<unknown>();
		col.set('name', name);
		col.set('type', spec.type);
		col.set('order', order);
		if (spec.role) col.set('role', spec.role);
		if (spec.type === 'currency') col.set('unit', schema.isOneOf(schema.CURRENCY_UNITS, spec.unit) ? spec.unit : 'pounds');
		if (spec.type === 'select') {
			const options = new Y.Map<unknown>();
			col.set('options', options);
			const keys = ordered.keysForInsert([], 0, spec.options?.length ?? 0);
			spec.options?.forEach((o, i) => createOption(options, o, keys[i] as string));
		}
		scopeColumns.set(id, col);
		// Long text cells get their Y.Text up front: two clients lazily creating
		// the same cell's Y.Text at once would lose one client's first keystrokes.
		if (spec.type === 'longText') {
			scopeRows.forEach((row) => {
				if (row instanceof Y.Map) rowCells(row as YMap)?.set(id, boardText.newText());
			});
		}
	});
	return id;
}

export function renameColumn(doc: Y.Doc, columnId: string, name: string): void {
	const checked = checkName(name);
	doc.transact(() => column(doc, columnId).set('name', checked));
}

export function moveColumn(doc: Y.Doc, columnId: string, index: number): boolean {
	return doc.transact(() => ordered.moveEntry(ordered.entries(schema.roots(doc).scopeColumns), columnId, index));
}

export function deleteColumn(doc: Y.Doc, columnId: string): void {
	doc.transact(() => {
		const { scopeColumns, scopeRows } = schema.roots(doc);
		scopeColumns.delete(columnId);
		scopeRows.forEach((row) => {
			if (row instanceof Y.Map) rowCells(row as YMap)?.delete(columnId);
		});
	});
}

export interface RetypeOptions {
	readonly unit?: CurrencyUnit;
	/** Board members, so member names convert to ids and back. */
	readonly members?: readonly MemberRef[];
}

export interface RetypeResult {
	readonly converted: number;
	/** Cells whose value had no sensible equivalent in the new type and were emptied. */
	readonly cleared: number;
}

/**
 * Change a column's type, converting every value through its text form (the
 * same parser as paste): "12" stays 12, option labels become text, text becomes
 * options. Values that do not convert are cleared and counted.
 */
export function retypeColumn(doc: Y.Doc, columnId: string, type: ColumnType, options: RetypeOptions = {}): RetypeResult {
	if (!schema.isOneOf(schema.COLUMN_TYPES, type)) throw new schema.BoardError('invalidType', `unknown column type ${String(type)}`);
	let converted = 0;
	let cleared = 0;
	doc.transact(() => {
		const col = column(doc, columnId);
		const oldType = columnType(col);
		if (oldType === type) {
			if (type === 'currency' && options.unit) col.set('unit', options.unit);
			return;
		}
		const oldCtx = { options: optionRefs(col), members: options.members };
		let newOptions: YMap | null = null;
		if (type === 'select') {
			newOptions = new Y.Map<unknown>();
			col.set('options', newOptions);
		} else col.delete('options');
		col.set('type', type);
		if (type === 'currency') col.set('unit', options.unit ?? 'pounds');
		else col.delete('unit');
		const created: OptionRef[] = [];
		let lastKey: string | null = null;
		for (const row of ordered.entries(schema.roots(doc).scopeRows)) {
			const cells = rowCells(row.map);
			if (!cells) continue;
			const raw = cells.get(columnId);
			if (raw === undefined) {
				if (type === 'longText') cells.set(columnId, boardText.newText());
				continue;
			}
			const text =
				raw instanceof Y.Text
					? raw.toString()
					: oldType && (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean')
						? values.cellToText(oldType, raw, oldCtx)
						: '';
			if (type === 'longText') {
				cells.set(columnId, boardText.newText(text.slice(0, schema.LIMITS.longText)));
				converted++;
				continue;
			}
			const parsed = values.parseCell(type, text, { options: created, members: options.members });
			if (parsed.kind === 'value') {
				if (parsed.value === null) cells.delete(columnId);
				else cells.set(columnId, parsed.value);
				converted++;
			} else if (parsed.kind === 'newOption' && newOptions && created.length < 200) {
				const key = boardOrder.keyBetween(lastKey, null);
				lastKey = key;
				const id = createOption(newOptions, { label: parsed.label }, key);
				created.push({ id, label: parsed.label });
				cells.set(columnId, id);
				converted++;
			} else {
				cells.delete(columnId);
				cleared++;
			}
		}
	});
	return { converted, cleared };
}

export function addOption(doc: Y.Doc, columnId: string, spec: OptionSpec, at?: number): string {
	let id = '';
	checkName(spec.label, 'option label');
	if (spec.colour !== undefined) checkColour(spec.colour);
	doc.transact(() => {
		const col = column(doc, columnId);
		const options = schema.childMap(col, 'options');
		if (!options || columnType(col) !== 'select') throw new schema.BoardError('notSelect', 'column has no options');
		const wanted = spec.label.trim().toLowerCase();
		if (optionRefs(col).some((o) => o.label.trim().toLowerCase() === wanted))
			throw new schema.BoardError('duplicateOption', `option "${spec.label}" already exists`);
		const sorted = ordered.entries(options);
		const [key] = ordered.keysForInsert(sorted, at ?? sorted.length, 1);
		id = createOption(options, spec, key as string);
	});
	return id;
}

function option(doc: Y.Doc, columnId: string, optionId: string): YMap {
	const options = schema.childMap(column(doc, columnId), 'options');
	const map = options && schema.childMap(options, optionId);
	if (!map) throw new schema.BoardError('unknownOption', `no option ${optionId}`);
	return map;
}

export function renameOption(doc: Y.Doc, columnId: string, optionId: string, label: string): void {
	const checked = checkName(label, 'option label');
	doc.transact(() => option(doc, columnId, optionId).set('label', checked));
}

export function recolourOption(doc: Y.Doc, columnId: string, optionId: string, colour: string): void {
	const checked = checkColour(colour);
	doc.transact(() => option(doc, columnId, optionId).set('colour', checked));
}

export function moveOption(doc: Y.Doc, columnId: string, optionId: string, index: number): boolean {
	return doc.transact(() => {
		const options = schema.childMap(column(doc, columnId), 'options');
		return options ? ordered.moveEntry(ordered.entries(options), optionId, index) : false;
	});
}

/** Removes the option and empties the cells that used it. */
export function deleteOption(doc: Y.Doc, columnId: string, optionId: string): void {
	doc.transact(() => {
		schema.childMap(column(doc, columnId), 'options')?.delete(optionId);
		schema.roots(doc).scopeRows.forEach((row) => {
			const cells = row instanceof Y.Map ? rowCells(row as YMap) : null;
			if (cells?.get(columnId) === optionId) cells.delete(columnId);
		});
	});
}

export interface ScopeRowSpec {
	readonly values?: Readonly<Record<string, CellValue>>;
	readonly id?: string;
	/** Templates only: a service the law keeps with the council (otherwise the chair marks it). */
	readonly retainedByLaw?: boolean;
}

export function addRow(doc: Y.Doc, spec: ScopeRowSpec = {}, at?: number): string {
	if (spec.id !== undefined && !ids.isId(spec.id)) throw new schema.BoardError('invalidId', `bad row id ${spec.id}`);
	const id = spec.id ?? ids.newId();
	doc.transact(() => {
		const { scopeRows, scopeColumns } = schema.roots(doc);
		// Check every value before writing anything: Yjs has no rollback.
		for (const [colId, value] of Object.entries(spec.values ?? {})) {
			const col = column(doc, colId);
			values.assertValue(columnType(col) ?? 'text', value, { options: optionRefs(col) });
		}
		const sorted = ordered.entries(scopeRows);
		const [order] = ordered.keysForInsert(sorted, at ?? sorted.length, 1);
		const row = new Y.Map<unknown>();
		const cells = new Y.Map<unknown>();
		row.set('order', order);
		row.set('cells', cells);
		// Created up front for the same reason as long text cells: two clients lazily creating them would clash.
		row.set('consulted', new Y.Map<unknown>());
		row.set('equalityNote', boardText.newText());
		if (spec.retainedByLaw === true) row.set('retainedByLaw', true);
		scopeColumns.forEach((col, colId) => {
			if (col instanceof Y.Map && columnType(col as YMap) === 'longText') cells.set(colId, boardText.newText());
		});
		scopeRows.set(id, row);
		for (const [colId, value] of Object.entries(spec.values ?? {})) setCell(doc, id, colId, value);
	});
	return id;
}

export function moveRow(doc: Y.Doc, rowId: string, index: number): boolean {
	return doc.transact(() => ordered.moveEntry(ordered.entries(schema.roots(doc).scopeRows), rowId, index));
}

export function deleteRow(doc: Y.Doc, rowId: string): void {
	doc.transact(() => schema.roots(doc).scopeRows.delete(rowId));
}

/**
 * Write one cell. Returns false if the row has gone (deleted by someone else
 * meanwhile); throws BoardError if the value does not fit the column.
 */
export function setCell(doc: Y.Doc, rowId: string, columnId: string, value: CellValue): boolean {
	return doc.transact(() => {
		const col = column(doc, columnId);
		const type = columnType(col);
		if (!type) throw new schema.BoardError('unknownColumn', `column ${columnId} has no type`);
		values.assertValue(type, value, { options: optionRefs(col) });
		const row = schema.childMap(schema.roots(doc).scopeRows, rowId);
		const cells = row && rowCells(row);
		if (!cells) return false;
		decisions.assertDecisionAllowed(doc, rowId, columnId, value);
		const before = cells.get(columnId);
		if (type === 'longText') {
			const existing = cells.get(columnId);
			if (existing instanceof Y.Text) boardText.replaceText(existing, (value as string | null) ?? '');
			else cells.set(columnId, boardText.newText((value as string | null) ?? ''));
		} else if (value === null || value === '') cells.delete(columnId);
		else cells.set(columnId, value);
		if (columnId === decisions.decisionColumnId(doc)) decisions.afterDecisionChange(row, before, cells.get(columnId));
		return true;
	});
}

/**
 * The Y.Text behind a long text cell, for binding an editor that merges
 * character by character. Created if missing (only a row added concurrently
 * with the column lacks one). Null if the row or column has gone.
 */
export function cellText(doc: Y.Doc, rowId: string, columnId: string): Y.Text | null {
	return doc.transact(() => {
		const col = schema.childMap(schema.roots(doc).scopeColumns, columnId);
		const row = schema.childMap(schema.roots(doc).scopeRows, rowId);
		const cells = row && rowCells(row);
		if (!col || !cells || columnType(col) !== 'longText') return null;
		const existing = cells.get(columnId);
		if (existing instanceof Y.Text) return existing;
		const text = boardText.newText();
		cells.set(columnId, text);
		return text;
	});
}
