import type { GridColumn, GridItem } from './types.ts';

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
 * The leading sticky columns that still leave room to scroll: freezing more
 * than `share` of the grid's width would leave nothing to scroll through on a
 * narrow screen, so the later ones scroll with the rest there. In rem.
 */
export function stickyRun(columns: readonly GridColumn[], available: number, share = 0.7): number {
	let width = 0;
	let count = 0;
	for (const column of columns) {
		if (!column.sticky) break;
		width += column.width;
		if (count > 0 && width > available * share) break;
		count++;
	}
	return count;
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
