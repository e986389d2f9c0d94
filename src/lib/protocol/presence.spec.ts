import { describe, expect, test } from 'vitest';
import { PALETTE, colourFor, distinctColours, initials } from './presence.ts';

describe('colourFor', () => {
	test('gives a person the same palette colour every time, and spreads people across the palette', () => {
		expect(colourFor('abcdefghijklmnop')).toBe(colourFor('abcdefghijklmnop'));
		const colours = new Set(Array.from({ length: 60 }, (_, i) => colourFor(`user${i}`)));
		for (const colour of colours) expect(PALETTE).toContain(colour);
		expect(colours.size).toBeGreaterThanOrEqual(8);
	});
});

describe('initials', () => {
	test('takes the first and last word, or two letters of a single word', () => {
		expect(initials('Ada Byron Lovelace')).toBe('AL');
		expect(initials('  grace  ')).toBe('GR');
		expect(initials('Łucja Żak')).toBe('ŁŻ');
		expect(initials('')).toBe('?');
		expect(initials('Dana Reid (DfE)')).toBe('DR');
	});
});

describe('colours on one screen', () => {
	test('are distinct from each other and from mine while the palette lasts', () => {
		const me = 'me';
		const mine = colourFor(me);
		// Everyone hashed to my colour: each gets another one, and no two share.
		const others = Array.from({ length: PALETTE.length - 1 }, (_, i) => ({ userId: `u${i}`, colour: mine }));
		const colours = distinctColours(me, others);
		expect(new Set([mine, ...colours.values()]).size).toBe(PALETTE.length);
		// Someone whose own colour is free keeps it.
		const free = PALETTE.find((c) => c !== mine)!;
		expect(distinctColours(me, [{ userId: 'x', colour: free }]).get('x')).toBe(free);
	});
});
