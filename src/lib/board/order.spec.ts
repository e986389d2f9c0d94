import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as order from './order.ts';

describe('order keys', () => {
	it('generates keys strictly between their neighbours', () => {
		const gen = prng.create(7);
		let keys = [order.keyBetween(null, null)];
		for (let i = 0; i < 2000; i++) {
			const at = prng.int32(gen, 0, keys.length);
			const key = order.keyBetween(keys[at - 1] ?? null, keys[at] ?? null);
			keys = [...keys.slice(0, at), key, ...keys.slice(at)];
		}
		for (let i = 1; i < keys.length; i++) expect((keys[i - 1] as string) < (keys[i] as string)).toBe(true);
		expect(keys.every(order.isOrderKey)).toBe(true);
	});

	it('keeps keys short when appending and prepending', () => {
		let last: string | null = null;
		let first: string | null = null;
		for (let i = 0; i < 500; i++) last = order.keyBetween(last, null);
		for (let i = 0; i < 500; i++) first = order.keyBetween(null, first);
		expect((last ?? '').length).toBeLessThanOrEqual(12);
		expect((first ?? '').length).toBeLessThanOrEqual(12);
	});

	it('rejects keys out of order', () => {
		expect(() => order.keyBetween('b', 'a')).toThrow(RangeError);
		expect(() => order.keyBetween('a', 'a')).toThrow(RangeError);
	});

	it('spreads several keys in one gap', () => {
		const keys = order.keysBetween('a', 'b', 5);
		expect(keys).toHaveLength(5);
		expect([...keys].sort()).toEqual(keys);
		expect(keys.every((k) => k > 'a' && k < 'b')).toBe(true);
	});

	it('breaks ties by id and re-keys tied neighbours when inserting between them', () => {
		const list = [
			{ id: 'a', order: 'V' },
			{ id: 'c', order: 'V' },
			{ id: 'b', order: 'V' }
		].sort(order.compareOrdered);
		expect(list.map((x) => x.id)).toEqual(['a', 'b', 'c']);
		const { keys, displaced } = order.placeAt(list, 1);
		expect(displaced.map((d) => d.id)).toEqual(['b', 'c']);
		const after = [list[0]!, { id: 'new', order: keys[0]! }, ...displaced].sort(order.compareOrdered);
		expect(after.map((x) => x.id)).toEqual(['a', 'new', 'b', 'c']);
	});
});
