import { describe, expect, it } from 'vitest';
import { leadingInView } from './in-view.ts';

const widths = (...list: number[]) => list.map((width, i) => ({ id: `c${i}`, width }));

describe('the columns in view of a grid opened at its left edge', () => {
	it('keeps every column that starts inside the grid, the one the edge cuts included', () => {
		expect(leadingInView(widths(10, 10, 10, 10), 25).map((c) => c.id)).toEqual(['c0', 'c1', 'c2']);
		expect(leadingInView(widths(10, 10, 10, 10), 20).map((c) => c.id)).toEqual(['c0', 'c1']);
	});

	it('hands back the same columns when all of them are in view', () => {
		const columns = widths(5, 5);
		expect(leadingInView(columns, 40)).toBe(columns);
	});

	it('keeps the first column however narrow the grid', () => {
		expect(leadingInView(widths(30, 10), 0).map((c) => c.id)).toEqual(['c0']);
		expect(leadingInView([], 10)).toEqual([]);
	});
});
