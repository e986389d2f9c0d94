/**
 * Presence helpers shared by the browser and the collaboration server (which stamps every connection's
 * awareness with the authenticated identity), so both agree on a person's colour.
 */

/**
 * Twelve colours for people: dark enough for a white name tag (WCAG AA text, >= 4.5:1) and for an outline
 * on any cell (>= 3:1), at least 15 apart from each other in CIEDE2000 (lightness as well as hue), and
 * none near the teal of my own selected cell. Checked in src/lib/a11y/colours.spec.ts.
 */
export const PALETTE = [
	'#e7000b', // red
	'#8b0836', // wine
	'#7e2a0c', // brown
	'#a65f00', // ochre
	'#497d00', // lime
	'#0d542b', // forest
	'#007595', // cyan
	'#155dfc', // blue
	'#1c398e', // navy
	'#721378', // plum
	'#c800de', // magenta
	'#e60076' // pink
] as const;

/** The same user gets the same colour in every tab, browser and session (FNV-1a over the id). */
export function colourFor(userId: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < userId.length; i++) {
		hash ^= userId.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return PALETTE[(hash >>> 0) % PALETTE.length] ?? PALETTE[0];
}

/** One or two letters for an avatar: first and last word of the name. */
export function initials(name: string): string {
	// Only words that start with a letter or digit: "Dana Reid (DfE)" is DR, not D(.
	const words = name
		.trim()
		.split(/\s+/)
		.filter((word) => /^[\p{L}\p{N}]/u.test(word));
	const first = words[0];
	if (!first) return '?';
	const last = words.length > 1 ? words[words.length - 1] : undefined;
	const letters = [...first].slice(0, 1).concat(last ? [...last].slice(0, 1) : [...first].slice(1, 2));
	return letters.join('').toUpperCase();
}

/** The identity the server writes into each connection's awareness state under `user`. */
export interface PresenceUser {
	id: string;
	name: string;
	colour: string;
}

/**
 * Everyone's colour on this screen, no two alike while the palette lasts: a
 * person keeps their own colour unless someone earlier (by id) already has it,
 * and then takes the next free one. `me` is served first, as my colour is
 * shown beside my name in the header.
 */
export function distinctColours(me: string, others: readonly { userId: string; colour: string }[]): Map<string, string> {
	const used = new Set<string>([colourFor(me)]);
	const out = new Map<string, string>();
	for (const person of [...others].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))) {
		let colour = person.colour;
		const start = PALETTE.indexOf(colour as (typeof PALETTE)[number]);
		if (used.has(colour) && start >= 0) {
			for (let step = 1; step < PALETTE.length; step++) {
				const next = PALETTE[(start + step) % PALETTE.length]!;
				if (!used.has(next)) {
					colour = next;
					break;
				}
			}
		}
		used.add(colour);
		out.set(person.userId, colour);
	}
	return out;
}
