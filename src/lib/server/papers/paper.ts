import * as format from '../../board/format.ts';
import type { Table, TableCell } from '../export/tables.ts';

/**
 * A paper (a version of the board, or a minutes pack) as headings, text and
 * tables of finished strings, written once and laid out by each writer (PDF,
 * DOCX). Money, dates and times are already in the form the screen shows, so
 * the two files cannot disagree with each other or with the grid.
 */

/** What every page says the paper is: a draft, or the version the board agreed (and then published). */
export type Stamp = 'DRAFT' | 'AGREED' | 'PUBLISHED';

export interface PaperTable {
	readonly headers: readonly string[];
	readonly rows: readonly (readonly string[])[];
	/** Rows shown as examples, not proposals (illustrative models), by index. */
	readonly marked: ReadonlySet<number>;
	/** Columns holding long text or names, which take the spare width. */
	readonly wide: ReadonlySet<number>;
	/** Columns of figures, aligned right so their digits line up. */
	readonly numeric: ReadonlySet<number>;
}

export type Block =
	| { readonly kind: 'text'; readonly text: string }
	| { readonly kind: 'heading'; readonly text: string }
	| { readonly kind: 'details'; readonly rows: readonly (readonly [string, string])[] }
	| { readonly kind: 'table'; readonly table: PaperTable };

export interface PaperSection {
	readonly heading: string;
	/** Wide grids go on landscape pages. */
	readonly landscape?: boolean;
	readonly blocks: readonly Block[];
}

export interface Paper {
	/** e.g. "Minutes pack: Workshop 3" */
	readonly title: string;
	readonly subtitle: string;
	readonly stamp: Stamp;
	/** One line under the stamp: who agreed it and when, or why it is a draft. */
	readonly stampNote: string;
	readonly sections: readonly PaperSection[];
	/** The last line of every page, beside the page number. */
	readonly footer: string;
}

/** The word printed before an illustrative row's first cell, and explained under the table. */
export const ILLUSTRATIVE_MARK = '[Illustrative]';
export const ILLUSTRATIVE_NOTE = `Rows marked ${ILLUSTRATIVE_MARK} are example models, not named in the board's sources or proposed by it.`;

const CURRENCY_UNIT = { gbp: 'pounds', gbpThousands: 'thousands', gbpMillions: 'millions' } as const;

/** A table cell as the grid shows it: £1,250k, 7 Sept 2016, 12.5%, Yes. */
export function paperCell(cell: TableCell): string {
	switch (cell.kind) {
		case 'empty':
			return '';
		case 'text':
			return cell.value;
		case 'boolean':
			return cell.value ? 'Yes' : 'No';
		case 'date':
			return format.formatDate(cell.value);
		case 'number':
			if (cell.format === 'gbp' || cell.format === 'gbpThousands' || cell.format === 'gbpMillions')
				return format.formatCurrency(cell.value, CURRENCY_UNIT[cell.format]);
			if (cell.format === 'percent') return `${cell.text}%`;
			if (cell.format === 'plain') return format.formatNumber(cell.value);
			return cell.text;
	}
}

/** Columns naming the row, which read badly squeezed to a word a line. */
const NAME_HEADERS = new Set(['Model', 'Criterion', 'Service']);

/**
 * Some columns of a table, as strings. A table with an "Illustrative" column
 * (the delivery models) has those rows marked instead of a Yes/No column.
 */
export function paperTable(table: Table, columns: readonly number[] = table.headers.map((_, i) => i)): PaperTable {
	const flag = table.headers.indexOf('Illustrative');
	const shown = columns.filter((i) => i !== flag && i >= 0);
	const marked = new Set<number>();
	const rows = table.rows.map((row, r) => {
		const cells = shown.map((i) => paperCell(row[i] ?? { kind: 'empty' }));
		const illustrative = flag >= 0 && row[flag]?.kind === 'boolean' && row[flag].value;
		if (illustrative) {
			marked.add(r);
			const nameAt = shown.indexOf(table.headers.indexOf('Model'));
			const at = nameAt >= 0 ? nameAt : 0;
			cells[at] = `${ILLUSTRATIVE_MARK} ${cells[at] ?? ''}`;
		}
		return cells;
	});
	const wide = new Set(shown.flatMap((i, at) => (table.wide?.includes(i) || NAME_HEADERS.has(table.headers[i] ?? '') ? [at] : [])));
	const numeric = new Set(
		shown.flatMap((i, at) => {
			const kinds = table.rows.map((row) => row[i]?.kind ?? 'empty').filter((kind) => kind !== 'empty');
			return kinds.length > 0 && kinds.every((kind) => kind === 'number') ? [at] : [];
		})
	);
	return { headers: shown.map((i) => table.headers[i] ?? ''), rows, marked, wide, numeric };
}

/** A plain table of strings (details, changes), nothing marked. */
export function plainTable(headers: readonly string[], rows: readonly (readonly string[])[], wide: readonly number[] = []): PaperTable {
	return { headers, rows, marked: new Set(), wide: new Set(wide), numeric: new Set() };
}
