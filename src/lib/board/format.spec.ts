import { describe, expect, it } from 'vitest';
import { firstLine, formatCurrency, formatDate, formatNumber } from './format.ts';

describe('format', () => {
	it('shows budgets in their unit with thousands separators', () => {
		expect(formatCurrency(1250, 'thousands')).toBe('£1,250k');
		expect(formatCurrency(-40, 'thousands')).toBe('−£40k');
		expect(formatCurrency(1234567.5, 'pounds')).toBe('£1,234,567.5');
		expect(formatCurrency(1.25, 'millions')).toBe('£1.25m');
		expect(formatNumber(12.5)).toBe('12.5');
	});

	it('writes dates the UK way and long text as its first line', () => {
		expect(formatDate('2016-09-07')).toMatch(/^7 Sept? 2016$/);
		expect(formatDate('2017-04-01')).toMatch(/^1 Apr 2017$/);
		expect(firstLine('one\ntwo')).toBe('one …');
		expect(firstLine('one')).toBe('one');
	});
});
