import { describe, expect, it } from 'vitest';
import * as locks from './locks.ts';
import type { Lock } from './locks.ts';

const by = { byId: 'u-chair', byName: 'Cat Chair', at: '2026-12-07T10:00:00.000Z' };
const made = (target: locks.LockTarget): Lock => ({ ...target, ...by, key: locks.lockKey(target) });

describe('lock keys', () => {
	it('reads back every key it writes, and nothing else', () => {
		const targets: locks.LockTarget[] = [
			{ kind: 'row', grid: 'scope', rowId: 'r1' },
			{ kind: 'cell', grid: 'models', rowId: 'm1', columnId: 'c1' },
			{ kind: 'column', grid: 'scope', columnId: 'c2' },
			{ kind: 'weights' }
		];
		for (const t of targets) expect(locks.parseLockKey(locks.lockKey(t))).toEqual(t);
		for (const key of ['row:agenda:r1', 'cell:scope:r1', 'row:scope:r1:c1', 'column:scope:', 'weights:scope', '']) {
			expect(locks.parseLockKey(key)).toBeNull();
		}
	});
});

describe('which lock holds a cell', () => {
	const row = made({ kind: 'row', grid: 'scope', rowId: 'r1' });
	const cell = made({ kind: 'cell', grid: 'scope', rowId: 'r2', columnId: 'c1' });
	const column = made({ kind: 'column', grid: 'models', columnId: 'crit' });
	const index = locks.byKey([row, cell, column]);

	it('finds the cell, row or column lock, and none on other cells or the other grid', () => {
		expect(locks.lockOnCell(index, 'scope', 'r1', 'anything')).toBe(row);
		expect(locks.lockOnCell(index, 'scope', 'r2', 'c1')).toBe(cell);
		expect(locks.lockOnCell(index, 'scope', 'r2', 'c2')).toBeNull();
		expect(locks.lockOnCell(index, 'models', 'm1', 'crit')).toBe(column);
		expect(locks.lockOnCell(index, 'models', 'r1', 'c1')).toBeNull();
	});

	it('says whether a lock covers a cell (the weights lock covers no cell)', () => {
		expect(locks.covers(row, 'scope', 'r1', 'c9')).toBe(true);
		expect(locks.covers(row, 'models', 'r1', 'c9')).toBe(false);
		expect(locks.covers(cell, 'scope', 'r2', 'c1')).toBe(true);
		expect(locks.covers(cell, 'scope', 'r2', 'c2')).toBe(false);
		expect(locks.covers(column, 'models', 'm7', 'crit')).toBe(true);
		expect(locks.covers({ kind: 'weights' }, 'models', 'm7', 'crit')).toBe(false);
	});
});

describe('lock changes and refusals', () => {
	it('lists locks added and lifted between two readings', () => {
		const a = made({ kind: 'row', grid: 'scope', rowId: 'r1' });
		const b = made({ kind: 'weights' });
		const c = made({ kind: 'column', grid: 'scope', columnId: 'c1' });
		expect(locks.lockChanges([a, b], [b, c])).toEqual([
			{ lock: c, locked: true },
			{ lock: a, locked: false }
		]);
		expect(locks.lockChanges([a], [a])).toEqual([]);
	});

	it('tells the chair to unlock first and anyone else that the chair must', () => {
		const l = made({ kind: 'row', grid: 'scope', rowId: 'r1' });
		expect(locks.refusal(l, { row: 'Transport' }, true)).toBe(
			'Row Transport is locked by Cat Chair, so it cannot be changed: unlock it first.'
		);
		expect(locks.refusal(l, { row: 'Transport' }, false)).toBe(
			'Row Transport is locked by Cat Chair, so it cannot be changed unless the chair unlocks it.'
		);
		expect(locks.refusal(made({ kind: 'weights' }), {}, false)).toBe(
			'The weights are locked by Cat Chair, so they cannot be changed unless the chair unlocks them.'
		);
	});
});
