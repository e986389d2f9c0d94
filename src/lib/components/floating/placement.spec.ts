import { describe, expect, it } from 'vitest';
import { clearPlace } from './placement.ts';

const box = { height: 100, left: 10, right: 380 };
const row = (top: number, height = 40) => ({ top, bottom: top + height, left: 0, right: 390 });

describe('a floating box', () => {
	it('sits at the bottom of the screen when it covers nothing there', () => {
		expect(clearPlace(box, 844, [row(100)], 12)).toEqual({ edge: 'bottom', offset: 12 });
	});

	it('sits just above the cell being edited at the bottom, and above a message floating there', () => {
		expect(clearPlace(box, 844, [row(780)], 12)).toEqual({ edge: 'bottom', offset: 844 - 780 + 12 });
		expect(clearPlace(box, 844, [row(780), row(700)], 12)).toEqual({ edge: 'bottom', offset: 844 - 700 + 12 });
	});

	it('goes to the top when there is no room above what it must leave clear in the lower half', () => {
		expect(clearPlace(box, 844, [row(300), row(430, 400)], 12)).toEqual({ edge: 'top', offset: 12 });
	});

	it('sits above what it must leave clear in the upper half when the top is not clear either', () => {
		expect(clearPlace(box, 844, [row(60, 200), row(600, 240)], 12)).toEqual({ edge: 'bottom', offset: 844 - 600 + 12 });
	});

	it('is nowhere when every place would cover something', () => {
		expect(clearPlace(box, 300, [row(90, 100)], 12)).toBeNull();
	});

	it('ignores what is beside it rather than under it', () => {
		expect(clearPlace({ height: 100, left: 1000, right: 1400 }, 900, [{ top: 820, bottom: 860, left: 0, right: 900 }], 12)).toEqual({
			edge: 'bottom',
			offset: 12
		});
	});
});
