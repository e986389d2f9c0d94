/**
 * Moving through a grid whose rows sit under group headings (the scope grid's
 * areas). Headings are not cells: they are stepped onto with Up and Down and
 * folded from the keyboard, so a folded area can still be reached and opened.
 */

export interface ItemLike {
	readonly kind: 'row' | 'group';
	readonly id: string;
}

/** The item above (-1) or below (1) `id` in display order, or null at either end. */
export function neighbour<T extends ItemLike>(items: readonly T[], id: string, step: 1 | -1): T | null {
	const index = items.findIndex((item) => item.id === id);
	return index < 0 ? null : (items[index + step] ?? null);
}

/** The heading a row sits under, or null when the rows are not grouped. */
export function groupOf<T extends ItemLike>(items: readonly T[], rowId: string): T | null {
	const index = items.findIndex((item) => item.id === rowId);
	for (let i = index - 1; i >= 0; i--) {
		const item = items[i];
		if (item?.kind === 'group') return item;
	}
	return null;
}
