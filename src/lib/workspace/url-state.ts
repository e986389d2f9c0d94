import type { Grid } from '$lib/board/schema';
import type { CellRef } from '../grid/selection.ts';

/**
 * The open tab and my selected cell, as query parameters, so a link opens the
 * same view: `?tab=models&cell=model-cic~crit-vat`. Ids never contain `~`.
 */
export interface UrlView {
	readonly tab: Grid | null;
	readonly cell: CellRef | null;
}

const ID = /^[A-Za-z0-9_@-]{1,64}$/;

export function readUrlView(params: URLSearchParams): UrlView {
	const tab = params.get('tab');
	const [rowId, colId, extra] = (params.get('cell') ?? '').split('~');
	const cell = rowId && colId && extra === undefined && ID.test(rowId) && ID.test(colId) ? { rowId, colId } : null;
	return { tab: tab === 'scope' || tab === 'models' ? tab : null, cell };
}

/** The URL with the view written in, other parameters kept. */
export function writeUrlView(url: URL, view: UrlView): URL {
	const next = new URL(url);
	if (view.tab) next.searchParams.set('tab', view.tab);
	else next.searchParams.delete('tab');
	if (view.cell) next.searchParams.set('cell', `${view.cell.rowId}~${view.cell.colId}`);
	else next.searchParams.delete('cell');
	return next;
}
