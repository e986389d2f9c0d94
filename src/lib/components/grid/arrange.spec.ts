import { describe, expect, it } from 'vitest';
import { arrangeColumns, fitFirstColumn, widenToWords, printSlices, sameItems, sliceBands, stickyRun } from './arrange.ts';
import type { GridColumn } from './types.ts';

const col = (id: string, width = 5, sticky = false): GridColumn => ({ id, label: id, width, sticky });
const ids = (columns: readonly GridColumn[]) => columns.map((c) => `${c.id}${c.sticky ? '*' : ''}`);

describe('a personal arrangement of columns', () => {
	const columns = [col('name', 10, true), col('status', 5, true), col('a'), col('b'), col('c'), col('d')];

	it('moves frozen columns beside the always-frozen ones, in board order', () => {
		expect(ids(arrangeColumns(columns, ['c', 'a']))).toEqual(['name*', 'status*', 'a*', 'c*', 'b', 'd']);
	});

	it('leaves hidden columns out, but never the name', () => {
		expect(ids(arrangeColumns(columns, [], ['name', 'b']))).toEqual(['name*', 'status*', 'a', 'c', 'd']);
	});

	it('freezes only as many as leave half the grid to scroll, or enough for several columns on a wide one', () => {
		const arranged = arrangeColumns(columns, ['a', 'b']);
		expect(stickyRun(arranged, 100)).toBe(4);
		// Half of a 41-rem grid (38 for the columns, 3 for the row numbers) scrolls: the name and status stick.
		expect(stickyRun(arranged, 38, 3)).toBe(2);
		expect(stickyRun(arranged, 30, 3)).toBe(1);
		// On a wide grid 28 rem to scroll is enough, so more stays frozen than half would allow.
		expect(stickyRun([col('name', 40, true), col('status', 10, true), col('a')], 80)).toBe(2);
		// The name stays frozen however narrow the screen.
		expect(stickyRun(arranged, 5)).toBe(1);
	});
});

describe('the name column on a narrow grid', () => {
	const columns = [col('name', 14, true), col('a', 7.5), col('b', 7.5)];

	it('is narrowed to leave room for the columns beside it', () => {
		expect(fitFirstColumn(columns, 19.25).map((c) => c.width)).toEqual([8.7, 7.5, 7.5]);
	});

	it('keeps a readable least width however narrow the screen', () => {
		expect(fitFirstColumn(columns, 10)[0]?.width).toBe(6);
	});

	it('is left as it is where it fits', () => {
		expect(fitFirstColumn(columns, 58)).toBe(columns);
		expect(fitFirstColumn([col('a', 14), col('b')], 10)).toEqual([col('a', 14), col('b')]);
	});
});

describe('a wide grid on paper', () => {
	// A name, a status, then eight 5-rem criteria under two headings of four.
	const columns = [col('name', 12, true), col('status', 8, true), ...'abcdefgh'.split('').map((id) => col(id))];
	const bands = [
		{ id: 'model', label: 'Model', start: 0, span: 2 },
		{ id: 'one', label: 'One', start: 2, span: 4 },
		{ id: 'two', label: 'Two', start: 6, span: 4 }
	];

	it('is one slice when it fits across the page', () => {
		expect(printSlices(columns, bands, 60)).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
	});

	it('is cut into slices that each fit and each start with the name', () => {
		const slices = printSlices(columns, [], 37);
		expect(slices).toEqual([
			[0, 1, 2, 3, 4],
			[0, 5, 6, 7, 8, 9]
		]);
		for (const slice of slices) expect(slice.reduce((sum, i) => sum + columns[i]!.width, 0)).toBeLessThanOrEqual(37);
	});

	it('ends a slice where a heading starts when the slice stays mostly full, not inside the heading', () => {
		expect(printSlices(columns, bands, 48)).toEqual([
			[0, 1, 2, 3, 4, 5],
			[0, 6, 7, 8, 9]
		]);
		// Cutting where the second heading starts would leave most of the page empty: that heading is split instead.
		const early = [bands[0]!, { id: 'one', label: 'One', start: 2, span: 1 }, { id: 'two', label: 'Two', start: 3, span: 7 }];
		expect(printSlices(columns, early, 55)[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('still prints a column wider than the page, alone beside the name', () => {
		expect(printSlices([col('name', 12, true), col('notes', 50), col('a')], [], 40)).toEqual([
			[0, 1],
			[0, 2]
		]);
	});

	it('widens a column to the longest word of its name, up to a limit past which the word is broken', () => {
		const named = (id: string, label: string, width = 5): GridColumn => ({ id, label, width });
		const letters = (word: string) => word.length * 0.5;
		const { columns: printed, tooLong } = widenToWords(
			[
				named('short', 'Focus on children'),
				named('long', 'Accommodates the agreed scope'),
				named('huge', 'Ultrasupercalifragilisticexpialidocious')
			],
			letters,
			12
		);
		expect(printed.map((c) => c.width)).toEqual([5, 6, 12]);
		expect([...tooLong]).toEqual(['huge']);
	});

	it('keeps a phone from narrowing the name column below the longest word of its name', () => {
		const letters = (word: string) => word.length * 0.5;
		const [name, ...rest] = widenToWords([{ id: 'name', label: 'Service', width: 14, sticky: true }, col('a')], letters, 12).columns;
		// On an 8 rem grid the name is cut to 6 rem (0.45 of 8 is less); "Service" fits in that, "Accommodation" does not.
		expect(fitFirstColumn([name!, ...rest], 8)[0]!.width).toBe(6);
		const long = widenToWords([{ id: 'name', label: 'Accommodation', width: 14, sticky: true }], letters, 12).columns;
		expect(fitFirstColumn(long, 8)[0]!.width).toBe(6.5);
	});

	it('names each slice’s headings over the columns it has', () => {
		expect(sliceBands([0, 4, 5, 6, 7], bands).map((b) => [b.band.label, b.span])).toEqual([
			['Model', 1],
			['One', 2],
			['Two', 2]
		]);
	});
});

describe('an equal list of rows and group headings', () => {
	const group = { kind: 'group', id: 'group:a', label: 'Area A', colour: 'teal', count: 2, collapsed: false } as const;
	const rows = [group, { kind: 'row', id: 'r1' }, { kind: 'row', id: 'r2' }] as const;

	it('is the same when every row and heading says the same', () => {
		expect(
			sameItems(
				rows,
				rows.map((item) => ({ ...item }))
			)
		).toBe(true);
	});

	it('differs with a row added, moved or renamed, or a heading’s count, label, colour or folding changed', () => {
		expect(sameItems(rows, [...rows, { kind: 'row', id: 'r3' }])).toBe(false);
		expect(sameItems(rows, [group, rows[2], rows[1]])).toBe(false);
		expect(sameItems(rows, [group, rows[1], { kind: 'row', id: 'r9' }])).toBe(false);
		for (const change of [{ count: 3 }, { label: 'Area B' }, { colour: 'blue' }, { collapsed: true }])
			expect(sameItems(rows, [{ ...group, ...change }, rows[1], rows[2]])).toBe(false);
	});
});
