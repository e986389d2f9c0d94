import * as Y from 'yjs';
import * as boardOrder from './order.ts';
import type { Ordered } from './order.ts';
import type { YMap } from './schema.ts';

/**
 * Collections of ordered entries (rows, columns, options, groups): a Y.Map from
 * id to a Y.Map carrying an `order` key. Content and position live in different
 * keys, so moving never copies an entry and deleting is removing the map entry.
 */
export interface Entry extends Ordered {
	readonly map: YMap;
}

export function entries(collection: YMap, filter?: (map: YMap, id: string) => boolean): Entry[] {
	const out: Entry[] = [];
	collection.forEach((value, id) => {
		if (!(value instanceof Y.Map)) return;
		const map = value as YMap;
		if (filter && !filter(map, id)) return;
		const order = map.get('order');
		out.push({ id, order: boardOrder.isOrderKey(order) ? order : boardOrder.FALLBACK_KEY, map });
	});
	return out.sort(boardOrder.compareOrdered);
}

/** Order keys for `count` new entries at `index`, re-keying tied neighbours. */
export function keysForInsert(sorted: readonly Entry[], index: number, count = 1): string[] {
	const { keys, displaced } = boardOrder.placeAt(sorted, index, count);
	for (const d of displaced) sorted.find((e) => e.id === d.id)?.map.set('order', d.order);
	return keys;
}

/** Move an entry to `index` in the order that results once it has left its old place. */
export function moveEntry(sorted: readonly Entry[], id: string, index: number): boolean {
	const entry = sorted.find((e) => e.id === id);
	if (!entry) return false;
	const others = sorted.filter((e) => e.id !== id);
	const [key] = keysForInsert(others, index, 1);
	if (key !== undefined) entry.map.set('order', key);
	return true;
}

export function appendKey(collection: YMap): string {
	const sorted = entries(collection);
	return keysForInsert(sorted, sorted.length, 1)[0] as string;
}
