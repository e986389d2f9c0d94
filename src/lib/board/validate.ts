import * as Y from 'yjs';
import * as ids from './ids.ts';
import * as locks from './locks.ts';
import * as order from './order.ts';
import * as ordered from './ordered.ts';
import * as scores from './scores.ts';
import * as boardCriteria from './criteria.ts';
import * as schema from './schema.ts';
import * as scope from './scope.ts';
import * as decisions from './decisions.ts';
import * as values from './values.ts';
import type { ColumnType, Roots, YMap } from './schema.ts';

/**
 * Schema rules, written once and used two ways: validateBoard checks a whole
 * document (after load, in tests), and the guard checks just the entries a
 * transaction touched. Each rule reports a violation together with the repair
 * that neutralises it; repairs only ever delete, truncate, convert or re-key,
 * so they cannot fight a legitimate concurrent edit into a loop.
 *
 * What is NOT a violation: dangling references that concurrency produces
 * normally (a cell of a deleted column, a select value whose option was just
 * deleted, a criterion whose group was deleted, a comment on a deleted row).
 * The reader ignores those.
 */

export interface Violation {
	/** Where, as root/key/key... e.g. scopeRows/Ab3/cells/Xy9. */
	readonly path: string;
	readonly problem: string;
	/** What the repair does (or "reported only"). */
	readonly action: string;
}

export interface Finding extends Violation {
	readonly apply: (() => void) | null;
}

const KEYS = {
	meta: new Set<string>(schema.META_KEYS),
	column: new Set<string>(schema.COLUMN_KEYS),
	option: new Set<string>(schema.OPTION_KEYS),
	scopeRow: new Set<string>(schema.SCOPE_ROW_KEYS),
	group: new Set<string>(schema.GROUP_KEYS),
	criterion: new Set<string>(schema.CRITERION_KEYS),
	model: new Set<string>(schema.MODEL_KEYS),
	comment: new Set<string>(schema.COMMENT_KEYS)
};

const LOCK_KEYS = new Set(['byId', 'byName', 'at']);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const isTimestamp = (v: unknown): v is string => typeof v === 'string' && TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v));

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return (
		typeof v === 'object' &&
		v !== null &&
		!Array.isArray(v) &&
		!(v instanceof Y.AbstractType) &&
		!(v instanceof Uint8Array) &&
		!(v instanceof Y.Doc)
	);
}

function describe(v: unknown): string {
	if (v instanceof Y.Text) return 'a Y.Text';
	if (v instanceof Y.Map) return 'a Y.Map';
	if (v instanceof Y.Array) return 'a Y.Array';
	if (v instanceof Y.AbstractType) return 'a shared type';
	if (Array.isArray(v)) return 'an array';
	if (typeof v === 'string') return `text of ${v.length} characters`;
	return v === null ? 'null' : typeof v;
}

/** Collects findings; `path` segments are joined with '/'. */
export class Checker {
	readonly findings: Finding[] = [];
	readonly r: Roots;
	/** `roots` when the caller holds them already: looking up the eight roots again costs a check of one cell as much. */
	constructor(
		readonly doc: Y.Doc,
		roots: Roots = schema.roots(doc)
	) {
		this.r = roots;
	}

	add(path: string[], problem: string, action: string, apply: (() => void) | null): void {
		this.findings.push({ path: path.join('/'), problem, action, apply });
	}

	remove(map: YMap, key: string, path: string[], problem: string): void {
		this.add([...path, key], problem, 'removed', () => map.delete(key));
	}

	private unknownKeys(map: YMap, allowed: Set<string>, path: string[], only?: Iterable<string>): void {
		for (const key of only ?? Array.from(map.keys())) if (!allowed.has(key) && map.has(key)) this.remove(map, key, path, 'unknown key');
	}

	/** Plain collaborative text: a Y.Text of ordinary characters within the cap. */
	text(parent: YMap, key: string, cap: number, path: string[], required = false): void {
		const value = parent.get(key);
		const at = [...path, key];
		if (value === undefined) {
			if (required) this.add(at, 'missing text', 'created empty', () => parent.set(key, new Y.Text()));
			return;
		}
		if (typeof value === 'string' || typeof value === 'number') {
			const s = String(value).slice(0, cap);
			this.add(at, `${describe(value)} where a Y.Text belongs`, 'converted to Y.Text', () => parent.set(key, new Y.Text(s)));
			return;
		}
		if (!(value instanceof Y.Text)) return this.remove(parent, key, path, `${describe(value)} where a Y.Text belongs`);
		let foreign = false;
		for (let item = value._start; item !== null; item = item.right)
			if (!item.deleted && !(item.content instanceof Y.ContentString)) {
				foreign = true;
				break;
			}
		if (foreign) {
			const s = value.toString().slice(0, cap);
			this.add(at, 'formatting or embedded objects in plain text', 'replaced by its plain text', () => parent.set(key, new Y.Text(s)));
		} else if (value.length > cap) {
			this.add(at, `text of ${value.length} characters (limit ${cap})`, `truncated to ${cap} characters`, () =>
				value.delete(cap, value.length - cap)
			);
		}
	}

	private shortString(map: YMap, key: string, cap: number, path: string[], required: boolean): void {
		const value = map.get(key);
		if (value === undefined) {
			if (required) this.add([...path, key], 'missing', 'set to empty', () => map.set(key, ''));
		} else if (typeof value !== 'string') {
			if (required) this.add([...path, key], `${describe(value)} where text belongs`, 'set to empty', () => map.set(key, ''));
			else this.remove(map, key, path, `${describe(value)} where text belongs`);
		} else if (value.length > cap) {
			const s = value.slice(0, cap);
			this.add([...path, key], `text of ${value.length} characters (limit ${cap})`, `truncated to ${cap} characters`, () =>
				map.set(key, s)
			);
		}
	}

	private order(map: YMap, collection: YMap, path: string[]): void {
		if (!order.isOrderKey(map.get('order')))
			this.add([...path, 'order'], 'missing or malformed order key', 'moved to the end', () =>
				map.set('order', ordered.appendKey(collection))
			);
	}

	/** An entry of a collection must be a Y.Map under an id-shaped key. */
	private entry(collection: YMap, id: string, path: string[]): YMap | null {
		const value = collection.get(id);
		if (value === undefined) return null;
		if (!ids.isId(id)) {
			this.remove(collection, id, path, 'key is not an id');
			return null;
		}
		if (!(value instanceof Y.Map)) {
			this.remove(collection, id, path, `${describe(value)} where a Y.Map belongs`);
			return null;
		}
		return value as YMap;
	}

	// ---- meta ------------------------------------------------------------------

	metaKey(key: string): void {
		const { meta } = this.r;
		const path = [schema.ROOT.meta];
		const value = meta.get(key);
		if (key === 'schemaVersion') {
			// Pinned: a client bumping it would make the next load refuse the
			// board as "too new"; one deleting it would trigger migrations.
			if (value === schema.CURRENT_SCHEMA_VERSION || (value === undefined && !this.hasContent())) return;
			this.add(
				[...path, key],
				`schema version ${describe(value)} where ${schema.CURRENT_SCHEMA_VERSION} belongs`,
				`set to ${schema.CURRENT_SCHEMA_VERSION}`,
				() => meta.set(key, schema.CURRENT_SCHEMA_VERSION)
			);
			return;
		}
		if (value === undefined) return;
		switch (key) {
			case 'title':
				return this.text(meta, key, schema.LIMITS.title, path);
			case 'description':
				return this.text(meta, key, schema.LIMITS.boardDescription, path);
			case 'scale':
				if (!boardCriteria.isScale(value))
					this.remove(
						meta,
						key,
						path,
						`scale must be whole numbers ${schema.SCALE_BOUNDS.min}..${schema.SCALE_BOUNDS.max} with min below max`
					);
				return;
			case 'appraisalNote':
				return this.shortString(meta, key, schema.LIMITS.criterionDescription, path, false);
			case 'benchmark':
				// A benchmark whose model was deleted reads as none; only the type is checked here.
				if (!ids.isId(value)) this.remove(meta, key, path, 'benchmark must be a model id');
				return;
			default:
				this.remove(meta, key, path, 'unknown key');
		}
	}

	// ---- scope columns ------------------------------------------------------------

	column(id: string, keys?: Iterable<string>): void {
		const path = [schema.ROOT.scopeColumns];
		const col = this.entry(this.r.scopeColumns, id, path);
		if (!col) return;
		const type = col.get('type');
		if (!schema.isOneOf(schema.COLUMN_TYPES, type)) return this.remove(this.r.scopeColumns, id, path, 'column without a valid type');
		const at = [...path, id];
		const check = new Set(keys ?? [...schema.COLUMN_KEYS, ...Array.from(col.keys())]);
		this.unknownKeys(col, KEYS.column, at, check);
		if (check.has('name')) this.shortString(col, 'name', schema.LIMITS.name, at, true);
		if (check.has('order')) this.order(col, this.r.scopeColumns, at);
		if (check.has('role') && col.has('role') && !schema.isOneOf(schema.COLUMN_ROLES, col.get('role')))
			this.remove(col, 'role', at, 'unknown role');
		if (
			(check.has('unit') || check.has('type')) &&
			col.has('unit') &&
			(type !== 'currency' || !schema.isOneOf(schema.CURRENCY_UNITS, col.get('unit')))
		)
			this.remove(col, 'unit', at, 'unit only applies to currency columns');
		if (check.has('options') || check.has('type')) {
			const options = col.get('options');
			if (type !== 'select') {
				if (options !== undefined) this.remove(col, 'options', at, 'options on a column that is not a select');
			} else if (!(options instanceof Y.Map)) {
				this.add([...at, 'options'], 'select column without options', 'options emptied', () => col.set('options', new Y.Map()));
			} else if (keys === undefined) {
				for (const optionId of Array.from(options.keys())) this.option(id, optionId);
			}
		}
		// A retype arriving after someone else's edit leaves cells of the old
		// type: convert them here (rare, so a column-wide pass is fine).
		if (keys !== undefined && check.has('type')) this.columnCells(id);
	}

	option(columnId: string, optionId: string): void {
		const col = schema.childMap(this.r.scopeColumns, columnId);
		const options = col && schema.childMap(col, 'options');
		if (!options) return;
		const path = [schema.ROOT.scopeColumns, columnId, 'options'];
		const option = this.entry(options, optionId, path);
		if (!option) return;
		const label = option.get('label');
		if (typeof label !== 'string') return this.remove(options, optionId, path, 'option without a label');
		const at = [...path, optionId];
		this.unknownKeys(option, KEYS.option, at);
		this.shortString(option, 'label', schema.LIMITS.name, at, true);
		const colour = option.get('colour');
		if (colour !== undefined && !(typeof colour === 'string' && schema.COLOUR_PATTERN.test(colour)))
			this.remove(option, 'colour', at, 'colour must be #rrggbb');
		this.order(option, options, at);
	}

	columnCells(columnId: string): void {
		this.r.scopeRows.forEach((row, rowId) => {
			if (row instanceof Y.Map && schema.childMap(row as YMap, 'cells')?.has(columnId)) this.cell(rowId, columnId);
		});
	}

	// ---- scope rows ----------------------------------------------------------------

	scopeRow(id: string, keys?: Iterable<string>): void {
		const path = [schema.ROOT.scopeRows];
		const row = this.entry(this.r.scopeRows, id, path);
		if (!row) return;
		const cells = row.get('cells');
		if (!(cells instanceof Y.Map)) return this.remove(this.r.scopeRows, id, path, 'row without cells');
		const at = [...path, id];
		const check = new Set(keys ?? Array.from(row.keys()).concat('order'));
		this.unknownKeys(row, KEYS.scopeRow, at, check);
		if (check.has('order')) this.order(row, this.r.scopeRows, at);
		this.decisionRecord(row, at, check);
		if (keys === undefined || check.has('cells')) for (const columnId of Array.from((cells as YMap).keys())) this.cell(id, columnId);
	}

	/** The keys beside a row's cells that record where its scope decision stands (see decisions.ts). */
	private decisionRecord(row: YMap, at: string[], check: Set<string>): void {
		const state = row.get('decisionState');
		if (check.has('decisionState') && state !== undefined && !schema.isOneOf(schema.DECISION_STATES, state))
			this.remove(row, 'decisionState', at, 'unknown decision state');
		if (check.has('retainedByLaw') && row.has('retainedByLaw') && row.get('retainedByLaw') !== true)
			this.remove(row, 'retainedByLaw', at, 'retainedByLaw must be true or absent');
		if (check.has('transferOverride') && row.has('transferOverride') && !decisions.isTransferOverride(row.get('transferOverride')))
			this.remove(row, 'transferOverride', at, 'override must be {byId, byName, at, reason} with a reason');
		if (check.has('equalityNote')) this.text(row, 'equalityNote', schema.LIMITS.equalityNote, at);
		if (check.has('consulted') && row.has('consulted')) {
			const consulted = row.get('consulted');
			if (!(consulted instanceof Y.Map)) return this.remove(row, 'consulted', at, `${describe(consulted)} where a Y.Map belongs`);
			const path = [...at, 'consulted'];
			for (const [key, value] of Array.from((consulted as YMap).entries()))
				if (!schema.isOneOf(schema.CONSULTEES, key) || value !== true)
					this.remove(consulted as YMap, key, path, 'not a consultee marked true');
		}
	}

	cell(rowId: string, columnId: string): void {
		const row = schema.childMap(this.r.scopeRows, rowId);
		const cells = row && schema.childMap(row, 'cells');
		if (!cells || !cells.has(columnId)) return;
		const path = [schema.ROOT.scopeRows, rowId, 'cells'];
		if (!ids.isId(columnId)) return this.remove(cells, columnId, path, 'key is not a column id');
		const col = schema.childMap(this.r.scopeColumns, columnId);
		const type: ColumnType | null = col ? scope.columnType(col) : null;
		const raw = cells.get(columnId);
		if (type === 'longText' || (type === null && raw instanceof Y.Text)) return this.text(cells, columnId, schema.LIMITS.longText, path);
		if (type === null) {
			// A cell of a deleted column: harmless unless it is oversized or exotic.
			const ok =
				(typeof raw === 'string' && raw.length <= schema.LIMITS.longText) ||
				typeof raw === 'boolean' ||
				(typeof raw === 'number' && Number.isFinite(raw));
			if (!ok) this.remove(cells, columnId, path, `${describe(raw)} in a cell`);
			return;
		}
		const problem = values.valueProblem(type, raw);
		if (problem === null) return;
		if (type === 'text' && typeof raw === 'string' && raw.length > schema.LIMITS.shortText) {
			const s = raw.slice(0, schema.LIMITS.shortText);
			return this.add([...path, columnId], problem, `truncated to ${schema.LIMITS.shortText} characters`, () => cells.set(columnId, s));
		}
		const text =
			raw instanceof Y.Text
				? raw.toString()
				: typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
					? String(raw)
					: null;
		const parsed = text === null ? null : values.parseCell(type, text, { options: col ? scope.optionRefs(col) : [] });
		if (parsed?.kind === 'value' && parsed.value !== null) {
			const value = parsed.value;
			this.add([...path, columnId], problem, `converted to ${JSON.stringify(value).slice(0, 60)}`, () => cells.set(columnId, value));
		} else this.remove(cells, columnId, path, `${problem} (got ${describe(raw)})`);
	}

	// ---- delivery model grid ---------------------------------------------------------

	group(id: string): void {
		const path = [schema.ROOT.criterionGroups];
		const group = this.entry(this.r.criterionGroups, id, path);
		if (!group) return;
		const at = [...path, id];
		this.unknownKeys(group, KEYS.group, at);
		this.shortString(group, 'name', schema.LIMITS.name, at, true);
		this.order(group, this.r.criterionGroups, at);
	}

	criterion(id: string): void {
		const path = [schema.ROOT.criteria];
		const c = this.entry(this.r.criteria, id, path);
		if (!c) return;
		const at = [...path, id];
		this.unknownKeys(c, KEYS.criterion, at);
		this.shortString(c, 'name', schema.LIMITS.name, at, true);
		this.shortString(c, 'description', schema.LIMITS.criterionDescription, at, false);
		this.order(c, this.r.criteria, at);
		if (c.has('groupId') && !ids.isId(c.get('groupId'))) this.remove(c, 'groupId', at, 'group id is not an id');
		if (c.has('weight') && !boardCriteria.isWeight(c.get('weight')))
			this.remove(c, 'weight', at, `weight must be a number from 0 up to ${schema.LIMITS.weight}`);
		if (c.has('weightPlaceholder') && c.get('weightPlaceholder') !== true)
			this.remove(c, 'weightPlaceholder', at, 'placeholder flag must be true');
		if (c.has('knockout') && typeof c.get('knockout') !== 'boolean') this.remove(c, 'knockout', at, 'knock-out flag must be true or false');
		const threshold = c.get('threshold');
		if (
			threshold !== undefined &&
			!(Number.isInteger(threshold) && (threshold as number) >= schema.SCALE_BOUNDS.min && (threshold as number) <= schema.SCALE_BOUNDS.max)
		)
			this.remove(c, 'threshold', at, 'threshold must be a whole number on the scale');
	}

	model(id: string, keys?: Iterable<string>): void {
		const path = [schema.ROOT.models];
		const m = this.entry(this.r.models, id, path);
		if (!m) return;
		for (const key of ['scores', 'rationales', 'evidence'])
			if (!(m.get(key) instanceof Y.Map)) return this.remove(this.r.models, id, path, `model without ${key}`);
		const at = [...path, id];
		const check = new Set(keys ?? [...schema.MODEL_KEYS, ...Array.from(m.keys())]);
		this.unknownKeys(m, KEYS.model, at, check);
		if (check.has('order')) this.order(m, this.r.models, at);
		if (check.has('name')) this.shortString(m, 'name', schema.LIMITS.name, at, true);
		if (check.has('description')) this.text(m, 'description', schema.LIMITS.modelDescription, at);
		if (check.has('statusReason')) this.shortString(m, 'statusReason', schema.LIMITS.discountReason, at, false);
		if (check.has('knockoutOverride') && m.has('knockoutOverride') && m.get('knockoutOverride') !== true)
			this.remove(m, 'knockoutOverride', at, 'knock-out override must be true');
		if (check.has('status') && !schema.isOneOf(schema.MODEL_STATUSES, m.get('status')))
			this.add([...at, 'status'], 'missing or unknown status', 'set to long list', () => m.set('status', 'longList'));
		if (check.has('illustrative') && m.has('illustrative') && typeof m.get('illustrative') !== 'boolean')
			this.remove(m, 'illustrative', at, 'illustrative flag must be true or false');
		if (keys === undefined) {
			for (const sub of ['scores', 'rationales', 'evidence'] as const)
				for (const key of Array.from((m.get(sub) as YMap).keys())) this.modelCell(id, sub, key);
		}
	}

	modelCell(modelId: string, sub: 'scores' | 'rationales' | 'evidence', key: string): void {
		const m = schema.childMap(this.r.models, modelId);
		const map = m && schema.childMap(m, sub);
		if (!map || !map.has(key)) return;
		const path = [schema.ROOT.models, modelId, sub];
		const value = map.get(key);
		if (sub === 'scores') {
			if (!ids.isId(key)) return this.remove(map, key, path, 'key is not a criterion id');
			if (!(Number.isInteger(value) && Math.abs(value as number) <= Math.max(-schema.SCALE_BOUNDS.min, schema.SCALE_BOUNDS.max)))
				this.remove(map, key, path, `score must be a whole number (got ${describe(value)})`);
		} else if (sub === 'rationales') {
			if (!ids.isId(key)) return this.remove(map, key, path, 'key is not a criterion id');
			this.text(map, key, schema.LIMITS.longText, path);
		} else {
			const [criterionId, linkId, extra] = key.split('/');
			if (extra !== undefined || !ids.isId(criterionId) || !ids.isId(linkId))
				return this.remove(map, key, path, 'evidence key must be criterionId/linkId');
			const ok =
				isPlainObject(value) &&
				Object.keys(value).every((k) => k === 'url' || k === 'label' || k === 'order') &&
				scores.isEvidenceUrl(value['url']) &&
				typeof value['label'] === 'string' &&
				value['label'].length <= schema.LIMITS.linkLabel &&
				order.isOrderKey(value['order']);
			if (!ok) this.remove(map, key, path, 'evidence must be {url (http/https), label, order}');
		}
	}

	// ---- comments --------------------------------------------------------------------

	comment(id: string): void {
		const path = [schema.ROOT.comments];
		const c = this.entry(this.r.comments, id, path);
		if (!c) return;
		const body = c.get('body');
		const required =
			schema.isOneOf(schema.GRIDS, c.get('grid')) &&
			ids.isId(c.get('rowId')) &&
			values.isMemberId(c.get('authorId')) &&
			typeof c.get('authorName') === 'string' &&
			isTimestamp(c.get('createdAt')) &&
			typeof body === 'string' &&
			body.trim() !== '';
		if (!required) return this.remove(this.r.comments, id, path, 'comment missing its target, author, time or text');
		const at = [...path, id];
		this.unknownKeys(c, KEYS.comment, at);
		this.shortString(c, 'authorName', schema.LIMITS.personName, at, true);
		this.shortString(c, 'body', schema.LIMITS.comment, at, true);
		this.shortString(c, 'resolvedByName', schema.LIMITS.personName, at, false);
		for (const key of ['columnId', 'parentId']) if (c.has(key) && !ids.isId(c.get(key))) this.remove(c, key, at, 'not an id');
		for (const key of ['editedAt', 'resolvedAt'])
			if (c.has(key) && !isTimestamp(c.get(key))) this.remove(c, key, at, 'not an ISO timestamp');
		if (c.has('resolved') && typeof c.get('resolved') !== 'boolean') this.remove(c, 'resolved', at, 'must be true or false');
		if (c.has('resolvedById') && !values.isMemberId(c.get('resolvedById'))) this.remove(c, 'resolvedById', at, 'not a user id');
	}

	// ---- locks -----------------------------------------------------------------------

	/**
	 * A lock must be under a key naming its target (locks.ts) with exactly {byId, byName, at}. Whether its row
	 * or column still exists is not checked: a lock on a deleted part holds nothing, like a comment on one.
	 */
	lock(key: string): void {
		const path = [schema.ROOT.locks];
		const value = this.r.locks.get(key);
		if (value === undefined) return;
		const target = locks.parseLockKey(key);
		if (!target || ('rowId' in target && !ids.isId(target.rowId)) || ('columnId' in target && !ids.isId(target.columnId)))
			return this.remove(this.r.locks, key, path, 'key does not name a lock target');
		const ok =
			isPlainObject(value) &&
			Object.keys(value).every((k) => LOCK_KEYS.has(k)) &&
			values.isMemberId(value['byId']) &&
			typeof value['byName'] === 'string' &&
			value['byName'].length <= schema.LIMITS.personName &&
			isTimestamp(value['at']);
		if (!ok) this.remove(this.r.locks, key, path, 'lock must be {byId (a user id), byName, at (ISO time)}');
	}

	hasContent(): boolean {
		return Object.values(this.r).some((m: YMap) => m.size > 0);
	}

	// ---- whole document --------------------------------------------------------------

	all(): void {
		const { meta, scopeColumns, scopeRows, criterionGroups, criteria, models, comments, locks: lockMap } = this.r;
		for (const key of new Set(['schemaVersion', ...meta.keys()])) this.metaKey(key);
		for (const id of Array.from(scopeColumns.keys())) this.column(id);
		for (const id of Array.from(scopeRows.keys())) this.scopeRow(id);
		for (const id of Array.from(criterionGroups.keys())) this.group(id);
		for (const id of Array.from(criteria.keys())) this.criterion(id);
		for (const id of Array.from(models.keys())) this.model(id);
		for (const id of Array.from(comments.keys())) this.comment(id);
		for (const key of Array.from(lockMap.keys())) this.lock(key);
		const known = new Set<string>(Object.values(schema.ROOT));
		for (const name of Array.from(this.doc.share.keys()))
			if (!known.has(name)) this.add([name], 'unknown top-level type', 'reported only (readers ignore it)', null);
	}
}

export function applyFindings(doc: Y.Doc, findings: readonly Finding[], origin: unknown): Violation[] {
	const fixes = findings.filter((f) => f.apply !== null);
	if (fixes.length) doc.transact(() => fixes.forEach((f) => f.apply?.()), origin);
	return findings.map(({ path, problem, action }) => ({ path, problem, action }));
}

/** Every schema violation in the document; an empty list means valid. An empty document is valid. */
export function validateBoard(doc: Y.Doc): Violation[] {
	const checker = new Checker(doc);
	checker.all();
	return checker.findings.map(({ path, problem, action }) => ({ path, problem, action }));
}

/** validateBoard, then repair everything repairable in one transaction (e.g. after loading from storage). */
export function repairBoard(doc: Y.Doc, origin: unknown): Violation[] {
	const checker = new Checker(doc);
	checker.all();
	return applyFindings(doc, checker.findings, origin);
}
