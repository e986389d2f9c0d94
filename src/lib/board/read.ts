import * as Y from 'yjs';
import * as ids from './ids.ts';
import * as boardOrder from './order.ts';
import * as ordered from './ordered.ts';
import * as boardScores from './scores.ts';
import * as boardCriteria from './criteria.ts';
import * as schema from './schema.ts';
import * as boardScope from './scope.ts';
import * as decisions from './decisions.ts';
import * as values from './values.ts';
import type { Scale } from './criteria.ts';
import type { ColumnRole, ColumnType, CurrencyUnit, Grid, ModelStatus, YMap } from './schema.ts';
import type { DecisionRecordView } from './decisions.ts';
import type { CellValue } from './values.ts';

/**
 * A plain, frozen snapshot of the board for rendering, scoring and export.
 * Reading is forgiving: anything malformed or dangling (a cell of a deleted
 * column, an option deleted while someone picked it) reads as empty, so a view
 * can always be built, even from a document the guard has not cleaned yet.
 */

export interface OptionView {
	readonly id: string;
	readonly label: string;
	readonly colour: string;
}

export interface ScopeColumnView {
	readonly id: string;
	readonly name: string;
	readonly type: ColumnType;
	readonly role: ColumnRole | null;
	readonly unit: CurrencyUnit | null;
	readonly options: readonly OptionView[];
}

export interface ScopeRowView {
	readonly id: string;
	/** By column id; empty cells are absent. Long text reads as a string. */
	readonly cells: Readonly<Record<string, Exclude<CellValue, null>>>;
	/** Where the service's scope decision stands, who was consulted, and any legal hold or override. */
	readonly decisionRecord: DecisionRecordView;
}

export interface GroupView {
	readonly id: string;
	readonly name: string;
}

export interface CriterionView {
	readonly id: string;
	readonly name: string;
	readonly groupId: string | null;
	readonly weight: number;
	/** The weight is the template's starting value, not one the board has set. */
	readonly weightPlaceholder: boolean;
	/** A knock-out; with weight 0 a gate (pass/fail only). */
	readonly knockout: boolean;
	/** For a knock-out criterion: a score below this fails the model. */
	readonly threshold: number;
	readonly description: string;
}

export interface EvidenceView {
	readonly id: string;
	readonly url: string;
	readonly label: string;
}

export interface ScoreCellView {
	/** A whole number on the board's scale, or null if not scored. */
	readonly score: number | null;
	/** A stored score outside the current scale (the scale changed under it); it reads as null. */
	readonly outOfRange: boolean;
	readonly rationale: string;
	readonly evidence: readonly EvidenceView[];
}

export interface ModelView {
	readonly id: string;
	readonly name: string;
	readonly description: string;
	/** The status the board set (a knock-out failure may still discount it: see scoring). */
	readonly status: ModelStatus;
	/** Why the board set that status. */
	readonly statusReason: string;
	/** Kept shortlisted or preferred although it fails a knock-out, knowingly. */
	readonly knockoutOverride: boolean;
	/** Discounted without a recorded reason (possible after concurrent edits); the UI should ask for one. */
	readonly reasonMissing: boolean;
	readonly illustrative: boolean;
	/** One entry per criterion, by criterion id. */
	readonly cells: Readonly<Record<string, ScoreCellView>>;
}

export interface CommentView {
	readonly id: string;
	readonly authorId: string;
	readonly authorName: string;
	readonly createdAt: string;
	readonly editedAt: string | null;
	readonly body: string;
}

export interface ThreadView {
	readonly id: string;
	readonly grid: Grid;
	readonly rowId: string;
	readonly columnId: string | null;
	/** False when the row or column it was about has been deleted. */
	readonly targetExists: boolean;
	readonly resolved: boolean;
	readonly resolvedBy: { readonly id: string; readonly name: string } | null;
	readonly resolvedAt: string | null;
	/** The opening comment first, then replies oldest first. */
	readonly comments: readonly CommentView[];
}

export interface BoardView {
	readonly schemaVersion: number;
	readonly title: string;
	readonly description: string;
	readonly scale: Scale;
	readonly scope: { readonly columns: readonly ScopeColumnView[]; readonly rows: readonly ScopeRowView[] };
	readonly models: {
		readonly groups: readonly GroupView[];
		/** In display order: grouped by heading, ungrouped last. */
		readonly criteria: readonly CriterionView[];
		readonly rows: readonly ModelView[];
		/** The business-as-usual / do-minimum benchmark model, or null. */
		readonly benchmarkId: string | null;
		/** Where the rows come from and which are illustrative; '' if none. */
		readonly note: string;
	};
	readonly threads: readonly ThreadView[];
}

function str(value: unknown, limit: number = schema.LIMITS.longText): string {
	return typeof value === 'string' ? value.slice(0, limit) : value instanceof Y.Text ? value.toString().slice(0, limit) : '';
}

function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}

export function readOptions(column: YMap): OptionView[] {
	const options = schema.childMap(column, 'options');
	if (!options) return [];
	return ordered.entries(options).map((e) => {
		const colour = e.map.get('colour');
		return {
			id: e.id,
			label: str(e.map.get('label'), schema.LIMITS.name),
			colour: typeof colour === 'string' && schema.COLOUR_PATTERN.test(colour) ? colour : schema.DEFAULT_COLOUR
		};
	});
}

function readScope(doc: Y.Doc): BoardView['scope'] {
	const { scopeColumns, scopeRows } = schema.roots(doc);
	const columns: ScopeColumnView[] = [];
	for (const e of ordered.entries(scopeColumns)) {
		const type = boardScope.columnType(e.map);
		if (!type) continue;
		const role = e.map.get('role');
		const unit = e.map.get('unit');
		columns.push({
			id: e.id,
			name: str(e.map.get('name'), schema.LIMITS.name),
			type,
			role: schema.isOneOf(schema.COLUMN_ROLES, role) ? role : null,
			unit: type === 'currency' ? (schema.isOneOf(schema.CURRENCY_UNITS, unit) ? unit : 'pounds') : null,
			options: type === 'select' ? readOptions(e.map) : []
		});
	}
	const rows = ordered.entries(scopeRows).flatMap((e): ScopeRowView[] => {
		const cells = schema.childMap(e.map, 'cells');
		if (!cells) return [];
		// Keyed by ids from the document: no prototype for a key to land on.
		const out: Record<string, Exclude<CellValue, null>> = Object.create(null);
		for (const col of columns) {
			const raw = cells.get(col.id);
			if (raw === undefined) continue;
			if (col.type === 'longText') {
				const text = str(raw);
				if (text) out[col.id] = text;
			} else if (values.valueProblem(col.type, raw) === null) {
				if (col.type === 'select' && !col.options.some((o) => o.id === raw)) continue;
				out[col.id] = raw as Exclude<CellValue, null>;
			}
		}
		const decisionColumn = columns.find((c) => c.role === 'decision' && c.type === 'select');
		return [
			{ id: e.id, cells: out, decisionRecord: decisions.readDecisionRecord(e.map, decisionColumn ? out[decisionColumn.id] : undefined) }
		];
	});
	return { columns, rows };
}

function readModels(doc: Y.Doc, scale: Scale): BoardView['models'] {
	const { criterionGroups, models } = schema.roots(doc);
	const groups = ordered.entries(criterionGroups).map((e) => ({ id: e.id, name: str(e.map.get('name'), schema.LIMITS.name) }));
	const criteria: CriterionView[] = boardCriteria.orderedCriteria(doc).map((e) => {
		const weight = e.map.get('weight');
		const threshold = e.map.get('threshold');
		return {
			id: e.id,
			name: str(e.map.get('name'), schema.LIMITS.name),
			groupId: e.groupId,
			weight: boardCriteria.isWeight(weight) ? weight : 1,
			weightPlaceholder: e.map.get('weightPlaceholder') === true,
			knockout: e.map.get('knockout') === true,
			threshold: Number.isInteger(threshold) ? (threshold as number) : scale.min + 1,
			description: str(e.map.get('description'), schema.LIMITS.criterionDescription)
		};
	});
	const rows = ordered.entries(models).flatMap((e): ModelView[] => {
		const scores = schema.childMap(e.map, 'scores');
		const rationales = schema.childMap(e.map, 'rationales');
		const evidence = schema.childMap(e.map, 'evidence');
		if (!scores || !rationales || !evidence) return [];
		const links = new Map<string, (EvidenceView & { order: string })[]>();
		evidence.forEach((value, key) => {
			const [criterionId, linkId, extra] = key.split('/');
			if (extra !== undefined || !ids.isId(criterionId) || !ids.isId(linkId)) return;
			if (typeof value !== 'object' || value === null) return;
			const { url, label, order } = value as Record<string, unknown>;
			if (!boardScores.isEvidenceUrl(url)) return;
			const list = links.get(criterionId) ?? [];
			list.push({ id: linkId, url, label: str(label, schema.LIMITS.linkLabel), order: boardOrder.isOrderKey(order) ? order : 'z' });
			links.set(criterionId, list);
		});
		const cells: Record<string, ScoreCellView> = Object.create(null);
		for (const c of criteria) {
			const raw = scores.get(c.id);
			const valid = Number.isInteger(raw);
			const inRange = valid && (raw as number) >= scale.min && (raw as number) <= scale.max;
			cells[c.id] = {
				score: inRange ? (raw as number) : null,
				outOfRange: valid && !inRange,
				rationale: str(rationales.get(c.id)),
				evidence: (links.get(c.id) ?? [])
					.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1))
					.map(({ id, url, label }) => ({ id, url, label }))
			};
		}
		const status = e.map.get('status');
		const effectiveStatus = schema.isOneOf(schema.MODEL_STATUSES, status) ? status : 'longList';
		const statusReason = str(e.map.get('statusReason'), schema.LIMITS.discountReason);
		return [
			{
				id: e.id,
				name: str(e.map.get('name'), schema.LIMITS.name),
				description: str(e.map.get('description'), schema.LIMITS.modelDescription),
				status: effectiveStatus,
				statusReason,
				knockoutOverride: e.map.get('knockoutOverride') === true,
				reasonMissing: effectiveStatus === 'discounted' && statusReason.trim() === '',
				illustrative: e.map.get('illustrative') === true,
				cells
			}
		];
	});
	const benchmark = schema.roots(doc).meta.get('benchmark');
	const benchmarkId = typeof benchmark === 'string' && rows.some((r) => r.id === benchmark) ? benchmark : null;
	const note = str(schema.roots(doc).meta.get('appraisalNote'), schema.LIMITS.criterionDescription);
	return { groups, criteria, rows, benchmarkId, note };
}

function readThreads(doc: Y.Doc, scope: BoardView['scope'], models: BoardView['models']): ThreadView[] {
	const all: (CommentView & { parentId: string | null; map: YMap })[] = [];
	schema.roots(doc).comments.forEach((value, id) => {
		if (!(value instanceof Y.Map)) return;
		const c = value as YMap;
		const parentId = c.get('parentId');
		const editedAt = c.get('editedAt');
		all.push({
			id,
			parentId: typeof parentId === 'string' ? parentId : null,
			authorId: str(c.get('authorId'), schema.LIMITS.personId),
			authorName: str(c.get('authorName'), schema.LIMITS.personName),
			createdAt: str(c.get('createdAt'), 40),
			editedAt: typeof editedAt === 'string' ? editedAt : null,
			body: str(c.get('body'), schema.LIMITS.comment),
			map: c
		});
	});
	const byTime = (a: CommentView, b: CommentView) =>
		a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
	const view = ({ id, authorId, authorName, createdAt, editedAt, body }: CommentView): CommentView => ({
		id,
		authorId,
		authorName,
		createdAt,
		editedAt,
		body
	});
	const exists = (grid: Grid, rowId: string, columnId: string | null) =>
		grid === 'scope'
			? scope.rows.some((r) => r.id === rowId) && (columnId === null || scope.columns.some((c) => c.id === columnId))
			: models.rows.some((r) => r.id === rowId) && (columnId === null || models.criteria.some((c) => c.id === columnId));
	return all
		.filter((c) => c.parentId === null)
		.sort(byTime)
		.map((root): ThreadView => {
			const grid: Grid = root.map.get('grid') === 'models' ? 'models' : 'scope';
			const rowId = str(root.map.get('rowId'), 64);
			const columnIdRaw = root.map.get('columnId');
			const columnId = typeof columnIdRaw === 'string' ? columnIdRaw : null;
			const resolved = root.map.get('resolved') === true;
			const resolvedAt = root.map.get('resolvedAt');
			return {
				id: root.id,
				grid,
				rowId,
				columnId,
				targetExists: exists(grid, rowId, columnId),
				resolved,
				resolvedBy: resolved
					? {
							id: str(root.map.get('resolvedById'), schema.LIMITS.personId),
							name: str(root.map.get('resolvedByName'), schema.LIMITS.personName)
						}
					: null,
				resolvedAt: resolved && typeof resolvedAt === 'string' ? resolvedAt : null,
				comments: [
					view(root),
					...all
						.filter((c) => c.parentId === root.id)
						.sort(byTime)
						.map(view)
				]
			};
		});
}

export function readBoard(doc: Y.Doc): BoardView {
	return rereadBoard(doc, null, ALL_PARTS);
}

/**
 * The parts of a board view, each read from its own roots: `meta` the title, description and schema version
 * (the meta map and the texts in it); `models` the scale, criteria, models and scores (with the meta map's own
 * keys: the scale, the benchmark, the appraisal note); `scope` the columns and rows; `comments` the threads.
 */
export type BoardPart = 'meta' | 'scope' | 'models' | 'comments';
const ALL_PARTS: ReadonlySet<BoardPart> = new Set(['meta', 'scope', 'models', 'comments']);

/**
 * Which parts of the view a transaction's changed types (`transaction.changed`) touch. Types outside the view
 * (locks) touch none.
 */
export function changedParts(doc: Y.Doc, changed: Iterable<{ readonly _item: Y.Item | null }>): Set<BoardPart> {
	const r = schema.roots(doc);
	const byRoot = new Map<unknown, BoardPart>([
		[r.scopeColumns, 'scope'],
		[r.scopeRows, 'scope'],
		[r.criterionGroups, 'models'],
		[r.criteria, 'models'],
		[r.models, 'models'],
		[r.comments, 'comments']
	]);
	const parts = new Set<BoardPart>();
	for (const type of changed) {
		let root: unknown = type;
		for (let item = type._item; item !== null && item.parent instanceof Y.AbstractType; item = item.parent._item) root = item.parent;
		if (root === r.meta) {
			parts.add('meta');
			if (type === r.meta) parts.add('models');
			continue;
		}
		const part = byRoot.get(root);
		if (part) parts.add(part);
	}
	return parts;
}

/**
 * The board view with only the `parts` named re-read from the document, the others kept from `prev` (the same
 * objects). The threads are re-read with the scope or the models too, as they say whether their cell still exists.
 */
export function rereadBoard(doc: Y.Doc, prev: BoardView | null, parts: ReadonlySet<BoardPart>): BoardView {
	if (prev && parts.size === 0) return prev;
	const { meta } = schema.roots(doc);
	const version = meta.get('schemaVersion');
	const scale = !prev || parts.has('models') ? boardCriteria.readScale(doc) : prev.scale;
	const scope = !prev || parts.has('scope') ? readScope(doc) : prev.scope;
	const models = !prev || parts.has('models') ? readModels(doc, scale) : prev.models;
	const threads =
		!prev || parts.has('comments') || scope !== prev.scope || models !== prev.models ? readThreads(doc, scope, models) : prev.threads;
	return deepFreeze({
		schemaVersion: Number.isInteger(version) ? (version as number) : 0,
		title: str(meta.get('title'), schema.LIMITS.title),
		description: str(meta.get('description'), schema.LIMITS.boardDescription),
		scale,
		scope,
		models,
		threads
	});
}
