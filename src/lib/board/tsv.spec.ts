import { describe, expect, it } from 'vitest';
import * as tsv from './tsv.ts';

describe('clipboard TSV', () => {
	it('parses rows and cells, ignoring the trailing newline spreadsheets add', () => {
		expect(tsv.parseTsv('a\tb\r\nc\td\r\n')).toEqual([
			['a', 'b'],
			['c', 'd']
		]);
		expect(tsv.parseTsv('one')).toEqual([['one']]);
		expect(tsv.parseTsv('')).toEqual([]);
	});

	it('keeps empty cells, including trailing ones', () => {
		expect(tsv.parseTsv('a\t\tc\n\tb\t\n')).toEqual([
			['a', '', 'c'],
			['', 'b', '']
		]);
	});

	it('unquotes cells with embedded tabs, newlines and quotes as Excel and Google Sheets write them', () => {
		const text = '"line 1\nline 2"\t"has\ttab"\t"say ""hi"""\n';
		expect(tsv.parseTsv(text)).toEqual([['line 1\nline 2', 'has\ttab', 'say "hi"']]);
	});

	it('treats a quote that does not wrap the whole cell as text', () => {
		expect(tsv.parseTsv('"quoted" word\tx')).toEqual([['"quoted" word', 'x']]);
		expect(tsv.parseTsv('5" pipe\t"open')).toEqual([['5" pipe', '"open']]);
	});

	it('round-trips through toTsv', () => {
		const values = [
			['plain', 'tab\there', 'new\nline'],
			['"quoted"', '', 'end']
		];
		expect(tsv.parseTsv(tsv.toTsv(values))).toEqual(values);
	});
});
