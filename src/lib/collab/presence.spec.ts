import { describe, expect, test } from 'vitest';
import { PALETTE, colourFor, initials } from './presence.ts';

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
