import { describe, expect, it } from 'vitest';
import * as datetime from './datetime.ts';

const at = (iso: string) => Date.parse(iso);

describe('UK dates and times', () => {
	it('shows the London clock on both sides of the spring change (01:00 GMT becomes 02:00 BST)', () => {
		expect(datetime.formatClock(at('2027-03-28T00:59:00Z'))).toBe('00:59 GMT');
		expect(datetime.formatClock(at('2027-03-28T01:00:00Z'))).toBe('02:00 BST');
		expect(datetime.isBritishSummerTime(at('2027-03-28T00:59:59Z'))).toBe(false);
		expect(datetime.isBritishSummerTime(at('2027-03-28T01:00:00Z'))).toBe(true);
	});

	it('tells apart the two 01:30s of the autumn change by their zone', () => {
		expect(datetime.formatDateTime(at('2027-10-31T00:30:00Z'))).toMatch(/^31 Oct 2027, 01:30 BST$/);
		expect(datetime.formatDateTime(at('2027-10-31T01:30:00Z'))).toMatch(/^31 Oct 2027, 01:30 GMT$/);
	});

	it('puts a late summer evening in UTC on the next UK day', () => {
		const lateJune = at('2027-06-30T23:30:00Z');
		expect(datetime.ukIsoDay(lateJune)).toBe('2027-07-01');
		expect(datetime.formatDay(lateJune)).toBe('1 July 2027');
		expect(datetime.formatDateTimeLong(lateJune)).toBe('1 July 2027 at 00:30 BST');
		expect(datetime.ukLocalStamp(lateJune)).toBe('2027-07-01 00:30:00');
		// In winter London is on UTC, so the day does not move.
		expect(datetime.ukIsoDay(at('2027-12-31T23:30:00Z'))).toBe('2027-12-31');
	});

	it('gives spreadsheets the London clock as a zone-less time', () => {
		expect(datetime.ukWallClock(at('2027-07-12T16:30:00Z')).toISOString()).toBe('2027-07-12T17:30:00.000Z');
		expect(datetime.ukWallClock(at('2027-01-12T16:30:00Z')).toISOString()).toBe('2027-01-12T16:30:00.000Z');
	});

	it('turns a UK day into the moment it starts, in either season', () => {
		expect(datetime.startOfUkDay('2027-01-15')).toBe(at('2027-01-15T00:00:00Z'));
		expect(datetime.startOfUkDay('2027-07-15')).toBe(at('2027-07-14T23:00:00Z'));
		// The clocks change at 01:00 UTC, after midnight: both change days start on the old offset.
		expect(datetime.startOfUkDay('2027-03-28')).toBe(at('2027-03-28T00:00:00Z'));
		expect(datetime.startOfUkDay('2027-10-31')).toBe(at('2027-10-30T23:00:00Z'));
		expect(datetime.startOfUkDay('2027-03-29')).toBe(at('2027-03-28T23:00:00Z'));
	});

	it('rejects what is not a calendar day', () => {
		for (const bad of ['2027-02-30', '2027-13-01', '27-01-01', '2027-1-1', '', 'yesterday']) expect(datetime.startOfUkDay(bad)).toBeNull();
	});
});
