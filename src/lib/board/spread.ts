import * as exact from './exact.ts';
import type { Rational } from './exact.ts';

/**
 * How far apart the members' independent scores on one cell are. The median of an even number of scores is
 * the mean of the middle two, exact. A cell is marked as a disagreement when its scores span at least 2
 * points, or 40 % of the scale on scales wider than 0-5, so the board discusses it before agreeing.
 */
export interface Spread {
	readonly count: number;
	readonly min: number;
	readonly max: number;
	readonly median: Rational;
	/** max - min. */
	readonly range: number;
	readonly disagreement: boolean;
}

export function disagreementThreshold(scale: { readonly min: number; readonly max: number }): number {
	return Math.max(2, Math.ceil((scale.max - scale.min) * 0.4));
}

export function spreadOf(scores: readonly number[], scale: { readonly min: number; readonly max: number }): Spread | null {
	if (scores.length === 0) return null;
	const sorted = [...scores].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const at = (i: number) => exact.rational(BigInt(sorted[i] ?? 0));
	const median = sorted.length % 2 === 1 ? at(middle) : exact.div(exact.add(at(middle - 1), at(middle)), exact.rational(2n));
	const min = sorted[0] ?? 0;
	const max = sorted[sorted.length - 1] ?? 0;
	return {
		count: sorted.length,
		min,
		max,
		median,
		range: max - min,
		disagreement: sorted.length > 1 && max - min >= disagreementThreshold(scale)
	};
}

export interface CellSpread<Cell> {
	readonly cell: Cell;
	readonly spread: Spread;
}

/** Cells by disagreement, widest first, so the discussion starts where the board is furthest apart. */
export function byDisagreement<Cell>(cells: readonly CellSpread<Cell>[]): CellSpread<Cell>[] {
	return cells
		.map((c, index) => ({ c, index }))
		.sort((a, b) => b.c.spread.range - a.c.spread.range || a.index - b.index)
		.map(({ c }) => c);
}
