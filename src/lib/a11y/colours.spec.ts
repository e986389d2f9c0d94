import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { OPTION_PALETTE } from '$lib/board/schema';
import { COMMENT_BADGE, PASTE_SKIPPED, RAG_CHIP } from '$lib/components/grid/mark-styles';
import { STATUS_STYLES } from '$lib/components/models/statuses';
import { PALETTE } from '$lib/protocol/presence';
import { contrast, difference, over, parseColour, type Rgb } from './contrast.ts';

/**
 * WCAG 2.2 AA for the colours the grids draw with: text >= 4.5:1 on what it sits on (1.4.3), marks that
 * carry meaning >= 3:1 against their surroundings (1.4.11), and people's colours told apart at a glance.
 * Tailwind classes are resolved from Tailwind's own theme and the app's, so a changed class is checked too.
 */

const TEXT = 4.5;
const MARK = 3;
/** CIEDE2000: about 10 already reads as another colour side by side; 15 leaves room for screens and eyes. */
const DISTINCT = 15;

const themeColours = new Map<string, string>();
for (const file of ['node_modules/tailwindcss/theme.css', 'src/app.css'])
	for (const [, name, value] of fs.readFileSync(file, 'utf8').matchAll(/--color-([a-z]+(?:-\d+)?):\s*([^;]+);/g))
		themeColours.set(name!, value!.trim());

/** The colour a Tailwind utility such as `bg-sky-100` or `ring-sky-700/40` paints, with its opacity. */
function utility(classes: string, kind: 'bg' | 'text' | 'ring' | 'border'): { colour: Rgb; alpha: number } | undefined {
	for (const token of classes.split(/\s+/)) {
		const match = new RegExp(`^${kind}-([a-z]+(?:-\\d+)?)(?:/(\\d+))?$`).exec(token);
		const value = match && themeColours.get(match[1]!);
		if (value) return { colour: parseColour(value), alpha: match[2] ? Number(match[2]) / 100 : 1 };
	}
	return undefined;
}

/** The solid colour of a utility over `base` (a translucent tint mixes with what is under it). */
function painted(classes: string, kind: 'bg' | 'text' | 'ring' | 'border', base: Rgb): Rgb {
	const found = utility(classes, kind);
	if (!found) throw new Error(`no ${kind} colour in "${classes}"`);
	return found.alpha === 1 ? found.colour : over(found.colour, found.alpha, base);
}

const white = parseColour('#ffffff');
/** What a grid cell can look like under a mark: plain, its row hovered, or in the selected range. */
const cellBackgrounds = {
	plain: white,
	hovered: parseColour(themeColours.get('slate-50')!),
	selected: parseColour(themeColours.get('sky-100')!)
};
/** The outline of my own active cell (brand-600) and of the cell I am editing (brand-700). */
const myOutlines = ['brand-600', 'brand-700'].map((name) => parseColour(themeColours.get(name)!));

describe('contrast helpers', () => {
	test('agree with the published figures', () => {
		expect(contrast(parseColour('#767676'), white)).toBeCloseTo(4.54, 2);
		expect(contrast(parseColour('#000'), white)).toBeCloseTo(21, 5);
		// Pure red against pure blue is 52.88 in every published CIEDE2000 implementation.
		expect(difference(parseColour('#ff0000'), parseColour('#0000ff'))).toBeCloseTo(52.88, 1);
		expect(difference(parseColour('#123456'), parseColour('#123456'))).toBe(0);
	});
});

describe('presence colours', () => {
	test('carry a white name tag as readable text (>= 4.5:1)', () => {
		for (const colour of PALETTE) expect(contrast(white, parseColour(colour)), colour).toBeGreaterThanOrEqual(TEXT);
	});

	test('outline a cell visibly (>= 3:1) on a plain, hovered or selected cell', () => {
		for (const colour of PALETTE)
			for (const [name, background] of Object.entries(cellBackgrounds))
				expect(contrast(parseColour(colour), background), `${colour} on a ${name} cell`).toBeGreaterThanOrEqual(MARK);
	});

	test('are told apart from each other and from my own selected cell', () => {
		const all = PALETTE.map(parseColour);
		for (let i = 0; i < all.length; i++) {
			for (let j = i + 1; j < all.length; j++)
				expect(difference(all[i]!, all[j]!), `${PALETTE[i]} and ${PALETTE[j]}`).toBeGreaterThanOrEqual(DISTINCT);
			for (const mine of myOutlines) expect(difference(all[i]!, mine), `${PALETTE[i]} and my outline`).toBeGreaterThanOrEqual(DISTINCT);
		}
	});
});

describe('chips and marks in cells', () => {
	test('model status chips have readable words on every cell', () => {
		for (const [status, classes] of Object.entries(STATUS_STYLES))
			for (const [name, cell] of Object.entries(cellBackgrounds)) {
				const chip = painted(classes, 'bg', cell);
				expect(contrast(painted(classes, 'text', chip), chip), `${status} on a ${name} cell`).toBeGreaterThanOrEqual(TEXT);
			}
	});

	test('RAG chips and comment badges have readable words', () => {
		for (const [label, classes] of [...Object.entries(RAG_CHIP), ...Object.entries(COMMENT_BADGE)]) {
			const chip = painted(classes, 'bg', white);
			expect(contrast(painted(classes, 'text', chip), chip), label).toBeGreaterThanOrEqual(TEXT);
		}
	});

	test('select options keep dark text readable on their tint, whatever the option colour', () => {
		const text = parseColour(themeColours.get('slate-900')!);
		for (const colour of OPTION_PALETTE) {
			// option-chip.svelte: color-mix(in srgb, colour 18%, white).
			const tint = over(parseColour(colour), 0.18, white);
			expect(contrast(text, tint), colour).toBeGreaterThanOrEqual(TEXT);
		}
	});

	test('a cell a paste skipped has a border that shows (>= 3:1) and its value stays readable', () => {
		const value = parseColour(themeColours.get('slate-900')!);
		for (const [name, cell] of Object.entries(cellBackgrounds)) {
			const tinted = painted(PASTE_SKIPPED, 'bg', cell);
			const border = painted(PASTE_SKIPPED, 'border', cell);
			expect(contrast(border, cell), `border outside, ${name} cell`).toBeGreaterThanOrEqual(MARK);
			expect(contrast(border, tinted), `border inside, ${name} cell`).toBeGreaterThanOrEqual(MARK);
			expect(contrast(value, tinted), `value, ${name} cell`).toBeGreaterThanOrEqual(TEXT);
		}
	});
});
