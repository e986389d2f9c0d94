import { describe, expect, it } from 'vitest';
import { groupOf, neighbour, type ItemLike } from './grouped-rows.ts';

const items: ItemLike[] = [
	{ kind: 'group', id: 'group:front' },
	{ kind: 'row', id: 'front-door' },
	{ kind: 'row', id: 'early-help' },
	{ kind: 'group', id: 'group:care' },
	{ kind: 'group', id: 'group:support' },
	{ kind: 'row', id: 'academy' }
];

describe('grouped rows', () => {
	it('steps onto headings between rows, and stops at either end', () => {
		expect(neighbour(items, 'front-door', -1)).toEqual({ kind: 'group', id: 'group:front' });
		expect(neighbour(items, 'early-help', 1)).toEqual({ kind: 'group', id: 'group:care' });
		expect(neighbour(items, 'group:care', 1)).toEqual({ kind: 'group', id: 'group:support' });
		expect(neighbour(items, 'group:support', 1)).toEqual({ kind: 'row', id: 'academy' });
		expect(neighbour(items, 'group:front', -1)).toBeNull();
		expect(neighbour(items, 'academy', 1)).toBeNull();
		expect(neighbour(items, 'gone', 1)).toBeNull();
	});

	it('finds the heading a row sits under', () => {
		expect(groupOf(items, 'early-help')?.id).toBe('group:front');
		expect(groupOf(items, 'academy')?.id).toBe('group:support');
		expect(groupOf([{ kind: 'row', id: 'a' }], 'a')).toBeNull();
	});
});
