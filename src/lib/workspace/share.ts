/**
 * Structural sharing between two successive board reads: every part of `next`
 * that is deeply equal to the matching part of `prev` is replaced by `prev`'s
 * object. Arrays of things with ids are matched by id, so inserting a row
 * keeps every other row's object. Svelte's keyed each blocks then re-render
 * only the rows and cells whose content changed, not the whole grid.
 */
export function share<T>(prev: unknown, next: T): T {
	if (Object.is(prev, next)) return prev as T;
	if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
	if (Array.isArray(next)) return (Array.isArray(prev) ? shareArray(prev, next) : next) as T;
	if (Array.isArray(prev)) return next;
	const before = prev as Record<string, unknown>;
	const after = next as Record<string, unknown>;
	const keys = Object.keys(after);
	let same = keys.length === Object.keys(before).length;
	const out: Record<string, unknown> = {};
	for (const key of keys) {
		const value = share(before[key], after[key]);
		if (value !== before[key] || !(key in before)) same = false;
		out[key] = value;
	}
	return (same ? prev : Object.freeze(out)) as T;
}

function idOf(value: unknown): string | null {
	if (typeof value !== 'object' || value === null) return null;
	const id = (value as { id?: unknown }).id;
	return typeof id === 'string' ? id : null;
}

function shareArray(prev: readonly unknown[], next: readonly unknown[]): readonly unknown[] {
	const byId = new Map<string, unknown>();
	for (const item of prev) {
		const id = idOf(item);
		if (id !== null) byId.set(id, item);
	}
	let same = prev.length === next.length;
	const out = next.map((item, i) => {
		const id = idOf(item);
		const match = id !== null ? byId.get(id) : prev[i];
		const value = share(match, item);
		if (value !== prev[i]) same = false;
		return value;
	});
	return same ? prev : Object.freeze(out);
}
