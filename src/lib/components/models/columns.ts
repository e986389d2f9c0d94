import { MODEL_NAME_COLUMN } from '$lib/board/grid';
import type { CriterionView, GroupView, ModelView } from '$lib/board/read';
import { formatPercent, formatScore, standingText, type ModelScore } from '$lib/board/scoring';
import type { GridBand, GridColumn } from '$lib/components/grid';
import { STATUS_LABELS } from './statuses.ts';

export const STATUS = '@status';
export const TOTAL = '@total';
export const PERCENT = '@percent';
export const RANK = '@rank';
/** Worked out from the scores, so never typed into. */
export const COMPUTED: ReadonlySet<string> = new Set([TOTAL, PERCENT, RANK]);

const FIXED: readonly GridColumn[] = [
	{ id: MODEL_NAME_COLUMN, label: 'Delivery model', width: 17, sticky: true },
	{ id: STATUS, label: 'Status', width: 9.5 },
	// The results sit next to the names so the room sees them without scrolling past 25 criteria.
	{ id: TOTAL, label: 'Weighted total', width: 6.5, align: 'end' },
	{ id: PERCENT, label: '% of maximum', width: 6.5, align: 'end' },
	{ id: RANK, label: 'Rank', width: 8, align: 'center' }
];

export function modelColumns(criteria: readonly CriterionView[], widths: Readonly<Record<string, number>>): GridColumn[] {
	return [...FIXED, ...criteria.map((c): GridColumn => ({ id: c.id, label: c.name, width: 7.5, align: 'center' }))].map(
		(c): GridColumn => ({ ...c, width: widths[c.id] ?? c.width })
	);
}

/** A band with the heading it stands for; the model, result and "other criteria" bands have none. */
export type ModelBand = GridBand & { groupId: string | null };

/** One band over each run of criteria under the same heading, after the model and result bands. */
export function modelBands(criteria: readonly CriterionView[], groups: readonly GroupView[]): ModelBand[] {
	const out: ModelBand[] = [
		{ id: 'band-model', label: 'Model', start: 0, span: 2, groupId: null },
		{ id: 'band-result', label: 'Result', start: 2, span: 3, groupId: null }
	];
	let start = FIXED.length;
	const groupName = new Map(groups.map((g) => [g.id, g.name]));
	for (let i = 0; i < criteria.length; ) {
		const groupId = criteria[i]?.groupId ?? null;
		let span = 0;
		while (i < criteria.length && (criteria[i]?.groupId ?? null) === groupId) {
			span++;
			i++;
		}
		out.push({ id: `band-${groupId ?? 'none'}`, label: groupId ? (groupName.get(groupId) ?? '') : 'Other criteria', start, span, groupId });
		start += span;
	}
	return out;
}

/** A cell as copied to the clipboard. */
export function cellText(model: ModelView | undefined, score: ModelScore | undefined, colId: string): string {
	if (!model) return '';
	switch (colId) {
		case MODEL_NAME_COLUMN:
			return model.name;
		case STATUS:
			return STATUS_LABELS[score?.status ?? model.status];
		case TOTAL:
			return score ? formatScore(score.total) : '';
		case PERCENT:
			return score ? formatPercent(score.percent) : '';
		case RANK:
			return score ? standingText(score) : '';
		default: {
			const value = model.cells[colId]?.score;
			return value === null || value === undefined ? '' : String(value);
		}
	}
}
