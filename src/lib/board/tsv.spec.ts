import { describe, expect, it } from 'vitest';
import { parseTsv, toTsv } from './tsv.ts';

describe('clipboard TSV', () => {
	it('parses rows and cells, ignoring the trailing newline spreadsheets add', () => {
		expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
			['a', 'b'],
			['c', 'd']
		]);
		expect(parseTsv('one')).toEqual([['one']]);
		expect(parseTsv('')).toEqual([]);
	});

	it('keeps empty cells, including trailing ones', () => {
		expect(parseTsv('a\t\tc\n\tb\t\n')).toEqual([
			['a', '', 'c'],
			['', 'b', '']
		]);
	});

	it('unquotes cells with embedded tabs, newlines and quotes as Excel and Google Sheets write them', () => {
		const text = '"line 1\nline 2"\t"has\ttab"\t"say ""hi"""\n';
		expect(parseTsv(text)).toEqual([['line 1\nline 2', 'has\ttab', 'say "hi"']]);
	});

	it('treats a quote that does not wrap the whole cell as text', () => {
		expect(parseTsv('"quoted" word\tx')).toEqual([['"quoted" word', 'x']]);
		expect(parseTsv('5" pipe\t"open')).toEqual([['5" pipe', '"open']]);
	});

	it('round-trips through toTsv', () => {
		const values = [
			['plain', 'tab\there', 'new\nline'],
			['"quoted"', '', 'end']
		];
		expect(parseTsv(toTsv(values))).toEqual(values);
	});
});
