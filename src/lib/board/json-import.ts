import * as Y from 'yjs';
import * as boardIds from './ids.ts';
import * as locks from './locks.ts';
import * as order from './order.ts';
import * as schema from './schema.ts';
import * as migrations from './migrations.ts';
import * as validate from './validate.ts';
import * as jsonExport from './json-export.ts';
import type { YMap } from './schema.ts';

/** Reading a board file (the layout `json-export.ts` writes, and the older versions it still reads) into a new document. */

/** Bad input to import, with where in the file it is. */
export class BoardJsonError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BoardJsonError';
	}
}

type Obj = Record<string, unknown>;

function fail(path: string, expected: string): never {
	throw new BoardJsonError(`${path}: expected ${expected}`);
}

function obj(value: unknown, path: string): Obj {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
	return value as Obj;
}

function arr(value: unknown, path: string): unknown[] {
	if (!Array.isArray(value)) fail(path, 'a list');
	return value;
}

function str(value: unknown, path: string): string {
	if (typeof value !== 'string') fail(path, 'text');
	return value;
}

function optStr(value: unknown, path: string): string | null {
	return value === null || value === undefined ? null : str(value, path);
}

function num(value: unknown, path: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a number');
	return value;
}

function bool(value: unknown, path: string): boolean {
	if (typeof value !== 'boolean') fail(path, 'true or false');
	return value;
}

function oneOf<T extends string>(list: readonly T[], value: unknown, path: string): T {
	if (!schema.isOneOf(list, value)) fail(path, `one of ${list.join(', ')}`);
	return value;
}

/** Ids must be unique per collection, or two entries would collapse into one. */
function ids(list: readonly unknown[], path: string): string[] {
	const seen = new Set<string>();
	return list.map((item, i) => {
		const id = obj(item, `${path}[${i}]`).id;
		if (!boardIds.isId(id)) fail(`${path}[${i}].id`, 'an id (letters, digits, - and _, up to 64)');
		if (seen.has(id)) throw new BoardJsonError(`${path}[${i}].id: "${id}" is used twice`);
		seen.add(id);
		return id;
	});
}

function orderKeys(n: number): string[] {
	return order.keysBetween(null, null, n);
}

function text(value: string): Y.Text {
	return new Y.Text(value);
}

/** Reads a board file's text into a new document; throws BoardJsonError saying what is wrong and where. */
export function parseBoardJson(source: string): Y.Doc {
	let parsed: unknown;
	try {
		parsed = JSON.parse(source);
	} catch {
		throw new BoardJsonError('The file is not valid JSON.');
	}
	return boardFromJson(parsed);
}

/**
 * A new document holding a board file's board. Checks shape and types as it
 * goes, then the finished document against the board schema (lengths, dates,
 * URLs, colours), so nothing half-valid is ever stored.
 */
export function boardFromJson(value: unknown): Y.Doc {
	const top = obj(value, 'file');
	if (top.format !== jsonExport.BOARD_JSON_FORMAT)
		throw new BoardJsonError(`This is not a trustboard board file (format should be "${jsonExport.BOARD_JSON_FORMAT}").`);
	if (!(jsonExport.BOARD_JSON_READABLE as readonly unknown[]).includes(top.version)) {
		throw new BoardJsonError(
			typeof top.version === 'number' && top.version > jsonExport.BOARD_JSON_VERSION
				? `The file was written by a newer trustboard (format version ${top.version}); this one reads version ${jsonExport.BOARD_JSON_VERSION}.`
				: `Unknown format version ${String(top.version)}.`
		);
	}
	const board = obj(top.board, 'board');
	if (num(board.schemaVersion, 'board.schemaVersion') > schema.CURRENT_SCHEMA_VERSION) {
		throw new BoardJsonError('board.schemaVersion: the board was written by a newer trustboard.');
	}
	const fileVersion = top.version as (typeof jsonExport.BOARD_JSON_READABLE)[number];
	const doc = new Y.Doc();
	try {
		doc.transact(() => writeBoard(doc, board, fileVersion));
		// A file from an older schema gets the same migration as a stored board of that age.
		migrations.migrate(doc);
		const violations = validate.validateBoard(doc);
		if (violations.length > 0) {
			const first = violations.slice(0, 3).map((v) => `${v.path}: ${v.problem}`);
			const more = violations.length > 3 ? ` (and ${violations.length - 3} more)` : '';
			throw new BoardJsonError(`The board does not fit the board schema: ${first.join('; ')}${more}.`);
		}
		return doc;
	} catch (error) {
		doc.destroy();
		throw error;
	}
}

function writeBoard(doc: Y.Doc, board: Obj, fileVersion: number): void {
	const r = schema.roots(doc);
	const scale = obj(board.scale, 'board.scale');
	// A version-1 file holds a schema-1 board (its models carry `discountReason`); later files say their schema.
	const version = fileVersion === 1 ? 1 : num(board.schemaVersion, 'board.schemaVersion');
	r.meta.set('schemaVersion', Number.isInteger(version) && version >= 1 ? version : schema.CURRENT_SCHEMA_VERSION);
	r.meta.set('title', text(str(board.title, 'board.title')));
	r.meta.set('description', text(str(board.description, 'board.description')));
	r.meta.set('scale', { min: num(scale.min, 'board.scale.min'), max: num(scale.max, 'board.scale.max') });
	const scope = obj(board.scope, 'board.scope');
	const columns = writeColumns(r.scopeColumns, arr(scope.columns, 'board.scope.columns'));
	writeRows(r.scopeRows, arr(scope.rows, 'board.scope.rows'), columns);
	const models = obj(board.models, 'board.models');
	const groups = arr(models.groups, 'board.models.groups');
	const groupKeys = orderKeys(groups.length);
	ids(groups, 'board.models.groups').forEach((id, i) => {
		const g = new Y.Map<unknown>();
		g.set('name', str(obj(groups[i], `board.models.groups[${i}]`).name, `board.models.groups[${i}].name`));
		g.set('order', groupKeys[i]);
		r.criterionGroups.set(id, g);
	});
	const criteria = writeCriteria(r.criteria, arr(models.criteria, 'board.models.criteria'));
	writeModels(r.models, arr(models.rows, 'board.models.rows'), criteria, fileVersion);
	if (fileVersion !== 1) {
		const note = str(models.note, 'board.models.note');
		if (note) r.meta.set('appraisalNote', note);
		const benchmark = optStr(models.benchmarkId, 'board.models.benchmarkId');
		if (benchmark) {
			if (!r.models.has(benchmark)) throw new BoardJsonError(`board.models.benchmarkId: no model "${benchmark}"`);
			r.meta.set('benchmark', benchmark);
		}
	}
	writeComments(r.comments, arr(board.comments, 'board.comments'));
	if (fileVersion >= 3 && board.locks !== undefined) writeLocks(doc, arr(board.locks, 'board.locks'));
}

/** Whether the board being imported has the part a lock names (its row, column or criterion). */
function lockTargetExists(doc: Y.Doc, target: locks.LockTarget): string | null {
	if (target.kind === 'weights') return null;
	const r = schema.roots(doc);
	const rows = target.grid === 'scope' ? r.scopeRows : r.models;
	const columns = target.grid === 'scope' ? r.scopeColumns : r.criteria;
	const [rowNoun, columnNoun] = target.grid === 'scope' ? ['scope row', 'scope column'] : ['model', 'criterion'];
	if ('rowId' in target && !rows.has(target.rowId)) return `no ${rowNoun} "${target.rowId}"`;
	if ('columnId' in target && !columns.has(target.columnId)) return `no ${columnNoun} "${target.columnId}"`;
	return null;
}

/**
 * The chair's locks. A lock whose key is malformed or names a row or column the file does not have refuses
 * the whole import (a lock silently dropped would leave agreed parts open to change in the copy).
 */
function writeLocks(doc: Y.Doc, list: unknown[]): void {
	const target = schema.roots(doc).locks;
	list.forEach((item, i) => {
		const path = `board.locks[${i}]`;
		const l = obj(item, path);
		const key = str(l.key, `${path}.key`);
		const parsed = locks.parseLockKey(key);
		if (!parsed)
			throw new BoardJsonError(
				`${path}.key: "${key}" is not a lock key (row:<grid>:<id>, cell:<grid>:<row>:<column>, column:<grid>:<id> or weights)`
			);
		const missing = lockTargetExists(doc, parsed);
		if (missing) throw new BoardJsonError(`${path}.key: ${missing} to lock`);
		if (target.has(key)) throw new BoardJsonError(`${path}.key: "${key}" is locked twice`);
		target.set(key, { byId: str(l.byId, `${path}.byId`), byName: str(l.byName, `${path}.byName`), at: str(l.at, `${path}.at`) });
	});
}

function writeColumns(target: YMap, list: unknown[]): Map<string, string> {
	const types = new Map<string, string>();
	const keys = orderKeys(list.length);
	ids(list, 'board.scope.columns').forEach((id, i) => {
		const path = `board.scope.columns[${i}]`;
		const c = obj(list[i], path);
		const type = oneOf(schema.COLUMN_TYPES, c.type, `${path}.type`);
		const col = new Y.Map<unknown>();
		col.set('name', str(c.name, `${path}.name`));
		col.set('type', type);
		col.set('order', keys[i]);
		if (c.role !== null && c.role !== undefined) col.set('role', oneOf(schema.COLUMN_ROLES, c.role, `${path}.role`));
		if (type === 'currency') col.set('unit', oneOf(schema.CURRENCY_UNITS, c.unit, `${path}.unit`));
		if (type === 'select') {
			const options = arr(c.options, `${path}.options`);
			const optionKeys = orderKeys(options.length);
			const map = new Y.Map<unknown>();
			ids(options, `${path}.options`).forEach((optionId, j) => {
				const o = obj(options[j], `${path}.options[${j}]`);
				const option = new Y.Map<unknown>();
				option.set('label', str(o.label, `${path}.options[${j}].label`));
				option.set('colour', str(o.colour, `${path}.options[${j}].colour`));
				option.set('order', optionKeys[j]);
				map.set(optionId, option);
			});
			col.set('options', map);
		}
		target.set(id, col);
		types.set(id, type);
	});
	return types;
}

function writeRows(target: YMap, list: unknown[], columns: Map<string, string>): void {
	const keys = orderKeys(list.length);
	ids(list, 'board.scope.rows').forEach((id, i) => {
		const path = `board.scope.rows[${i}]`;
		const values = obj(obj(list[i], path).cells, `${path}.cells`);
		const row = new Y.Map<unknown>();
		const cells = new Y.Map<unknown>();
		for (const [columnId, type] of columns) {
			const value = values[columnId];
			if (type === 'longText') cells.set(columnId, text(value === undefined ? '' : str(value, `${path}.cells.${columnId}`)));
			else if (value !== undefined) {
				if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
					fail(`${path}.cells.${columnId}`, 'text, a number or true/false');
				cells.set(columnId, value);
			}
		}
		for (const columnId of Object.keys(values)) {
			if (!columns.has(columnId)) throw new BoardJsonError(`${path}.cells: no column "${columnId}"`);
		}
		row.set('order', keys[i]);
		row.set('cells', cells);
		writeDecisionRecord(row, obj(list[i], path), path);
		target.set(id, row);
	});
}

/** The scope decision record beside a row's cells; every field is optional (version 1 files have none). */
function writeDecisionRecord(row: YMap, r: Obj, path: string): void {
	if (r.decisionState !== undefined && r.decisionState !== 'proposed')
		row.set('decisionState', oneOf(schema.DECISION_STATES, r.decisionState, `${path}.decisionState`));
	const consulted = new Y.Map<unknown>();
	if (r.consulted !== undefined)
		arr(r.consulted, `${path}.consulted`).forEach((c, j) => consulted.set(oneOf(schema.CONSULTEES, c, `${path}.consulted[${j}]`), true));
	row.set('consulted', consulted);
	row.set('equalityNote', text(r.equalityNote === undefined ? '' : str(r.equalityNote, `${path}.equalityNote`)));
	if (r.retainedByLaw !== undefined && bool(r.retainedByLaw, `${path}.retainedByLaw`)) row.set('retainedByLaw', true);
	if (r.transferOverride !== undefined && r.transferOverride !== null) {
		const o = obj(r.transferOverride, `${path}.transferOverride`);
		row.set('transferOverride', {
			byId: str(o.byId, `${path}.transferOverride.byId`),
			byName: str(o.byName, `${path}.transferOverride.byName`),
			at: str(o.at, `${path}.transferOverride.at`),
			reason: str(o.reason, `${path}.transferOverride.reason`)
		});
	}
}

function writeCriteria(target: YMap, list: unknown[]): string[] {
	const keys = orderKeys(list.length);
	const all = ids(list, 'board.models.criteria');
	all.forEach((id, i) => {
		const path = `board.models.criteria[${i}]`;
		const c = obj(list[i], path);
		const criterion = new Y.Map<unknown>();
		criterion.set('name', str(c.name, `${path}.name`));
		criterion.set('order', keys[i]);
		const groupId = optStr(c.groupId, `${path}.groupId`);
		if (groupId !== null) criterion.set('groupId', groupId);
		criterion.set('weight', num(c.weight, `${path}.weight`));
		if (c.weightPlaceholder !== undefined && bool(c.weightPlaceholder, `${path}.weightPlaceholder`))
			criterion.set('weightPlaceholder', true);
		if (bool(c.knockout, `${path}.knockout`)) criterion.set('knockout', true);
		criterion.set('threshold', num(c.threshold, `${path}.threshold`));
		const description = str(c.description, `${path}.description`);
		if (description) criterion.set('description', description);
		target.set(id, criterion);
	});
	return all;
}

function writeModels(target: YMap, list: unknown[], criteria: string[], fileVersion: number): void {
	const keys = orderKeys(list.length);
	const known = new Set(criteria);
	const byCriterion = (record: Obj, path: string) => {
		for (const key of Object.keys(record)) if (!known.has(key)) throw new BoardJsonError(`${path}: no criterion "${key}"`);
		return record;
	};
	ids(list, 'board.models.rows').forEach((id, i) => {
		const path = `board.models.rows[${i}]`;
		const m = obj(list[i], path);
		const model = new Y.Map<unknown>();
		model.set('order', keys[i]);
		model.set('name', str(m.name, `${path}.name`));
		model.set('description', text(str(m.description, `${path}.description`)));
		model.set('status', oneOf(schema.MODEL_STATUSES, m.status, `${path}.status`));
		if (fileVersion === 1) {
			const reason = str(m.discountReason, `${path}.discountReason`);
			if (reason) model.set('discountReason', reason);
		} else {
			const reason = str(m.statusReason, `${path}.statusReason`);
			if (reason) model.set('statusReason', reason);
			if (bool(m.knockoutOverride, `${path}.knockoutOverride`)) model.set('knockoutOverride', true);
		}
		if (bool(m.illustrative, `${path}.illustrative`)) model.set('illustrative', true);
		const scores = new Y.Map<unknown>();
		for (const [criterionId, score] of Object.entries(byCriterion(obj(m.scores, `${path}.scores`), `${path}.scores`))) {
			if (!Number.isInteger(score)) fail(`${path}.scores.${criterionId}`, 'a whole number');
			scores.set(criterionId, score);
		}
		const rationaleText = byCriterion(obj(m.rationales, `${path}.rationales`), `${path}.rationales`);
		const rationales = new Y.Map<unknown>();
		for (const criterionId of criteria) {
			const value = rationaleText[criterionId];
			rationales.set(criterionId, text(value === undefined ? '' : str(value, `${path}.rationales.${criterionId}`)));
		}
		const evidence = new Y.Map<unknown>();
		for (const [criterionId, links] of Object.entries(byCriterion(obj(m.evidence, `${path}.evidence`), `${path}.evidence`))) {
			const linkList = arr(links, `${path}.evidence.${criterionId}`);
			const linkKeys = orderKeys(linkList.length);
			ids(linkList, `${path}.evidence.${criterionId}`).forEach((linkId, j) => {
				const link = obj(linkList[j], `${path}.evidence.${criterionId}[${j}]`);
				evidence.set(`${criterionId}/${linkId}`, {
					url: str(link.url, `${path}.evidence.${criterionId}[${j}].url`),
					label: str(link.label, `${path}.evidence.${criterionId}[${j}].label`),
					order: linkKeys[j]
				});
			});
		}
		model.set('scores', scores);
		model.set('rationales', rationales);
		model.set('evidence', evidence);
		target.set(id, model);
	});
}

function writeComments(target: YMap, list: unknown[]): void {
	ids(list, 'board.comments').forEach((id, i) => {
		const path = `board.comments[${i}]`;
		const c = obj(list[i], path);
		const comment = new Y.Map<unknown>();
		const set = (key: string, value: unknown) => {
			if (value !== null && value !== undefined && value !== false) comment.set(key, value);
		};
		set('grid', oneOf(schema.GRIDS, c.grid, `${path}.grid`));
		set('rowId', str(c.rowId, `${path}.rowId`));
		set('columnId', optStr(c.columnId, `${path}.columnId`));
		set('parentId', optStr(c.parentId, `${path}.parentId`));
		set('authorId', str(c.authorId, `${path}.authorId`));
		set('authorName', str(c.authorName, `${path}.authorName`));
		set('createdAt', str(c.createdAt, `${path}.createdAt`));
		set('editedAt', optStr(c.editedAt, `${path}.editedAt`));
		set('body', str(c.body, `${path}.body`));
		set('resolved', bool(c.resolved, `${path}.resolved`));
		set('resolvedById', optStr(c.resolvedById, `${path}.resolvedById`) || null);
		set('resolvedByName', optStr(c.resolvedByName, `${path}.resolvedByName`) || null);
		set('resolvedAt', optStr(c.resolvedAt, `${path}.resolvedAt`));
		target.set(id, comment);
	});
}
