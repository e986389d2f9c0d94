import type { GridColumn } from './types.ts';

/**
 * The leading columns that reach into a grid scrolled to its left edge, `available` rem wide (less the row
 * numbers): every column that starts inside it, the one cut by the right edge included. At least one.
 */
export function leadingInView<T extends Pick<GridColumn, 'width'>>(columns: readonly T[], available: number): readonly T[] {
	let left = 0;
	let count = 0;
	while (count < columns.length && (count === 0 || left < available)) left += columns[count++]!.width;
	return count === columns.length ? columns : columns.slice(0, count);
}
