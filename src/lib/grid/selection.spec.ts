import { describe, expect, it } from 'vitest';
import { cellsIn, initial, move, moveToEdge, normalise, rangeOf, select, selectAll, tab } from './selection.ts';

const shape = { rowIds: ['r1', 'r2', 'r3'], colIds: ['a', 'b', 'c'] };

describe('selection', () => {
	it('starts at the first cell and moves with clamping', () => {
		const start = initial(shape)!;
		expect(start.focus).toEqual({ rowId: 'r1', colId: 'a' });
		const down = move(shape, start, 1, 0);
		expect(down.focus).toEqual({ rowId: 'r2', colId: 'a' });
		expect(move(shape, start, -1, -1).focus).toEqual({ rowId: 'r1', colId: 'a' });
		expect(move(shape, start, 10, 10).focus).toEqual({ rowId: 'r3', colId: 'c' });
		expect(initial({ rowIds: [], colIds: ['a'] })).toBeNull();
	});

	it('extends a range with Shift and collapses it without', () => {
		const start = initial(shape)!;
		const extended = move(shape, move(shape, start, 1, 0, true), 0, 2, true);
		expect(rangeOf(shape, extended)).toEqual({ top: 0, bottom: 1, left: 0, right: 2 });
		const collapsed = move(shape, extended, 0, -1);
		expect(rangeOf(shape, collapsed)).toEqual({ top: 1, bottom: 1, left: 1, right: 1 });
		expect(cellsIn(shape, rangeOf(shape, extended)).map((r) => r.map((c) => c.colId + c.rowId))).toEqual([
			['ar1', 'br1', 'cr1'],
			['ar2', 'br2', 'cr2']
		]);
	});

	it('tabs across and wraps to the next row', () => {
		let s = select(shape, { rowId: 'r1', colId: 'c' });
		s = tab(shape, s, false);
		expect(s.focus).toEqual({ rowId: 'r2', colId: 'a' });
		s = tab(shape, s, true);
		expect(s.focus).toEqual({ rowId: 'r1', colId: 'c' });
		const first = initial(shape)!;
		expect(tab(shape, first, true)).toBe(first);
	});

	it('jumps to edges', () => {
		const s = select(shape, { rowId: 'r2', colId: 'b' });
		expect(moveToEdge(shape, s, 'rowStart').focus).toEqual({ rowId: 'r2', colId: 'a' });
		expect(moveToEdge(shape, s, 'gridEnd').focus).toEqual({ rowId: 'r3', colId: 'c' });
		expect(moveToEdge(shape, s, 'top').focus).toEqual({ rowId: 'r1', colId: 'b' });
		expect(rangeOf(shape, selectAll(shape, s))).toEqual({ top: 0, bottom: 2, left: 0, right: 2 });
	});

	it('follows its row when rows are inserted above and stays in place when its row is deleted', () => {
		const s = select(shape, { rowId: 'r2', colId: 'b' });
		const inserted = normalise({ rowIds: ['new', 'r1', 'r2', 'r3'], colIds: shape.colIds }, s)!;
		expect(inserted.focus).toEqual({ rowId: 'r2', colId: 'b' });
		expect(inserted.at).toEqual({ row: 2, col: 1 });
		const deleted = normalise({ rowIds: ['r1', 'r3'], colIds: shape.colIds }, s)!;
		expect(deleted.focus).toEqual({ rowId: 'r3', colId: 'b' });
		expect(normalise(shape, s)).toBe(s);
		expect(normalise({ rowIds: [], colIds: [] }, s)).toBeNull();
	});
});
