import type { GridBand, GridColumn, GridItem } from './types.ts';

/**
 * The columns as one person has arranged them: hidden ones left out (never
 * the row's name, the first column), frozen ones moved up beside the columns
 * the grid always freezes, in board order, and marked sticky. Only the view
 * changes; the board's column order is untouched.
 */
export function arrangeColumns(columns: readonly GridColumn[], frozen: readonly string[], hidden: readonly string[] = []): GridColumn[] {
	const hide = new Set(hidden);
	const freeze = new Set(frozen);
	const shown = columns.filter((c, i) => i === 0 || !hide.has(c.id));
	const pinned = shown.filter((c) => c.sticky || freeze.has(c.id)).map((c) => (c.sticky ? c : { ...c, sticky: true, frozen: true }));
	return [...pinned, ...shown.filter((c) => !c.sticky && !freeze.has(c.id))];
}

/**
 * The leading sticky columns that still leave room to scroll: half of the
 * grid's width (the columns' `available` room and the `beside` it keeps for the
 * row numbers), or `scroll` rem (over five criteria) where half is more than
 * that. A tablet with large text then still shows several criteria beside the
 * names, while a laptop keeps a model's results frozen too. The later sticky
 * ones scroll with the rest; the first always sticks. In rem.
 */
export function stickyRun(columns: readonly GridColumn[], available: number, beside = 0, scroll = 28): number {
	const limit = available - Math.min((available + beside) / 2, scroll);
	let width = 0;
	let count = 0;
	for (const column of columns) {
		if (!column.sticky) break;
		width += column.width;
		if (count > 0 && width > limit) break;
		count++;
	}
	return count;
}

/**
 * The first column (the row's name, always frozen) narrowed on a narrow grid so it takes at most `share` of
 * the width, never less than `least`: at phone width a full-width name would leave the columns beside it no
 * room to be seen or edited. Its text then wraps or is cut short on screen; the cell still holds it all.
 * In rem; the columns unchanged when the first already fits.
 */
export function fitFirstColumn(columns: readonly GridColumn[], available: number, share = 0.45, least = 6): readonly GridColumn[] {
	const first = columns[0];
	// Nor narrower than the longest word of its name, which would then break mid-word in its header.
	const room = Math.max(least, first?.least ?? 0, Math.round(available * share * 10) / 10);
	if (!first?.sticky || first.width <= room) return columns;
	return [{ ...first, width: room }, ...columns.slice(1)];
}

/**
 * The columns cut into slices that each fit across a printed page (`room` rem), since paper cannot scroll and
 * shrinking a wide grid to one page makes its type too small to read. Every slice starts with the first column
 * (the row's name) so each page says which row is which; a slice ends where a heading's band starts rather than
 * inside it when it is then still four-fifths full. Indexes into `columns`.
 */
export function printSlices(columns: readonly GridColumn[], bands: readonly GridBand[], room: number): number[][] {
	if (columns.length === 0) return [];
	const bandStarts = new Set(bands.map((b) => b.start));
	const widthOf = (slice: readonly number[]) => slice.reduce((sum, i) => sum + columns[i]!.width, 0);
	const slices: number[][] = [];
	let slice = [0];
	for (let i = 1; i < columns.length; i++) {
		if (slice.length > 1 && widthOf(slice) + columns[i]!.width > room) {
			let cut = slice.length;
			const start = slice.findLastIndex((c, at) => at > 1 && bandStarts.has(c));
			if (start > 0 && widthOf(slice.slice(0, start)) >= (room * 4) / 5) cut = start;
			slices.push(slice.slice(0, cut));
			slice = [0, ...slice.slice(cut)];
		}
		slice.push(i);
	}
	slices.push(slice);
	return slices;
}

/**
 * The columns as wide as their names need to wrap only between words: each at least as wide as the longest word
 * of its name (`wordWidth` gives a word's width in rem, padding included), on paper and on screen alike, since a
 * browser without a hyphenation dictionary (Chromium on Linux) otherwise breaks a word anywhere; but no wider than
 * `most` rem for that, so a single word longer than that is broken instead (and `tooLong` says so).
 */
export function widenToWords(
	columns: readonly GridColumn[],
	wordWidth: (word: string) => number,
	most: number
): { columns: readonly GridColumn[]; tooLong: ReadonlySet<string> } {
	const tooLong = new Set<string>();
	const widened = columns.map((column) => {
		const need = Math.max(0, ...column.label.split(/\s+/).filter(Boolean).map(wordWidth));
		if (need > most) tooLong.add(column.id);
		const width = Math.ceil(Math.min(need, most) * 10) / 10;
		return { ...column, width: Math.max(width, column.width), least: width };
	});
	return { columns: widened, tooLong };
}

/** The bands over one printed slice: each cut to the slice's columns, which are a run apart from the first. */
export function sliceBands(slice: readonly number[], bands: readonly GridBand[]): { band: GridBand; span: number }[] {
	const out: { band: GridBand; span: number }[] = [];
	for (const column of slice) {
		const band = bands.find((b) => column >= b.start && column < b.start + b.span);
		const previous = out.at(-1);
		if (!band) out.push({ band: { id: `none-${column}`, label: '', start: column, span: 1 }, span: 1 });
		else if (previous?.band === band) previous.span++;
		else out.push({ band, span: 1 });
	}
	return out;
}

/**
 * Whether two lists of a grid's rows and group headings say the same thing. A change to a cell's value hands
 * the grid a new but equal list; keeping the old one spares the grid its row indexes and visible rows.
 */
export function sameItems(a: readonly GridItem[], b: readonly GridItem[]): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) {
		const x = a[i]!;
		const y = b[i]!;
		if (x.kind !== y.kind || x.id !== y.id) return false;
		if (x.kind === 'group' && y.kind === 'group') {
			if (x.label !== y.label || x.colour !== y.colour || x.count !== y.count || x.collapsed !== y.collapsed) return false;
		}
	}
	return true;
}
