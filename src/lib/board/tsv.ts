/**
 * Tab-separated clipboard text as Excel and Google Sheets write it: cells that
 * contain a tab, newline or double quote are wrapped in quotes with inner quotes
 * doubled; rows end in \n or \r\n, usually including the last one.
 */

const MAX_CELLS = 100_000;

export function parseTsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let i = 0;
	let cells = 0;
	const endCell = () => {
		row.push(cell);
		cell = '';
		if (++cells > MAX_CELLS) throw new RangeError(`paste larger than ${MAX_CELLS} cells`);
	};
	const endRow = () => {
		endCell();
		rows.push(row);
		row = [];
	};
	while (i < text.length) {
		const atCellStart = cell === '';
		if (atCellStart && text[i] === '"') {
			const quoted = readQuoted(text, i);
			if (quoted) {
				cell = quoted.value;
				i = quoted.end;
				continue;
			}
		}
		const ch = text[i] as string;
		if (ch === '\t') {
			endCell();
			i++;
		} else if (ch === '\r' && text[i + 1] === '\n') {
			endRow();
			i += 2;
		} else if (ch === '\n' || ch === '\r') {
			endRow();
			i++;
		} else {
			cell += ch;
			i++;
		}
	}
	// A trailing newline ends the last row rather than starting an empty one.
	if (cell !== '' || row.length > 0) endRow();
	return rows;
}

/**
 * A quoted cell starting at `start`, if the closing quote is followed by a
 * separator or the end. Otherwise the quote is literal text, which is how
 * spreadsheets treat `"quoted" word` typed into a cell.
 */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
	let value = '';
	let i = start + 1;
	while (i < text.length) {
		const ch = text[i];
		if (ch === '"') {
			if (text[i + 1] === '"') {
				value += '"';
				i += 2;
				continue;
			}
			const next = text[i + 1];
			if (next === undefined || next === '\t' || next === '\n' || next === '\r') return { value, end: i + 1 };
			return null;
		}
		value += ch;
		i++;
	}
	return null;
}

function quote(cell: string): string {
	return /[\t\n\r"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function toTsv(values: readonly (readonly string[])[]): string {
	return values.map((row) => row.map(quote).join('\t')).join('\n');
}
