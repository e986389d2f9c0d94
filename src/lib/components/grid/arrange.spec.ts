import { describe, expect, it } from 'vitest';
import { arrangeColumns, fitFirstColumn, stickyRun } from './arrange.ts';
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
