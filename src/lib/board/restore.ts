import * as Y from 'yjs';
import * as schema from './schema.ts';
import * as boardText from './text.ts';
import type { YMap } from './schema.ts';

/**
 * Makes a live board's content equal to an earlier version's, as one ordinary
 * change on top of the live document: the live document is never replaced, so
 * connected clients merge the restore like anyone's edit, the history before
 * it is kept, and restoring the version taken just before undoes it.
 *
 * Only entries that differ are written. Maps are walked key by key; a nested
 * map that exists on both sides is updated in place (so a concurrent edit to
 * another cell of the same row survives); texts are edited over the span that
 * differs; plain values are set only when they differ.
 */
export function restoreContent(live: Y.Doc, version: Y.Doc, origin: unknown): number {
	let writes = 0;
	live.transact(() => {
		for (const name of Object.values(schema.ROOT)) writes += syncMap(live.getMap(name), version.getMap(name));
	}, origin);
	return writes;
}

function syncMap(target: YMap, source: YMap): number {
	let writes = 0;
	for (const key of Array.from(target.keys())) {
		if (!source.has(key)) {
			target.delete(key);
			writes++;
		}
	}
	source.forEach((value, key) => {
		const current = target.get(key);
		if (value instanceof Y.Map) {
			if (current instanceof Y.Map) writes += syncMap(current as YMap, value as YMap);
			else {
				target.set(key, cloneMap(value as YMap));
				writes++;
			}
		} else if (value instanceof Y.Text) {
			const text = value.toString();
			if (current instanceof Y.Text) {
				if (current.toString() !== text) {
					boardText.replaceText(current, text);
					writes++;
				}
			} else {
				target.set(key, new Y.Text(text));
				writes++;
			}
		} else if (value instanceof Y.AbstractType) {
			// Not part of the schema (no arrays or XML in a board): nothing a reader would see.
		} else if (!samePlain(current, value)) {
			target.set(key, clonePlain(value));
			writes++;
		}
	});
	return writes;
}

function cloneMap(source: YMap): YMap {
	const copy = new Y.Map<unknown>();
	source.forEach((value, key) => {
		if (value instanceof Y.Map) copy.set(key, cloneMap(value as YMap));
		else if (value instanceof Y.Text) copy.set(key, new Y.Text(value.toString()));
		else if (!(value instanceof Y.AbstractType)) copy.set(key, clonePlain(value));
	});
	return copy;
}

function clonePlain(value: unknown): unknown {
	return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

/** Stored plain values are JSON (numbers, strings, booleans, small objects like the scale and evidence links). */
function samePlain(a: unknown, b: unknown): boolean {
	if (a instanceof Y.AbstractType) return false;
	return JSON.stringify(a) === JSON.stringify(b);
}
