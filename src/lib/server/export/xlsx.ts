import ExcelJS from 'exceljs';
import * as datetime from '../../board/datetime.ts';
import type { BoardView } from '../../board/read.ts';
import type { MemberRef } from '../../board/values.ts';
import {
	cellText,
	criteriaTable,
	modelsTable,
	scopeTable,
	scoringDetailTable,
	type NumberFormat,
	type Table,
	type TableCell
} from './tables.ts';

/**
 * The workbook officers download: a sheet per grid with typed cells (numbers
 * as numbers in GBP formats, dates as dates, select values as their labels),
 * frozen headers, fitted widths, the weighted totals and ranks, the scoring
 * detail, and a sheet saying which version this is. Text is always written as
 * a string value, never a formula, whatever it starts with.
 */

export interface VersionInfo {
	board: string;
	version: string;
	kind: string;
	takenBy: string;
	takenAt: Date | null;
	meeting: string;
	meetingDate: string;
	note: string;
	exportedAt: Date;
}

const FORMATS: Record<NumberFormat, string> = {
	plain: 'General',
	gbp: '"£"#,##0.00',
	gbpThousands: '"£"#,##0"k";-"£"#,##0"k"',
	gbpMillions: '"£"#,##0.0"m";-"£"#,##0.0"m"',
	score: '0.##',
	percent: '0.0%'
};

/** A thousands or millions figure with decimals keeps them visible; whole figures stay clean. */
function numberFormat(cell: Extract<TableCell, { kind: 'number' }>): string {
	if (cell.format === 'gbpThousands' && !Number.isInteger(cell.value)) return '"£"#,##0.0##"k";-"£"#,##0.0##"k"';
	if (cell.format === 'score' && Number.isInteger(cell.value)) return '0';
	return FORMATS[cell.format];
}

const MIN_WIDTH = 8;
const MAX_WIDTH = 50;
const WIDE_WIDTH = 60;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } };

function write(cell: ExcelJS.Cell, value: TableCell): void {
	switch (value.kind) {
		case 'empty':
			return;
		case 'number':
			cell.value = value.value;
			cell.numFmt = numberFormat(value);
			return;
		case 'date': {
			const [y, m, d] = value.value.split('-').map(Number) as [number, number, number];
			cell.value = new Date(Date.UTC(y, m - 1, d));
			cell.numFmt = 'yyyy-mm-dd';
			return;
		}
		case 'boolean':
			cell.value = value.value ? 'Yes' : 'No';
			return;
		case 'text':
			// A rich-text-free string: exceljs writes it as a shared string, never as a formula.
			cell.value = value.value;
			return;
	}
}

function addTable(workbook: ExcelJS.Workbook, table: Table): void {
	const headerRows = table.groups ? 2 : 1;
	const sheet = workbook.addWorksheet(table.name, {
		views: [{ state: 'frozen', ySplit: headerRows, xSplit: table.name === 'Delivery models' ? 4 : 1 }]
	});
	if (table.groups) {
		const row = sheet.getRow(1);
		let start = 0;
		table.groups.forEach((group, i) => {
			const next = table.groups?.[i + 1];
			if (group !== null && next !== group) {
				row.getCell(start + 1).value = group;
				if (i > start) sheet.mergeCells(1, start + 1, 1, i + 1);
			}
			if (next !== group) start = i + 1;
		});
		row.font = { bold: true };
	}
	const header = sheet.getRow(headerRows);
	table.headers.forEach((name, i) => (header.getCell(i + 1).value = name));
	header.font = { bold: true };
	header.alignment = { vertical: 'bottom', wrapText: true };
	header.eachCell((cell) => (cell.fill = HEADER_FILL));
	table.rows.forEach((values, r) => {
		const row = sheet.getRow(headerRows + 1 + r);
		values.forEach((value, c) => write(row.getCell(c + 1), value));
	});
	const wide = new Set(table.wide ?? []);
	table.headers.forEach((name, c) => {
		const longest = Math.max(
			...name.split(/\s+/).map((w) => w.length + 2),
			...table.rows.map(
				(row) =>
					Math.max(
						...cellText(row[c] ?? { kind: 'empty' })
							.split('\n')
							.map((line) => line.length)
					) + 2
			)
		);
		const column = sheet.getColumn(c + 1);
		column.width = Math.max(MIN_WIDTH, Math.min(wide.has(c) ? WIDE_WIDTH : MAX_WIDTH, longest));
		if (longest > column.width) column.alignment = { vertical: 'top', wrapText: true };
	});
	if (table.rows.length > 0) {
		sheet.autoFilter = { from: { row: headerRows, column: 1 }, to: { row: headerRows, column: table.headers.length } };
	}
}

function addAbout(workbook: ExcelJS.Workbook, info: VersionInfo): void {
	const sheet = workbook.addWorksheet('About this version');
	const rows: [string, string | Date | null][] = [
		['Board', info.board],
		['Version', info.version],
		['Kind', info.kind],
		['Taken by', info.takenBy],
		['Taken at (UK time)', info.takenAt && datetime.ukWallClock(info.takenAt)],
		['Meeting', info.meeting],
		['Meeting date', info.meetingDate],
		['Note', info.note],
		['Exported at (UK time)', datetime.ukWallClock(info.exportedAt)]
	];
	rows.forEach(([label, value], i) => {
		const row = sheet.getRow(i + 1);
		row.getCell(1).value = label;
		row.getCell(1).font = { bold: true };
		if (value instanceof Date) {
			row.getCell(2).value = value;
			row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
		} else if (value) row.getCell(2).value = value;
	});
	sheet.getColumn(1).width = 20;
	sheet.getColumn(2).width = 80;
	sheet.getColumn(2).alignment = { vertical: 'top', wrapText: true, horizontal: 'left' };
}

export async function boardToXlsx(view: BoardView, info: VersionInfo, members: readonly MemberRef[] = []): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'trustboard';
	workbook.title = `${info.board} – ${info.version}`;
	workbook.created = info.exportedAt;
	workbook.modified = info.exportedAt;
	for (const table of [scopeTable(view, members), modelsTable(view), scoringDetailTable(view), criteriaTable(view)])
		addTable(workbook, table);
	addAbout(workbook, info);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
