import { describe, expect, it } from 'vitest';
import * as exact from './exact.ts';
import * as spread from './spread.ts';

const scale = { min: 0, max: 5 };

describe('spread of independent scores', () => {
	it('gives min, exact median and max, and marks a span of 2 or more as a disagreement', () => {
		expect(spread.spreadOf([2, 5, 3], scale)).toEqual({
			count: 3,
			min: 2,
			max: 5,
			median: exact.rational(3n),
			range: 3,
			disagreement: true
		});
		const even = spread.spreadOf([4, 1, 2, 5], scale)!;
		expect(even.median).toEqual(exact.rational(3n));
		expect(spread.spreadOf([3, 4], scale)).toMatchObject({ median: exact.rational(7n, 2n), range: 1, disagreement: false });
	});

	it('needs a wider span on a wider scale, and says nothing of no scores', () => {
		expect(spread.spreadOf([3, 6], { min: 1, max: 10 })?.disagreement).toBe(false);
		expect(spread.spreadOf([2, 6], { min: 1, max: 10 })?.disagreement).toBe(true);
		expect(spread.spreadOf([4], scale)?.disagreement).toBe(false);
		expect(spread.spreadOf([], scale)).toBeNull();
	});

	it('lists cells widest first, keeping grid order among equals', () => {
		const cells = [
			{ cell: 'a', spread: spread.spreadOf([3, 3], scale)! },
			{ cell: 'b', spread: spread.spreadOf([0, 5], scale)! },
			{ cell: 'c', spread: spread.spreadOf([1, 2], scale)! },
			{ cell: 'd', spread: spread.spreadOf([2, 3], scale)! }
		];
		expect(spread.byDisagreement(cells).map((c) => c.cell)).toEqual(['b', 'c', 'd', 'a']);
	});
});

describe('spread of the scores that count', () => {
	it('leaves a member barred by a declared interest out of min, median, max and the disagreement', () => {
		// The barred member's 0 would make a wide spread of 0-4; without it the board is close (3-4).
		const scores = [
			{ score: 4, excluded: false },
			{ score: 0, excluded: true },
			{ score: 3, excluded: false }
		];
		expect(spread.countedSpread(scores, scale)).toEqual({
			spread: { count: 2, min: 3, max: 4, median: exact.rational(7n, 2n), range: 1, disagreement: false },
			counted: 2,
			excluded: 1
		});
	});

	it('has no spread when every score on the cell is excluded', () => {
		expect(spread.countedSpread([{ score: 5, excluded: true }], scale)).toEqual({ spread: null, counted: 0, excluded: 1 });
	});
});
