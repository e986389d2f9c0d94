import * as random from 'lib0/random';

/**
 * Stable ids for rows, columns, options, comments and evidence links.
 * 16 base-62 characters (~95 bits) so ids created independently on different
 * clients never collide in practice, and they are safe in URLs and Y.Map keys.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

type IdSource = () => number;

let source: IdSource = random.uint32;

export function newId(): string {
	let out = '';
	for (let i = 0; i < 16; i++) out += ALPHABET[source() % 62];
	return out;
}

/**
 * Tests only: a seeded source makes a failing convergence run reproducible.
 * Pass null to go back to the cryptographic source.
 */
export function setIdSource(next: IdSource | null): void {
	source = next ?? random.uint32;
}

/** Ids written by trustboard or by other well-behaved clients. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Names every plain object answers to (`__proto__`, `constructor`, `toString`, ...): as ids they would read
 * back a built-in instead of a row's cell in any object keyed by ids, so they are never ids.
 */
const BUILT_IN_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

export function isId(value: unknown): value is string {
	return typeof value === 'string' && ID_PATTERN.test(value) && !BUILT_IN_NAMES.has(value);
}
