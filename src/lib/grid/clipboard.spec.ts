import { describe, expect, it } from 'vitest';
import { copyRange, fitBlock, readClipboard } from './clipboard.ts';

const shape = { rowIds: ['r1', 'r2'], colIds: ['a', 'b', 'c'] };

describe('clipboard', () => {
	it('copies a range as tab-separated text, quoting what needs quoting', () => {
		const text = copyRange(shape, { top: 0, bottom: 1, left: 1, right: 2 }, (c) =>
			c.rowId === 'r2' && c.colId === 'c' ? 'two\nlines' : `${c.rowId}${c.colId}`
		);
		expect(text).toBe('r1b\tr1c\nr2b\t"two\nlines"');
	});

	it('reads what Excel and Google Sheets put on the clipboard', () => {
		expect(readClipboard('1\t2\t3\r\n4\t5\t6\r\n')).toEqual([
			['1', '2', '3'],
			['4', '5', '6']
		]);
		expect(readClipboard('"a ""b"""\t\n')).toEqual([['a "b"', '']]);
		expect(readClipboard('')).toEqual([]);
	});

	it('fills a selection with a single value and pastes bigger blocks as they are', () => {
		expect(fitBlock([['x']], { top: 2, bottom: 3, left: 0, right: 1 })).toEqual([
			['x', 'x'],
			['x', 'x']
		]);
		expect(fitBlock([['1', '2']], { top: 0, bottom: 5, left: 0, right: 5 })).toEqual([['1', '2']]);
	});
});
