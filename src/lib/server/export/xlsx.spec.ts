import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import * as read from '../../board/read.ts';
import { hostileBoard, parseCsv } from './testing.ts';
import { boardToXlsx, type VersionInfo } from './xlsx.ts';

const info: VersionInfo = {
	board: 'Shadow trust board',
	version: 'Workshop 3 - agreed scope',
	kind: 'Named snapshot',
	takenBy: 'Chris Chair',
	takenAt: new Date('2017-01-12T16:30:00Z'),
	meeting: 'Shadow board, January',
	meetingDate: '2017-01-12',
	note: '=not a formula',
	exportedAt: new Date('2017-01-13T09:00:00Z')
};

async function workbook(): Promise<{ bytes: Uint8Array; book: ExcelJS.Workbook }> {
	const bytes = await boardToXlsx(read.readBoard(hostileBoard()), info, [{ id: 'user-1', name: 'Alex Lead' }]);
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	return { bytes, book };
}

function soffice(): string | null {
	for (const candidate of ['/usr/bin/soffice', '/usr/bin/libreoffice']) if (fs.existsSync(candidate)) return candidate;
	return null;
}

// The first test pays for loading exceljs, seconds on a busy machine.
describe('XLSX', { timeout: 20_000 }, () => {
	it('has a sheet per grid, the scoring detail, the criteria and the version metadata', async () => {
		const { book } = await workbook();
		expect(book.worksheets.map((s) => s.name)).toEqual([
			'Scope of services',
			'Delivery models',
			'Scoring detail',
			'Criteria',
			'About this version'
		]);
		const about = book.getWorksheet('About this version')!;
		const value = (label: string) => about.getColumn(1).values.indexOf(label);
		expect(about.getCell(value('Version'), 2).value).toBe('Workshop 3 - agreed scope');
		expect(about.getCell(value('Taken by'), 2).value).toBe('Chris Chair');
		expect(about.getCell(value('Meeting'), 2).value).toBe('Shadow board, January');
		expect(about.getCell(value('Note'), 2).type).toBe(ExcelJS.ValueType.String);
		// January: the UK clock is on GMT, so the cell reads 16:30 as taken.
		expect(about.getCell(value('Taken at (UK time)'), 2).value).toEqual(new Date('2017-01-12T16:30:00Z'));
	});

	it('types cells: numbers in GBP formats, select values and RAG as text labels, and freezes the headers', async () => {
		const { book } = await workbook();
		const sheet = book.getWorksheet('Scope of services')!;
		const header = sheet.getRow(1).values as unknown[];
		const col = (name: string) => header.indexOf(name);
		const fostering = sheet.getColumn(1).values.indexOf('Fostering');
		const budget = sheet.getCell(fostering, col('Budget (£k)'));
		expect(budget.type).toBe(ExcelJS.ValueType.Number);
		expect(budget.value).toBe(2400.5);
		expect(budget.numFmt).toContain('£');
		expect(sheet.getCell(fostering, col('Staff (FTE)')).value).toBe(41);
		expect(sheet.getCell(fostering, col('Scope decision')).value).toBe('Transfer to trust');
		expect(sheet.getCell(fostering, col('Risk')).value).toBe('Amber');
		expect(sheet.getCell(fostering, col('Decision state')).value).toBe('Consulted on');
		expect(sheet.getCell(fostering, col('Consulted')).value).toBe('Staff; Safeguarding board');
		expect(sheet.getCell(fostering, col('Equality impact')).value).toBe('=No adverse impact');
		const dcs = sheet.getColumn(1).values.indexOf("Director of Children's Services and Lead Member roles");
		expect(sheet.getCell(dcs, col('Kept with the council by law')).value).toBe('Yes');
		expect(sheet.getCell(dcs, col("Chair's override")).value).toBe('Counsel: delegable (Alex Lead, 2017-01-10 09:30 UTC)');
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(sheet.getColumn(col('Service')).width).toBeGreaterThan(20);
		expect(sheet.getColumn(col('Service')).width).toBeLessThanOrEqual(50);

		const models = book.getWorksheet('Delivery models')!;
		expect(models.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
		const headers = models.getRow(2).values as unknown[];
		expect(models.getCell(1, headers.indexOf('Accommodates the agreed scope (gate)')).value).toBe('Strategic objectives');
		const cic = models.getColumn(headers.indexOf('Model')).values.indexOf('Community interest company (CIC)');
		// A rank is a number a spreadsheet can sort by; a tie is marked in its own column.
		expect(models.getCell(cic, headers.indexOf('Rank')).value).toBe(1);
		expect(models.getCell(cic, headers.indexOf('Tied')).value).toBe('No');
		expect(models.getCell(cic, headers.indexOf('Weighted total')).value).toBe(42);
		expect(models.getCell(cic, headers.indexOf('% of maximum')).numFmt).toBe('0.0%');
	});

	it('writes formula-like text as strings, never formulas', async () => {
		const { book } = await workbook();
		const sheet = book.getWorksheet('Scope of services')!;
		const texts: string[] = [];
		sheet.eachRow((row) =>
			row.eachCell((cell) => {
				expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
				if (cell.type === ExcelJS.ValueType.String) texts.push(cell.value as string);
			})
		);
		expect(texts).toContain('=HYPERLINK("http://evil.example","Click")');
		expect(texts).toContain('+1+1');
		expect(texts).toContain('@SUM(A1:A2)');
		const budget = (sheet.getRow(1).values as unknown[]).indexOf('Budget (£k)');
		const evil = sheet.getColumn(1).values.indexOf('=HYPERLINK("http://evil.example","Click")');
		expect(sheet.getCell(evil, budget).value).toBe(-250);
	});

	it.skipIf(!soffice())(
		'opens in LibreOffice, which reads the same values (skipped only when soffice is not installed)',
		async () => {
			const { bytes } = await workbook();
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-xlsx-'));
			try {
				fs.writeFileSync(path.join(dir, 'board.xlsx'), bytes);
				// 44,34,76,1 = comma separated, quoted, UTF-8, first sheet; a private profile so parallel runs do not clash.
				execFileSync(
					soffice()!,
					[
						`-env:UserInstallation=file://${dir}/profile`,
						'--headless',
						'--convert-to',
						'csv:Text - txt - csv (StarCalc):44,34,76,1',
						'--outdir',
						dir,
						path.join(dir, 'board.xlsx')
					],
					{ stdio: 'pipe', timeout: 120_000 }
				);
				const csv = fs.readFileSync(path.join(dir, 'board.csv'), 'utf8');
				const rows = parseCsv(csv);
				const header = rows[0]!;
				expect(header.slice(0, 3)).toEqual(['Service', 'Area', 'Scope decision']);
				const cell = (service: string, column: string) => rows.find((r) => r[0] === service)?.[header.indexOf(column)];
				expect(cell('Fostering', 'Scope decision')).toBe('Transfer to trust');
				expect(cell('Fostering', 'Budget (£k)')).toBe('£2,400.5k');
				expect(cell('Fostering', 'Staff (FTE)')).toBe('41');
				expect(cell('Fostering', 'Risk')).toBe('Amber');
				expect(cell('Fostering', 'Notes')).toBe('Line one\nLine "two", with comma');
				// The formula-like text stayed text: LibreOffice shows it, it does not evaluate it.
				const evil = '=HYPERLINK("http://evil.example","Click")';
				expect(cell(evil, 'Statutory basis')).toBe('+1+1');
				expect(cell(evil, 'Budget (£k)')).toBe('-£250k');
				expect(cell('@SUM(A1:A2)', 'Statutory basis')).toBe('-2+3');
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		},
		180_000
	);
});
