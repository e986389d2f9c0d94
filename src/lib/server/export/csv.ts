import { neutralise } from './neutralise.ts';
import { cellText, type Table, type TableCell } from './tables.ts';

/**
 * RFC 4180 CSV: CRLF line ends, every field quoted when it holds a comma,
 * quote, CR or LF, quotes doubled. UTF-8 with a byte-order mark, which is what
 * makes Excel read £ and accented names correctly instead of guessing a code
 * page. Text (headers included) is neutralised against formula injection.
 */
const BOM = '\uFEFF';

function field(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cell(value: TableCell): string {
	return field(value.kind === 'text' ? neutralise(value.value) : cellText(value));
}

export function csvRows(rows: readonly (readonly string[])[]): string {
	return BOM + rows.map((row) => row.map((value) => field(neutralise(value))).join(',')).join('\r\n') + '\r\n';
}

export function tableToCsv(table: Table): string {
	const lines = [table.headers.map((h) => field(neutralise(h))).join(','), ...table.rows.map((row) => row.map(cell).join(','))];
	return BOM + lines.join('\r\n') + '\r\n';
}
