import * as format from './format.ts';
import * as scoring from './scoring.ts';
import * as values from './values.ts';
import * as boardDecisions from './decisions.ts';
import type { BoardView, CriterionView, ModelView, ScopeColumnView, ScopeRowView } from './read.ts';
import type { ModelScore } from './scoring.ts';
import type { ModelStatus } from './schema.ts';
import type { MemberRef } from './values.ts';
import type { DecisionRecordView } from './decisions.ts';

/**
 * What changed between two versions of a board, as plain data a page, a CSV or
 * a minutes pack can show. Rows, columns and models are matched by id, so a
 * renamed service is a changed cell, not a removal and an addition. Cells of
 * added or removed rows and columns are not listed one by one: the row or
 * column is. Every change carries a `path` into the document (the same paths
 * the attribution replay records), so the server can say who made it.
 */

export interface Named {
	readonly id: string;
	readonly name: string;
	readonly path: string;
}

export interface CellChange {
	readonly path: string;
	readonly rowId: string;
	/** The service or model, as named in the newer version (or the older one if removed since). */
	readonly row: string;
	readonly columnId: string;
	readonly column: string;
	/** Display text; '' for empty. */
	readonly from: string;
	readonly to: string;
}

export interface ResultChange {
	readonly path: string;
	readonly modelId: string;
	readonly model: string;
	readonly total: { readonly from: string; readonly to: string };
	readonly percent: { readonly from: string; readonly to: string };
	readonly rank: { readonly from: string; readonly to: string };
	readonly status: { readonly from: string; readonly to: string };
}

export interface BoardDiff {
	readonly title: { readonly from: string; readonly to: string } | null;
	readonly scope: {
		readonly columnsAdded: readonly Named[];
		readonly columnsRemoved: readonly Named[];
		/** Renamed, retyped or options changed; `column` is the column's newer name. */
		readonly columnsChanged: readonly CellChange[];
		readonly rowsAdded: readonly Named[];
		readonly rowsRemoved: readonly Named[];
		/**
		 * The decision column's moves, not repeated in `cells`, and changes to each decision's record (state,
		 * consultees, equality note, legal hold, chair's override) with `columnId` the record key.
		 */
		readonly decisions: readonly CellChange[];
		readonly cells: readonly CellChange[];
	};
	readonly models: {
		readonly criteriaAdded: readonly Named[];
		readonly criteriaRemoved: readonly Named[];
		readonly criteriaChanged: readonly CellChange[];
		readonly modelsAdded: readonly Named[];
		readonly modelsRemoved: readonly Named[];
		/** Name, description, status, discount reason, and each criterion's score, rationale and evidence. */
		readonly cells: readonly CellChange[];
		/** Weighted total, percentage, rank or status moved. */
		readonly results: readonly ResultChange[];
	};
	/** Number of listed changes (results excluded: they follow from the cells). */
	readonly count: number;
}

export const STATUS_LABELS: Record<ModelStatus, string> = {
	longList: 'Long list',
	shortlisted: 'Shortlisted',
	preferred: 'Preferred',
	discounted: 'Discounted'
};

export interface DiffOptions {
	/** Board members, to show member cells by name. */
	readonly members?: readonly MemberRef[];
}

type Scope = BoardView['scope'];

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
	return new Map(list.map((item) => [item.id, item]));
}

function added<T extends { id: string }>(from: readonly T[], to: readonly T[]): T[] {
	const old = byId(from);
	return to.filter((item) => !old.has(item.id));
}

/** A scope cell exactly, as it would be copied: what decides whether it changed. */
function exactCell(column: ScopeColumnView, value: unknown, members: readonly MemberRef[]): string {
	if (value === undefined || value === null) return '';
	return values.cellToText(column.type, value as string | number | boolean, { options: column.options, members });
}

/** A scope cell as the people reading the minutes would write it, and as the grid shows it: £1,250k, 7 Sep 2016. */
export function displayCell(column: ScopeColumnView, value: unknown, members: readonly MemberRef[] = []): string {
	if (column.type === 'currency' && typeof value === 'number') return format.formatCurrency(value, column.unit);
	if (column.type === 'number' && typeof value === 'number') return format.formatNumber(value);
	if (column.type === 'date' && typeof value === 'string') return format.formatDate(value);
	if (column.type === 'rag' && typeof value === 'string') return format.RAG_LABELS[value as keyof typeof format.RAG_LABELS] ?? '';
	return exactCell(column, value, members);
}

export function serviceName(scope: Scope, row: ScopeRowView): string {
	const column = scope.columns.find((c) => c.role === 'service' && (c.type === 'text' || c.type === 'longText'));
	const name = column ? row.cells[column.id] : undefined;
	return typeof name === 'string' && name.trim() ? name : 'Unnamed service';
}

function columnSignature(column: ScopeColumnView): string {
	const unit = column.unit ? ` (${column.unit})` : '';
	const options = column.options.length ? `: ${column.options.map((o) => o.label).join(', ')}` : '';
	return `${column.type}${unit}${options}`;
}

/** The parts of a decision's record a change report lists, by the row key that holds each. */
const RECORD_FIELDS: readonly (readonly [string, string, (r: DecisionRecordView) => string])[] = [
	['decisionState', 'Decision state', (r) => boardDecisions.DECISION_STATE_LABELS[r.state]],
	['consulted', 'Consulted', (r) => r.consulted.map((c) => boardDecisions.CONSULTEE_LABELS[c]).join('; ')],
	['equalityNote', 'Equality impact', (r) => r.equalityNote],
	['retainedByLaw', 'Kept with the council by law', (r) => (r.retainedByLaw ? 'Yes' : 'No')],
	['transferOverride', "Chair's override", boardDecisions.overrideText]
];

function diffScope(from: Scope, to: Scope, members: readonly MemberRef[]): BoardDiff['scope'] {
	const oldColumns = byId(from.columns);
	const oldRows = byId(from.rows);
	const columnRef = (c: ScopeColumnView): Named => ({ id: c.id, name: c.name || 'Unnamed column', path: `scopeColumns/${c.id}` });
	const rowRef = (scope: Scope, r: ScopeRowView): Named => ({ id: r.id, name: serviceName(scope, r), path: `scopeRows/${r.id}` });

	const columnsChanged: CellChange[] = [];
	for (const column of to.columns) {
		const old = oldColumns.get(column.id);
		if (!old) continue;
		const change = (field: string, label: string, a: string, b: string) => {
			if (a !== b)
				columnsChanged.push({
					path: `scopeColumns/${column.id}/${field}`,
					rowId: column.id,
					row: column.name,
					columnId: field,
					column: label,
					from: a,
					to: b
				});
		};
		change('name', 'Name', old.name, column.name);
		change('type', 'Type and options', columnSignature(old), columnSignature(column));
	}

	const decisionIds = new Set(to.columns.filter((c) => c.role === 'decision').map((c) => c.id));
	const decisions: CellChange[] = [];
	const cells: CellChange[] = [];
	for (const row of to.rows) {
		const old = oldRows.get(row.id);
		if (!old) continue;
		for (const column of to.columns) {
			const oldColumn = oldColumns.get(column.id);
			if (!oldColumn) continue;
			const before = old.cells[column.id];
			const after = row.cells[column.id];
			const exactA = exactCell(oldColumn, before, members);
			const exactB = exactCell(column, after, members);
			if (exactA === exactB) continue;
			let a = displayCell(oldColumn, before, members);
			let b = displayCell(column, after, members);
			// Rounded for display (£1,250.56k) two different values can read the same: then show them exactly.
			if (a === b) [a, b] = [exactA, exactB];
			const change = {
				path: `scopeRows/${row.id}/cells/${column.id}`,
				rowId: row.id,
				row: serviceName(to, row),
				columnId: column.id,
				column: column.name,
				from: a,
				to: b
			};
			(decisionIds.has(column.id) ? decisions : cells).push(change);
		}
		for (const [key, label, read] of RECORD_FIELDS) {
			const a = read(old.decisionRecord);
			const b = read(row.decisionRecord);
			if (a !== b)
				decisions.push({
					path: `scopeRows/${row.id}/${key}`,
					rowId: row.id,
					row: serviceName(to, row),
					columnId: key,
					column: label,
					from: a,
					to: b
				});
		}
	}
	return {
		columnsAdded: added(from.columns, to.columns).map(columnRef),
		columnsRemoved: added(to.columns, from.columns).map(columnRef),
		columnsChanged,
		rowsAdded: added(from.rows, to.rows).map((r) => rowRef(to, r)),
		rowsRemoved: added(to.rows, from.rows).map((r) => rowRef(from, r)),
		decisions,
		cells
	};
}

function criterionSummary(c: CriterionView, groups: BoardView['models']['groups']): Record<string, [string, string]> {
	const group = groups.find((g) => g.id === c.groupId)?.name ?? '';
	return {
		name: ['Name', c.name],
		group: ['Heading', group],
		weight: ['Weight', String(c.weight)],
		knockout: ['Knock-out', c.knockout ? `yes, below ${c.threshold} fails` : 'no'],
		description: ['Description', c.description]
	};
}

function evidenceText(cell: ModelView['cells'][string] | undefined): string {
	return (cell?.evidence ?? []).map((e) => (e.label ? `${e.label} <${e.url}>` : e.url)).join('; ');
}

export function modelName(m: ModelView): string {
	return m.name.trim() || 'Unnamed model';
}

function statusText(score: ModelScore | undefined, status: ModelStatus): string {
	if (!score) return STATUS_LABELS[status];
	if (score.autoReason) return `${STATUS_LABELS.discounted} (fails a knock-out)`;
	return score.knockedOut ? `${STATUS_LABELS[score.status]} (fails a knock-out: kept by override)` : STATUS_LABELS[score.status];
}

function resultText(score: ModelScore | undefined, status: ModelStatus | undefined) {
	return {
		total: score && score.scored > 0 ? scoring.formatScore(score.total) : '',
		percent: score && score.scored > 0 ? scoring.formatPercent(score.percent) : '',
		rank: score ? scoring.standingText(score) : '',
		status: status ? statusText(score, status) : ''
	};
}

function diffModels(
	from: BoardView['models'],
	to: BoardView['models'],
	fromScale: BoardView['scale'],
	toScale: BoardView['scale']
): BoardDiff['models'] {
	const oldCriteria = byId(from.criteria);
	const oldModels = byId(from.rows);
	const criterionRef = (c: CriterionView): Named => ({ id: c.id, name: c.name || 'Unnamed criterion', path: `criteria/${c.id}` });
	const modelRef = (m: ModelView): Named => ({ id: m.id, name: modelName(m), path: `models/${m.id}` });

	const criteriaChanged: CellChange[] = [];
	for (const c of to.criteria) {
		const old = oldCriteria.get(c.id);
		if (!old) continue;
		const a = criterionSummary(old, from.groups);
		const b = criterionSummary(c, to.groups);
		for (const [field, [label, value]] of Object.entries(b)) {
			const before = a[field]?.[1] ?? '';
			if (before !== value)
				criteriaChanged.push({
					path: `criteria/${c.id}/${field === 'group' ? 'groupId' : field}`,
					rowId: c.id,
					row: c.name,
					columnId: field,
					column: label,
					from: before,
					to: value
				});
		}
	}

	const cells: CellChange[] = [];
	for (const m of to.rows) {
		const old = oldModels.get(m.id);
		if (!old) continue;
		const push = (path: string, columnId: string, column: string, a: string, b: string) => {
			if (a !== b) cells.push({ path: `models/${m.id}/${path}`, rowId: m.id, row: modelName(m), columnId, column, from: a, to: b });
		};
		push('name', '@name', 'Name', old.name, m.name);
		push('description', '@description', 'Description', old.description, m.description);
		push('status', '@status', 'Status', STATUS_LABELS[old.status], STATUS_LABELS[m.status]);
		push('statusReason', '@statusReason', 'Reason for status', old.statusReason, m.statusReason);
		for (const c of to.criteria) {
			if (!oldCriteria.has(c.id)) continue;
			const a = old.cells[c.id];
			const b = m.cells[c.id];
			push(`scores/${c.id}`, c.id, `${c.name}: score`, a?.score?.toString() ?? '', b?.score?.toString() ?? '');
			push(`rationales/${c.id}`, c.id, `${c.name}: rationale`, a?.rationale ?? '', b?.rationale ?? '');
			push(`evidence/${c.id}`, c.id, `${c.name}: evidence`, evidenceText(a), evidenceText(b));
		}
	}

	const oldScores = byId(scoring.scoreModels({ ...from, scale: fromScale }).models.map((s) => ({ ...s, id: s.modelId })));
	const newScores = byId(scoring.scoreModels({ ...to, scale: toScale }).models.map((s) => ({ ...s, id: s.modelId })));
	const results: ResultChange[] = [];
	for (const m of to.rows) {
		const old = oldModels.get(m.id);
		if (!old) continue;
		const a = resultText(oldScores.get(m.id), old.status);
		const b = resultText(newScores.get(m.id), m.status);
		if (a.total === b.total && a.percent === b.percent && a.rank === b.rank && a.status === b.status) continue;
		results.push({
			path: `models/${m.id}/scores`,
			modelId: m.id,
			model: modelName(m),
			total: { from: a.total, to: b.total },
			percent: { from: a.percent, to: b.percent },
			rank: { from: a.rank, to: b.rank },
			status: { from: a.status, to: b.status }
		});
	}
	return {
		criteriaAdded: added(from.criteria, to.criteria).map(criterionRef),
		criteriaRemoved: added(to.criteria, from.criteria).map(criterionRef),
		criteriaChanged,
		modelsAdded: added(from.rows, to.rows).map(modelRef),
		modelsRemoved: added(to.rows, from.rows).map(modelRef),
		cells,
		results
	};
}

export function diffBoards(from: BoardView, to: BoardView, options: DiffOptions = {}): BoardDiff {
	const scope = diffScope(from.scope, to.scope, options.members ?? []);
	const models = diffModels(from.models, to.models, from.scale, to.scale);
	const title = from.title === to.title ? null : { from: from.title, to: to.title };
	const count =
		(title ? 1 : 0) +
		Object.values(scope).reduce((n, list) => n + list.length, 0) +
		Object.entries(models).reduce((n, [key, list]) => (key === 'results' ? n : n + list.length), 0);
	return { title, scope, models, count };
}

/** Every listed change with its path, for attaching attribution. */
export function diffPaths(diff: BoardDiff): string[] {
	const lists: readonly (readonly { path: string }[])[] = [...Object.values(diff.scope), ...Object.values(diff.models)];
	return [...(diff.title ? ['meta/title'] : []), ...lists.flatMap((list) => list.map((c) => c.path))];
}

/** Who made a change, found by replaying the board's update log (see attribution.ts). */
export interface ChangeAuthor {
	readonly name: string;
	/** Milliseconds since the epoch. */
	readonly at: number;
}

/** Authors by change path. */
export type DiffAttribution = Readonly<Record<string, ChangeAuthor>>;

export interface DiffLine {
	readonly grid: 'Board' | 'Scope of services' | 'Delivery models';
	readonly change: string;
	readonly row: string;
	readonly column: string;
	readonly from: string;
	readonly to: string;
	readonly path: string;
}

/** The diff as one list of lines, in reading order, for CSV, Markdown and minutes. */
export function diffLines(diff: BoardDiff): DiffLine[] {
	const scope = 'Scope of services' as const;
	const models = 'Delivery models' as const;
	const named = (grid: DiffLine['grid'], change: string, list: readonly Named[], asColumn = false): DiffLine[] =>
		list.map((n) => ({ grid, change, row: asColumn ? '' : n.name, column: asColumn ? n.name : '', from: '', to: '', path: n.path }));
	const cells = (grid: DiffLine['grid'], change: string, list: readonly CellChange[]): DiffLine[] =>
		list.map((c) => ({ grid, change, row: c.row, column: c.column, from: c.from, to: c.to, path: c.path }));
	const results: DiffLine[] = diff.models.results.flatMap((r) =>
		(['rank', 'total', 'percent', 'status'] as const)
			.filter((field) => r[field].from !== r[field].to)
			.map((field) => ({
				grid: models,
				change: 'Result moved',
				row: r.model,
				column: { rank: 'Rank', total: 'Weighted total', percent: '% of maximum', status: 'Status' }[field],
				from: r[field].from,
				to: r[field].to,
				path: r.path
			}))
	);
	return [
		...(diff.title
			? [
					{
						grid: 'Board' as const,
						change: 'Title changed',
						row: '',
						column: 'Title',
						from: diff.title.from,
						to: diff.title.to,
						path: 'meta/title'
					}
				]
			: []),
		...named(scope, 'Column added', diff.scope.columnsAdded, true),
		...named(scope, 'Column removed', diff.scope.columnsRemoved, true),
		...cells(scope, 'Column changed', diff.scope.columnsChanged),
		...named(scope, 'Service added', diff.scope.rowsAdded),
		...named(scope, 'Service removed', diff.scope.rowsRemoved),
		...diff.scope.decisions.flatMap((c) => cells(scope, c.path.includes('/cells/') ? 'Decision moved' : 'Decision record changed', [c])),
		...cells(scope, 'Cell changed', diff.scope.cells),
		...named(models, 'Criterion added', diff.models.criteriaAdded, true),
		...named(models, 'Criterion removed', diff.models.criteriaRemoved, true),
		...cells(models, 'Criterion changed', diff.models.criteriaChanged),
		...named(models, 'Model added', diff.models.modelsAdded),
		...named(models, 'Model removed', diff.models.modelsRemoved),
		...cells(models, 'Cell changed', diff.models.cells),
		...results
	];
}
