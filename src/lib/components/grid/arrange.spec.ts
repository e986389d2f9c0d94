import { describe, expect, it } from 'vitest';
import { arrangeColumns, sameItems, stickyRun } from './arrange.ts';
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

	it('freezes only as many as leave room to scroll', () => {
		const arranged = arrangeColumns(columns, ['a', 'b']);
		expect(stickyRun(arranged, 100)).toBe(4);
		expect(stickyRun(arranged, 25)).toBe(2);
		// The name stays frozen however narrow the screen.
		expect(stickyRun(arranged, 5)).toBe(1);
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
