import { describe, expect, it } from 'vitest';
import * as exact from './exact.ts';

describe('exact arithmetic', () => {
	it('recovers the decimal a number was typed as', () => {
		expect(exact.fromNumber(0.1)).toEqual(exact.rational(1n, 10n));
		expect(exact.fromNumber(1e-7)).toEqual(exact.rational(1n, 10_000_000n));
		expect(exact.fromNumber(1.5e21)).toEqual(exact.rational(1_500_000_000_000_000_000_000n));
		expect(exact.fromDecimalString('-12.50')).toEqual(exact.rational(-25n, 2n));
	});

	it('adds without binary residue', () => {
		expect(0.1 + 0.2).not.toBe(0.3);
		expect(exact.add(exact.fromNumber(0.1), exact.fromNumber(0.2))).toEqual(exact.fromNumber(0.3));
		expect(exact.toDecimalString(exact.sum([0.1, 0.2, 0.3].map(exact.fromNumber)))).toBe('0.6');
	});

	it('rounds half away from zero from the exact value', () => {
		// (2.675).toFixed(2) gives "2.67" because the double is slightly below 2.675.
		expect(exact.formatDecimal(exact.fromNumber(2.675), 2)).toBe('2.68');
		expect(exact.formatDecimal(exact.fromNumber(0.125), 2)).toBe('0.13');
		expect(exact.formatDecimal(exact.fromNumber(-2.5), 0)).toBe('-3');
		expect(exact.formatDecimal(exact.fromNumber(-0.004), 2)).toBe('0.00');
		expect(exact.formatDecimal(exact.rational(2n, 3n), 3)).toBe('0.667');
		expect(exact.formatDecimal(exact.fromNumber(1234567.5), 0, { group: true })).toBe('1,234,568');
		expect(exact.formatDecimal(exact.fromNumber(4.6), 2, { trim: true })).toBe('4.6');
	});

	it('compares exactly', () => {
		expect(exact.compare(exact.rational(1n, 3n), exact.fromNumber(0.3333333333333333))).toBe(1);
		expect(exact.compare(exact.rational(2n, 4n), exact.rational(1n, 2n))).toBe(0);
		expect(exact.toDecimalString(exact.rational(1n, 3n))).toBeNull();
	});
});
