import * as decisions from '../../board/decisions.ts';
import * as diff from '../../board/diff.ts';
import * as exact from '../../board/exact.ts';
import * as boardScoring from '../../board/scoring.ts';
import * as boardFormat from '../../board/format.ts';
import type { BoardView, ScopeColumnView } from '../../board/read.ts';
import type { MemberRef } from '../../board/values.ts';

/**
 * A board version as typed tables, one per sheet or CSV file. Writers decide
 * how each kind looks (number formats in XLSX, plain text in CSV); the values
 * and their order are decided once, here.
 */

export type NumberFormat = 'plain' | 'gbp' | 'gbpThousands' | 'gbpMillions' | 'score' | 'percent';

export type TableCell =
	| { readonly kind: 'text'; readonly value: string }
	/** `text` is the exact decimal for CSV and Markdown; `value` the number a spreadsheet stores (a percent as a fraction). */
	| {
			readonly kind: 'number';
			readonly value: number;
			readonly text: string;
			readonly format: NumberFormat;
			/** How the grid shows it (£1,250k), where that differs from `text`: for papers (Markdown). */
			readonly display?: string;
	  }
	| { readonly kind: 'date'; readonly value: string }
	| { readonly kind: 'boolean'; readonly value: boolean }
	| { readonly kind: 'empty' };

export interface Table {
	readonly name: string;
	readonly headers: readonly string[];
	/** An optional row above the headers: a heading over each run of columns (criteria under their groups). */
	readonly groups?: readonly (string | null)[];
	/** Columns holding long text, which get wrapped rather than widened. */
	readonly wide?: readonly number[];
	readonly rows: readonly (readonly TableCell[])[];
}

const EMPTY: TableCell = { kind: 'empty' };

function text(value: string): TableCell {
	return value === '' ? EMPTY : { kind: 'text', value };
}

function exactNumber(value: exact.Rational, format: NumberFormat, places = 6): Extract<TableCell, { kind: 'number' }> {
	const decimal = exact.formatDecimal(value, places, { trim: true });
	return { kind: 'number', value: Number(decimal), text: decimal, format };
}

const CURRENCY_FORMAT = { pounds: 'gbp', thousands: 'gbpThousands', millions: 'gbpMillions' } as const;

function scopeCell(column: ScopeColumnView, value: unknown, members: readonly MemberRef[]): TableCell {
	if (value === undefined || value === null) return EMPTY;
	switch (column.type) {
		case 'number':
		case 'currency':
			if (typeof value !== 'number') return EMPTY;
			return column.type === 'currency'
				? {
						kind: 'number',
						value,
						text: String(value),
						format: CURRENCY_FORMAT[column.unit ?? 'pounds'],
						display: boardFormat.formatCurrency(value, column.unit)
					}
				: { kind: 'number', value, text: String(value), format: 'plain', display: boardFormat.formatNumber(value) };
		case 'date':
			return typeof value === 'string' ? { kind: 'date', value } : EMPTY;
		case 'checkbox':
			return typeof value === 'boolean' ? { kind: 'boolean', value } : EMPTY;
		default:
			return text(diff.displayCell(column, value, members));
	}
}

/** After the board's own columns: where each decision stands and the record behind it. */
export const DECISION_RECORD_HEADERS = [
	'Decision state',
	'Consulted',
	'Equality impact',
	'Kept with the council by law',
	"Chair's override"
] as const;

function decisionRecordCells(row: BoardView['scope']['rows'][number]): TableCell[] {
	const record = row.decisionRecord;
	return [
		text(decisions.DECISION_STATE_LABELS[record.state]),
		text(record.consulted.map((c) => decisions.CONSULTEE_LABELS[c]).join('; ')),
		text(record.equalityNote),
		{ kind: 'boolean', value: record.retainedByLaw },
		text(decisions.overrideText(record))
	];
}

export function scopeTable(view: BoardView, members: readonly MemberRef[] = []): Table {
	const { columns, rows } = view.scope;
	return {
		name: 'Scope of services',
		headers: [...columns.map((c) => c.name || 'Unnamed column'), ...DECISION_RECORD_HEADERS],
		wide: [...columns.flatMap((c, i) => (c.type === 'longText' ? [i] : [])), columns.length + 2, columns.length + 4],
		rows: rows.map((row) => [...columns.map((c) => scopeCell(c, row.cells[c.id], members)), ...decisionRecordCells(row)])
	};
}

/**
 * Models in paper order, as the grid reads them: ranked models by rank (ties
 * together), then models not yet scored on every criterion, then knocked-out
 * and discounted ones. A rank is a number only for a ranked model (ties marked
 * in their own column); every other model says why it has none.
 */
export function modelsTable(view: BoardView): Table {
	const { criteria, groups, rows } = view.models;
	const scoring = boardScoring.scoreModels({ ...view.models, scale: view.scale });
	const scores = new Map(scoring.models.map((s) => [s.modelId, s]));
	const byId = new Map(rows.map((m) => [m.id, m]));
	const hasBenchmark = view.models.benchmarkId !== null;
	const fixed = [
		'Rank',
		'Tied',
		'Standing',
		'Model',
		'Status',
		'Reason for status',
		'Weighted total',
		...(hasBenchmark ? ['Against benchmark'] : []),
		'Maximum',
		'% of maximum',
		'Criteria scored'
	];
	const trailing = ['Fails knock-out', 'Illustrative', 'Benchmark'];
	const groupName = (id: string | null) => groups.find((g) => g.id === id)?.name ?? 'Other criteria';
	return {
		name: 'Delivery models',
		headers: [...fixed, ...criteria.map((c) => criterionHeader(c)), ...trailing],
		groups: [...fixed.map(() => null), ...criteria.map((c) => groupName(c.groupId)), ...trailing.map(() => null)],
		wide: [fixed.indexOf('Reason for status')],
		rows: scoring.ranking.flatMap((id) => {
			const m = byId.get(id);
			const s = scores.get(id);
			if (!m || !s) return [];
			const scored = s.scored > 0;
			const percent = scored && s.percent ? s.percent : null;
			return [
				[
					s.rank !== null ? { kind: 'number', value: s.rank, text: String(s.rank), format: 'plain' } : EMPTY,
					s.rank !== null ? { kind: 'boolean', value: s.tied } : EMPTY,
					text(boardScoring.standingText(s)),
					text(m.name),
					text(statusLabel(s, m.knockoutOverride)),
					text(s.autoReason ?? m.statusReason),
					scored ? { ...exactNumber(s.total, 'score'), text: boardScoring.formatScore(s.total) } : EMPTY,
					...(hasBenchmark
						? [
								s.vsBenchmark !== null && scored
									? { ...exactNumber(s.vsBenchmark, 'score'), text: boardScoring.formatDifference(s.vsBenchmark) }
									: s.benchmark
										? text('Benchmark')
										: EMPTY
							]
						: []),
					{ ...exactNumber(s.max, 'score'), text: boardScoring.formatScore(s.max) },
					percent
						? {
								kind: 'number',
								value: Number(exact.formatDecimal(percent, 6)) / 100,
								text: boardScoring.formatPercent(percent).replace('%', ''),
								format: 'percent'
							}
						: EMPTY,
					text(`${s.scored} of ${s.criteriaCount}`),
					...criteria.map((c): TableCell => {
						const score = m.cells[c.id]?.score;
						return typeof score === 'number' ? { kind: 'number', value: score, text: String(score), format: 'plain' } : EMPTY;
					}),
					text(s.failedKnockouts.map((cid) => criterionHeader(criteria.find((c) => c.id === cid))).join('; ')),
					{ kind: 'boolean', value: m.illustrative },
					{ kind: 'boolean', value: s.benchmark }
				] satisfies TableCell[]
			];
		})
	};
}

/** A criterion's name, marked "(gate)" when it is pass/fail only. */
function criterionHeader(c: { name: string; weight: number; knockout: boolean } | undefined): string {
	if (!c) return '';
	const name = c.name || 'Unnamed criterion';
	return boardScoring.isGate(c) ? `${name} (gate)` : name;
}

/** The status the board reads, as the grid shows it: discounted by a failed knock-out unless overridden. */
export function statusLabel(s: { status: keyof typeof diff.STATUS_LABELS; knockedOut: boolean }, override: boolean): string {
	const label = diff.STATUS_LABELS[s.status];
	return s.knockedOut && override ? `${label} (kept despite a failed knock-out)` : label;
}

/** One row per model and criterion: the score with its rationale and evidence, for the record. */
export function scoringDetailTable(view: BoardView): Table {
	const { criteria, groups, rows } = view.models;
	return {
		name: 'Scoring detail',
		headers: ['Model', 'Heading', 'Criterion', 'Score', 'Rationale', 'Evidence'],
		wide: [4, 5],
		rows: rows.flatMap((m) =>
			criteria.map((c): TableCell[] => {
				const cell = m.cells[c.id];
				return [
					text(m.name),
					text(groups.find((g) => g.id === c.groupId)?.name ?? ''),
					text(c.name),
					typeof cell?.score === 'number' ? { kind: 'number', value: cell.score, text: String(cell.score), format: 'plain' } : EMPTY,
					text(cell?.rationale ?? ''),
					text((cell?.evidence ?? []).map((e) => (e.label ? `${e.label} (${e.url})` : e.url)).join('\n'))
				];
			})
		)
	};
}

export function criteriaTable(view: BoardView): Table {
	const { criteria, groups } = view.models;
	const shares = new Map(boardScoring.scoreModels({ ...view.models, scale: view.scale }).weights.map((w) => [w.criterionId, w]));
	return {
		name: 'Criteria',
		headers: ['Heading', 'Criterion', 'Weight', 'Share of weight', 'Knock-out', 'Fails below', 'Weight set by', 'Description'],
		wide: [7],
		rows: criteria.map((c) => {
			const share = shares.get(c.id);
			return [
				text(groups.find((g) => g.id === c.groupId)?.name ?? ''),
				text(c.name),
				{ kind: 'number', value: c.weight, text: String(c.weight), format: 'plain' },
				// The rounded share (largest remainder), so the column adds to exactly 100.0 % as on screen.
				share ? { kind: 'number', value: Number(share.display) / 100, text: share.display, format: 'percent' } : EMPTY,
				text(boardScoring.isGate(c) ? 'Gate (pass/fail only)' : c.knockout ? 'Yes' : 'No'),
				c.knockout ? { kind: 'number', value: c.threshold, text: String(c.threshold), format: 'plain' } : EMPTY,
				text(c.weightPlaceholder ? 'Placeholder: not yet set by the board' : 'The board'),
				text(c.description)
			];
		})
	};
}

/** A cell as the grid shows it (budgets as £1,250k): what a paper should read. */
export function displayText(cell: TableCell): string {
	return cell.kind === 'number' && cell.display !== undefined ? cell.display : cellText(cell);
}

/** Plain text of a cell, as CSV and Markdown show it. */
export function cellText(cell: TableCell): string {
	switch (cell.kind) {
		case 'empty':
			return '';
		case 'number':
			return cell.text;
		case 'boolean':
			return cell.value ? 'Yes' : 'No';
		default:
			return cell.value;
	}
}
