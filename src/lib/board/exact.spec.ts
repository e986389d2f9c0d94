import { describe, expect, it } from 'vitest';
import { add, compare, formatDecimal, fromDecimalString, fromNumber, rational, sum, toDecimalString } from './exact.ts';

describe('exact arithmetic', () => {
	it('recovers the decimal a number was typed as', () => {
		expect(fromNumber(0.1)).toEqual(rational(1n, 10n));
		expect(fromNumber(1e-7)).toEqual(rational(1n, 10_000_000n));
		expect(fromNumber(1.5e21)).toEqual(rational(1_500_000_000_000_000_000_000n));
		expect(fromDecimalString('-12.50')).toEqual(rational(-25n, 2n));
	});

	it('adds without binary residue', () => {
		expect(0.1 + 0.2).not.toBe(0.3);
		expect(add(fromNumber(0.1), fromNumber(0.2))).toEqual(fromNumber(0.3));
		expect(toDecimalString(sum([0.1, 0.2, 0.3].map(fromNumber)))).toBe('0.6');
	});

	it('rounds half away from zero from the exact value', () => {
		// (2.675).toFixed(2) gives "2.67" because the double is slightly below 2.675.
		expect(formatDecimal(fromNumber(2.675), 2)).toBe('2.68');
		expect(formatDecimal(fromNumber(0.125), 2)).toBe('0.13');
		expect(formatDecimal(fromNumber(-2.5), 0)).toBe('-3');
		expect(formatDecimal(fromNumber(-0.004), 2)).toBe('0.00');
		expect(formatDecimal(rational(2n, 3n), 3)).toBe('0.667');
		expect(formatDecimal(fromNumber(1234567.5), 0, { group: true })).toBe('1,234,568');
		expect(formatDecimal(fromNumber(4.6), 2, { trim: true })).toBe('4.6');
	});

	it('compares exactly', () => {
		expect(compare(rational(1n, 3n), fromNumber(0.3333333333333333))).toBe(1);
		expect(compare(rational(2n, 4n), rational(1n, 2n))).toBe(0);
		expect(toDecimalString(rational(1n, 3n))).toBeNull();
	});
});
