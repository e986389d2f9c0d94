import { describe, expect, it } from 'vitest';
import * as format from './format.ts';

describe('format', () => {
	it('shows budgets in their unit with thousands separators', () => {
		expect(format.formatCurrency(1250, 'thousands')).toBe('£1,250k');
		expect(format.formatCurrency(-40, 'thousands')).toBe('−£40k');
		expect(format.formatCurrency(1234567.5, 'pounds')).toBe('£1,234,567.5');
		expect(format.formatCurrency(1.25, 'millions')).toBe('£1.25m');
		expect(format.formatNumber(12.5)).toBe('12.5');
	});

	it('writes dates the UK way and long text as its first line', () => {
		expect(format.formatDate('2016-09-07')).toMatch(/^7 Sept? 2016$/);
		expect(format.formatDate('2017-04-01')).toMatch(/^1 Apr 2017$/);
		expect(format.firstLine('one\ntwo')).toBe('one …');
		expect(format.firstLine('one')).toBe('one');
	});
});
