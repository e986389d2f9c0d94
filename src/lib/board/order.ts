/**
 * Fractional order keys. Each row, column, option or group carries a string
 * key; the list is sorted by (key, id). Moving an item rewrites only its own key,
 * so a concurrent move and edit never conflict, and two concurrent moves of the
 * same item resolve last-writer-wins instead of duplicating it. Two items that
 * were inserted concurrently at the same spot may share a key: the id breaks
 * the tie identically on every client.
 *
 * Keys are base-62 digit strings compared as plain JS strings (the alphabet is
 * in ASCII order) and never end in '0', so there is always room before a key.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const MAX_KEY_LENGTH = 512;
const KEY_PATTERN = /^[0-9A-Za-z]*[1-9A-Za-z]$/;

/** Key used for an item whose stored key is missing or malformed. */
export const FALLBACK_KEY = 'z';

export function isOrderKey(value: unknown): value is string {
	return typeof value === 'string' && value.length <= MAX_KEY_LENGTH && KEY_PATTERN.test(value);
}

function digit(index: number): string {
	const d = DIGITS[index];
	if (d === undefined) throw new RangeError(`no digit ${index}`);
	return d;
}

function valueOf(ch: string | undefined): number {
	return ch === undefined ? 0 : DIGITS.indexOf(ch);
}

/** A key strictly between a and b; a may be '' (the lowest bound), b null (no upper bound). */
function midpoint(a: string, b: string | null): string {
	if (b !== null) {
		let n = 0;
		while ((a[n] ?? '0') === b[n]) n++;
		if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
	}
	const da = valueOf(a[0]);
	const db = b === null ? DIGITS.length : valueOf(b[0]);
	if (db - da > 1) return digit(Math.round((da + db) / 2));
	if (b !== null && b.length > 1) return b.slice(0, 1);
	return digit(da) + midpoint(a.slice(1), null);
}

// Appending and prepending are the common cases; bumping one digit keeps keys
// short (about 60 appends per character) where repeated halving would grow them fast.
function keyAfter(a: string): string {
	for (let i = 0; i < a.length; i++) {
		const v = valueOf(a[i]);
		if (v < DIGITS.length - 1) return a.slice(0, i) + digit(v + 1);
	}
	return a + '1';
}

function keyBefore(b: string): string {
	for (let i = 0; i < b.length; i++) {
		const v = valueOf(b[i]);
		if (v > 1) return b.slice(0, i) + digit(v - 1);
		if (v === 1) return b.slice(0, i) + '0z';
	}
	return midpoint('', b);
}

export function keyBetween(a: string | null, b: string | null): string {
	if (a !== null && b !== null && a >= b) throw new RangeError(`order keys out of order: ${a} >= ${b}`);
	if (a === null && b === null) return 'V';
	if (b === null) return keyAfter(a as string);
	if (a === null) return keyBefore(b);
	return midpoint(a, b);
}

/** n ascending keys strictly between a and b, spread so later inserts stay short. */
export function keysBetween(a: string | null, b: string | null, n: number): string[] {
	if (n <= 0) return [];
	if (n === 1) return [keyBetween(a, b)];
	if (b === null) {
		const out: string[] = [];
		let k = a;
		for (let i = 0; i < n; i++) out.push((k = keyBetween(k, null)));
		return out;
	}
	if (a === null) {
		const out: string[] = [];
		let k: string = b;
		for (let i = 0; i < n; i++) out.push((k = keyBetween(null, k)));
		return out.reverse();
	}
	const half = Math.floor(n / 2);
	const c = keyBetween(a, b);
	return [...keysBetween(a, c, half), c, ...keysBetween(c, b, n - half - 1)];
}

export interface Ordered {
	readonly id: string;
	readonly order: string;
}

export function compareOrdered(x: Ordered, y: Ordered): number {
	if (x.order !== y.order) return x.order < y.order ? -1 : 1;
	return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

export interface Placement {
	/** Keys for the new or moved items, in order. */
	readonly keys: string[];
	/** Neighbours that shared a key with the insertion point and had to be re-keyed. */
	readonly displaced: { id: string; order: string }[];
}

/**
 * Keys to place `count` items at `index` of `sorted` (which must not contain
 * the items being placed). Neighbours tied on the same key as the item before
 * the gap are re-keyed too, because no key fits strictly between equal keys.
 */
export function placeAt(sorted: readonly Ordered[], index: number, count = 1): Placement {
	const at = Math.max(0, Math.min(index, sorted.length));
	const lo = at > 0 ? (sorted[at - 1]?.order ?? null) : null;
	let end = at;
	while (lo !== null && end < sorted.length && (sorted[end]?.order ?? '') <= lo) end++;
	const hi = end < sorted.length ? (sorted[end]?.order ?? null) : null;
	const keys = keysBetween(lo, hi, count + (end - at));
	const displaced = sorted.slice(at, end).map((item, i) => ({ id: item.id, order: keys[count + i] as string }));
	return { keys: keys.slice(0, count), displaced };
}
