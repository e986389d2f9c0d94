import { CONSULTEE_LABELS, DECISION_STATE_LABELS, overrideText } from '../../board/decisions.ts';
import { formatCurrency } from '../../board/format.ts';
import {
	STATUS_LABELS,
	displayCell,
	exact,
	formatPercent,
	formatRank,
	formatScore,
	scoreModels,
	type BoardView,
	type MemberRef,
	type ScopeColumnView
} from '../../board/index.ts';

/**
 * A board version as typed tables, one per sheet or CSV file. Writers decide
 * how each kind looks (number formats in XLSX, plain text in CSV); the values
 * and their order are decided once, here.
 */

export type NumberFormat = 'plain' | 'gbp' | 'gbpThousands' | 'gbpMillions' | 'score' | 'percent';

export type TableCell =
	| { readonly kind: 'text'; readonly value: string }
	/**
	 * `text` is the exact decimal for CSV (and Markdown unless `display` is set); `value` the number a
	 * spreadsheet stores (a percent as a fraction); `display` how the grid shows it (a budget as £2,400.5k).
	 */
	| { readonly kind: 'number'; readonly value: number; readonly text: string; readonly format: NumberFormat; readonly display?: string }
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

function exactNumber(value: exact.Rational, format: NumberFormat, places = 6): TableCell {
	const decimal = exact.formatDecimal(value, places, { trim: true });
	return { kind: 'number', value: Number(decimal), text: decimal, format };
}

const CURRENCY_FORMAT = { pounds: 'gbp', thousands: 'gbpThousands', millions: 'gbpMillions' } as const;

function scopeCell(column: ScopeColumnView, value: unknown, members: readonly MemberRef[]): TableCell {
	if (value === undefined || value === null) return EMPTY;
	switch (column.type) {
		case 'number':
			return typeof value === 'number' ? { kind: 'number', value, text: String(value), format: 'plain' } : EMPTY;
		case 'currency':
			return typeof value === 'number'
				? { kind: 'number', value, text: String(value), format: CURRENCY_FORMAT[column.unit ?? 'pounds'], display: formatCurrency(value, column.unit) }
				: EMPTY;
		case 'date':
			return typeof value === 'string' ? { kind: 'date', value } : EMPTY;
		case 'checkbox':
			return typeof value === 'boolean' ? { kind: 'boolean', value } : EMPTY;
		default:
			return text(displayCell(column, value, members));
	}
}

/** After the board's own columns: where each decision stands and the record behind it. */
export const DECISION_RECORD_HEADERS = ['Decision state', 'Consulted', 'Equality impact', 'Kept with the council by law', "Chair's override"] as const;

function decisionRecordCells(row: BoardView['scope']['rows'][number]): TableCell[] {
	const record = row.decisionRecord;
	return [
		text(DECISION_STATE_LABELS[record.state]),
		text(record.consulted.map((c) => CONSULTEE_LABELS[c]).join('; ')),
		text(record.equalityNote),
		{ kind: 'boolean', value: record.retainedByLaw },
		text(overrideText(record))
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

/** Models in board order with their weighted total, percentage of the maximum and rank beside each score. */
export function modelsTable(view: BoardView): Table {
	const { criteria, groups, rows } = view.models;
	const scoring = scoreModels({ ...view.models, scale: view.scale });
	const scores = new Map(scoring.models.map((s) => [s.modelId, s]));
	const fixed = ['Rank', 'Model', 'Status', 'Weighted total', 'Maximum', '% of maximum'];
	const trailing = ['Fails knock-out', 'Reason discounted', 'Illustrative'];
	const groupName = (id: string | null) => groups.find((g) => g.id === id)?.name ?? 'Other criteria';
	return {
		name: 'Delivery models',
		headers: [...fixed, ...criteria.map((c) => c.name || 'Unnamed criterion'), ...trailing],
		groups: [...fixed.map(() => null), ...criteria.map((c) => groupName(c.groupId)), ...trailing.map(() => null)],
		wide: [fixed.length + criteria.length + 1],
		rows: rows.map((m) => {
			const s = scores.get(m.id);
			const scored = s !== undefined && s.scored > 0;
			const percent = scored && s.percent ? s.percent : null;
			return [
				s?.rank ? text(formatRank(s.rank, s.tied)) : EMPTY,
				text(m.name),
				text(STATUS_LABELS[m.status]),
				scored ? { ...exactNumber(s.total, 'score'), text: formatScore(s.total) } : EMPTY,
				s ? { ...exactNumber(s.max, 'score'), text: formatScore(s.max) } : EMPTY,
				percent
					? { kind: 'number', value: Number(exact.formatDecimal(percent, 6)) / 100, text: formatPercent(percent).replace('%', ''), format: 'percent' }
					: EMPTY,
				...criteria.map((c): TableCell => {
					const score = m.cells[c.id]?.score;
					return typeof score === 'number' ? { kind: 'number', value: score, text: String(score), format: 'plain' } : EMPTY;
				}),
				text(s?.failedKnockouts.map((id) => criteria.find((c) => c.id === id)?.name ?? '').join('; ') ?? ''),
				text(m.discountReason),
				{ kind: 'boolean', value: m.illustrative }
			];
		})
	};
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
	const shares = new Map(scoreModels({ ...view.models, scale: view.scale }).weights.map((w) => [w.criterionId, w.percent]));
	return {
		name: 'Criteria',
		headers: ['Heading', 'Criterion', 'Weight', 'Share of weight', 'Knock-out', 'Fails below', 'Description'],
		wide: [6],
		rows: criteria.map((c) => {
			const share = shares.get(c.id);
			return [
				text(groups.find((g) => g.id === c.groupId)?.name ?? ''),
				text(c.name),
				{ kind: 'number', value: c.weight, text: String(c.weight), format: 'plain' },
				share
					? { kind: 'number', value: Number(exact.formatDecimal(share, 6)) / 100, text: formatPercent(share).replace('%', ''), format: 'percent' }
					: EMPTY,
				{ kind: 'boolean', value: c.knockout },
				c.knockout ? { kind: 'number', value: c.threshold, text: String(c.threshold), format: 'plain' } : EMPTY,
				text(c.description)
			];
		})
	};
}

/** A cell as a paper shows it: like the grid (budgets as £2,400.5k), otherwise its plain text. */
export function cellDisplay(cell: TableCell): string {
	return cell.kind === 'number' && cell.display !== undefined ? cell.display : cellText(cell);
}

/** Plain text of a cell, as CSV shows it. */
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
