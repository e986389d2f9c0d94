import { describe, expect, it } from 'vitest';
import * as read from '../../board/read.ts';
import { csvRows, tableToCsv } from './csv.ts';
import { fileName } from './filename.ts';
import { isFormulaLike, neutralise } from './neutralise.ts';
import { modelsTable, scopeTable } from './tables.ts';
import { hostileBoard, parseCsv } from './testing.ts';

describe('neutralise', () => {
	it('prefixes text starting with = + - @ tab or CR, and nothing else', () => {
		expect(isFormulaLike('=1+1')).toBe(true);
		for (const risky of ['=1', '+1', '-1', '@A1', '\tx', '\rx']) expect(neutralise(risky)).toBe(`'${risky}`);
		for (const safe of ['Fostering', ' =1', "'quoted", '£1,200', '']) expect(neutralise(safe)).toBe(safe);
	});
});

describe('CSV', () => {
	it('writes RFC 4180 with a BOM and CRLF, quoting only what needs it', () => {
		const csv = tableToCsv(scopeTable(read.readBoard(hostileBoard())));
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv.endsWith('\r\n')).toBe(true);
		const rows = parseCsv(csv.slice(1));
		const header = rows[0]!;
		expect(header.slice(0, 3)).toEqual(['Service', 'Area', 'Scope decision']);
		const fostering = rows.find((r) => r[0] === 'Fostering')!;
		expect(fostering[header.indexOf('Notes')]).toBe('Line one\nLine "two", with comma');
		expect(fostering[header.indexOf('Budget (£k)')]).toBe('2400.5');
		expect(fostering[header.indexOf('Staff (FTE)')]).toBe('41');
		expect(fostering[header.indexOf('Risk')]).toBe('Amber');
		expect(fostering[header.indexOf('Scope decision')]).toBe('Transfer to trust');
		expect(csv).toContain('"Line one\nLine ""two"", with comma"');
	});

	it("adds where each scope decision stands and the record behind it after the board's columns", () => {
		const rows = parseCsv(tableToCsv(scopeTable(read.readBoard(hostileBoard()))).slice(1));
		const header = rows[0]!;
		expect(header.slice(-5)).toEqual([
			'Decision state',
			'Consulted',
			'Equality impact',
			'Kept with the council by law',
			"Chair's override"
		]);
		const cell = (service: string, column: string) => rows.find((r) => r[0] === service)?.[header.indexOf(column)];
		expect(cell('Fostering', 'Decision state')).toBe('Consulted on');
		expect(cell('Fostering', 'Consulted')).toBe('Staff; Safeguarding board');
		expect(cell('Fostering', 'Equality impact')).toBe(`'=No adverse impact`);
		expect(cell('Fostering', 'Kept with the council by law')).toBe('No');
		expect(cell('Adoption', 'Decision state')).toBe('Proposed');
		const dcs = "Director of Children's Services and Lead Member roles";
		expect(cell(dcs, 'Scope decision')).toBe('Transfer to trust');
		expect(cell(dcs, 'Kept with the council by law')).toBe('Yes');
		expect(cell(dcs, "Chair's override")).toBe('Counsel: delegable (Alex Lead, 2017-01-10 09:30 UTC)');
		// Budgets stay machine-readable in CSV.
		expect(cell('Fostering', 'Budget (£k)')).toBe('2400.5');
	});

	it('neutralises every formula-like text cell but leaves numbers alone', () => {
		const rows = parseCsv(tableToCsv(scopeTable(read.readBoard(hostileBoard()))).slice(1));
		const header = rows[0]!;
		const service = rows.map((r) => r[0]);
		expect(service).toContain(`'=HYPERLINK("http://evil.example","Click")`);
		expect(service).toContain(`'@SUM(A1:A2)`);
		expect(service).toContain(`'\tTabbed`);
		const evil = rows.find((r) => r[0]?.includes('HYPERLINK'))!;
		expect(evil[header.indexOf('Statutory basis')]).toBe(`'+1+1`);
		expect(evil[header.indexOf('Budget (£k)')]).toBe('-250');
		expect(rows.find((r) => r[0] === `'@SUM(A1:A2)`)![header.indexOf('Statutory basis')]).toBe(`'-2+3`);
		expect(rows.find((r) => r[0] === `'\tTabbed`)![header.indexOf('Statutory basis')]).toBe(`'\rReturn`);
		expect(parseCsv(csvRows([['=cmd', '-1', 'plain']]).slice(1))).toEqual([[`'=cmd`, `'-1`, 'plain']]);
	});

	it('puts weighted totals and ranks on the models grid', () => {
		const rows = parseCsv(tableToCsv(modelsTable(read.readBoard(hostileBoard()))).slice(1));
		const header = rows[0]!;
		expect(header.slice(0, 7)).toEqual(['Rank', 'Tied', 'Standing', 'Model', 'Status', 'Reason for status', 'Weighted total']);
		const cic = rows.find((r) => r[3] === 'Community interest company (CIC)')!;
		expect(cic[0]).toBe('1');
		expect(cic[header.indexOf('Weighted total')]).toBe('42');
		expect(cic[header.indexOf('Accommodates the agreed scope (gate)')]).toBe('5');
	});
});

describe('file names', () => {
	it('are plain ASCII from board, version and date', () => {
		expect(fileName(['Shadow trust board', 'Workshop 3 – agreed scope', '2017-01-12'], 'xlsx')).toBe(
			'Shadow-trust-board_Workshop-3-agreed-scope_2017-01-12.xlsx'
		);
		expect(fileName(['"; rm -rf /\r\nX-Evil: 1', 'Café £k'], 'csv')).toBe('rm-rf-X-Evil-1_Cafe-GBPk.csv');
		expect(fileName(['///', ''], 'json')).toBe('trustboard.json');
	});
});
