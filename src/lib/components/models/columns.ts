import * as grid from '$lib/board/grid';
import * as scoring from '$lib/board/scoring';
import type { CriterionView, GroupView, ModelView } from '$lib/board/read';
import type { ModelScore } from '$lib/board/scoring';
import type { GridBand, GridColumn } from '$lib/components/grid';
import { widenToWords } from '$lib/components/grid/arrange.ts';
import { STATUS_LABELS } from './statuses.ts';

export const STATUS = '@status';
export const TOTAL = '@total';
export const PERCENT = '@percent';
export const RANK = '@rank';
/** Worked out from the scores, so never typed into. */
export const COMPUTED: ReadonlySet<string> = new Set([TOTAL, PERCENT, RANK]);

// The model and its results stay in view (frozen) while scrolling across the criteria, so they are kept narrow.
const FIXED: readonly GridColumn[] = [
	{ id: grid.MODEL_NAME_COLUMN, label: 'Delivery model', width: 12.5, sticky: true },
	{ id: STATUS, label: 'Status', width: 7.5, sticky: true },
	// The results sit next to the names so the room sees them without scrolling past 25 criteria.
	{ id: TOTAL, label: 'Weighted total', width: 5, align: 'end', sticky: true },
	{ id: PERCENT, label: '% of maximum', width: 5, align: 'end', sticky: true },
	{ id: RANK, label: 'Rank', width: 5, align: 'center', sticky: true }
];

/** A criterion column fits a score; its header wraps over several lines instead of widening it. */
const CRITERION_WIDTH = 5;
/** A header's word wider than this (about 18 letters of its type) is broken rather than its column widened. */
const LONGEST_WORD = 9.5;

/**
 * The model grid's columns: each as wide as the longest word of its header (`wordWidth`, in rem), so names wrap
 * only between words, and otherwise compact; a width someone chose for a column (`widths`) is theirs to keep.
 */
export function modelColumns(
	criteria: readonly CriterionView[],
	widths: Readonly<Record<string, number>>,
	wordWidth: (word: string) => number
): GridColumn[] {
	const shown = [...FIXED, ...criteria.map((c): GridColumn => ({ id: c.id, label: c.name, width: CRITERION_WIDTH, align: 'center' }))];
	return widenToWords(shown, wordWidth, LONGEST_WORD).columns.map((c): GridColumn => ({ ...c, width: widths[c.id] ?? c.width }));
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
	for (let i = 0; i < criteria.length;) {
		const groupId = criteria[i]?.groupId ?? null;
		let span = 0;
		while (i < criteria.length && (criteria[i]?.groupId ?? null) === groupId) {
			span++;
			i++;
		}
		// A frozen criterion splits its heading's run, so a band is named by where it starts too.
		out.push({
			id: `band-${groupId ?? 'none'}-${start}`,
			label: groupId ? (groupName.get(groupId) ?? '') : 'Other criteria',
			start,
			span,
			groupId
		});
		start += span;
	}
	return out;
}

/** A cell as copied to the clipboard. */
export function cellText(model: ModelView | undefined, score: ModelScore | undefined, colId: string): string {
	if (!model) return '';
	switch (colId) {
		case grid.MODEL_NAME_COLUMN:
			return model.name;
		case STATUS:
			return STATUS_LABELS[score?.status ?? model.status];
		case TOTAL:
			return score ? scoring.formatScore(score.total) : '';
		case PERCENT:
			return score ? scoring.formatPercent(score.percent) : '';
		case RANK:
			return score ? scoring.standingText(score) : '';
		default: {
			const value = model.cells[colId]?.score;
			return value === null || value === undefined ? '' : String(value);
		}
	}
}
