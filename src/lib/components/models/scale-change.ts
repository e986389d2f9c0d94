import * as schema from '$lib/board/schema';
import type { Scale } from '$lib/board/criteria';
import type { BoardView } from '$lib/board/read';

/**
 * Checking a new score scale before it is written: the board model refuses a
 * range that would strand existing scores, and the chair needs to know which
 * ones, not just that it failed.
 */

export function parseScale(minText: string, maxText: string): { scale: Scale } | { problem: string } {
	const min = Number(minText.trim());
	const max = Number(maxText.trim());
	if (minText.trim() === '' || maxText.trim() === '' || !Number.isInteger(min) || !Number.isInteger(max))
		return { problem: 'The lowest and highest scores must be whole numbers.' };
	if (min < schema.SCALE_BOUNDS.min || max > schema.SCALE_BOUNDS.max)
		return { problem: `Scores must lie between ${schema.SCALE_BOUNDS.min} and ${schema.SCALE_BOUNDS.max}.` };
	if (min >= max) return { problem: 'The highest score must be above the lowest.' };
	return { scale: { min, max } };
}

export interface StrandedScore {
	readonly model: string;
	readonly criterion: string;
	readonly score: number;
}

/** The scores a new scale would leave outside its range, in grid order. */
export function strandedScores(models: BoardView['models'], scale: Scale): StrandedScore[] {
	return models.rows.flatMap((m) =>
		models.criteria.flatMap((c) => {
			const score = m.cells[c.id]?.score;
			return typeof score === 'number' && (score < scale.min || score > scale.max)
				? [{ model: m.name || 'Untitled model', criterion: c.name || 'Untitled criterion', score }]
				: [];
		})
	);
}

/** Says how many scores are in the way and names the first few, so they can be found and changed. */
export function strandedMessage(stranded: readonly StrandedScore[], scale: Scale, shown = 3): string {
	const count = stranded.length === 1 ? '1 score lies' : `${stranded.length} scores lie`;
	const examples = stranded
		.slice(0, shown)
		.map((s) => `${s.model} – ${s.criterion}: ${s.score}`)
		.join('; ');
	const more = stranded.length > shown ? `; and ${stranded.length - shown} more` : '';
	return `${count} outside ${scale.min}–${scale.max} (${examples}${more}). Change or clear ${stranded.length === 1 ? 'it' : 'them'} first, then change the scale.`;
}
