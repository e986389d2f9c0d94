/** A box on screen, in CSS pixels from the viewport's top left (as `getBoundingClientRect` gives). */
export interface Box {
	readonly top: number;
	readonly bottom: number;
	readonly left: number;
	readonly right: number;
}

/** How far from which edge of the screen a floating box sits; `null`: nowhere is clear. */
export type Placement = { readonly edge: 'top' | 'bottom'; readonly offset: number } | null;

/**
 * Where a box that floats over the page (a notice, the grid's message) goes so that it covers none of `clear`
 * (the cell being edited, another floating box): its usual place `gap` above the bottom of the screen, else just
 * above whichever of `clear` in the screen's lower half it would cover there, else `gap` below the top, else just
 * above one in the upper half, else nowhere. `box` gives its height and its left and right, which do not change
 * with the edge it sits at.
 */
export function clearPlace(
	box: { height: number; left: number; right: number },
	viewportHeight: number,
	clear: readonly Box[],
	gap: number
): Placement {
	const across = clear.filter((c) => c.right > box.left && c.left < box.right && c.bottom > c.top);
	const covers = (top: number) =>
		top < 0 || top + box.height > viewportHeight || across.some((c) => c.top < top + box.height && c.bottom > top);
	const above = (low: boolean) =>
		across
			.filter((c) => c.top >= viewportHeight / 2 === low)
			.map((c): Placement => ({ edge: 'bottom', offset: viewportHeight - c.top + gap }))
			.sort((a, b) => a!.offset - b!.offset);
	const candidates: Placement[] = [{ edge: 'bottom', offset: gap }, ...above(true), { edge: 'top', offset: gap }, ...above(false)];
	return candidates.find((place) => !covers(place!.edge === 'top' ? place!.offset : viewportHeight - place!.offset - box.height)) ?? null;
}
