import type { Page } from 'playwright-core';

/**
 * Steps on the live board page that several browser tests take the same way, so a change to how the page
 * offers them is made once.
 */

/** A cell of the scope grid, by its row and column ids. */
export function scopeCell(page: Page, rowId: string, colId: string) {
	return page.locator(`#scope-grid [data-row="${rowId}"][data-col="${colId}"]`);
}

/** Picks `item` from the chair's lock menu in the toolbar, acting on the active cell, its row or its column. */
export async function lockFromMenu(page: Page, item: RegExp): Promise<void> {
	await page.getByTestId('lock-menu').click();
	await page.getByRole('menuitem', { name: item }).click();
}

/**
 * What the padlocks in a grid sit on: for each lock mark, the visible text (clipped to what its truncation or
 * line-clamp shows) and chips in the same header or cell that its box overlaps, as "where: what". Empty when none does.
 */
export function padlocksCovering(page: Page, gridSelector: string): Promise<string[]> {
	return page.locator(gridSelector).evaluate((grid) => {
		type Box = { left: number; right: number; top: number; bottom: number };
		const overlaps = (a: Box, b: Box) =>
			Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
		const found: string[] = [];
		for (const mark of grid.querySelectorAll<HTMLElement>('[data-testid=lock-mark]')) {
			const box = mark.getBoundingClientRect();
			const host = mark.closest<HTMLElement>('[role=columnheader], [role=gridcell]');
			if (!host) continue;
			const where = host.dataset.col ?? host.textContent?.trim().slice(0, 30) ?? '';
			const texts = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
			for (let node = texts.nextNode(); node; node = texts.nextNode()) {
				const parent = node.parentElement;
				if (!parent || mark.contains(node) || !node.textContent?.trim() || parent.closest('.sr-only')) continue;
				const range = document.createRange();
				range.selectNodeContents(node);
				const shown = parent.getBoundingClientRect();
				for (const line of range.getClientRects()) {
					const visible = {
						left: Math.max(line.left, shown.left),
						right: Math.min(line.right, shown.right),
						top: Math.max(line.top, shown.top),
						bottom: Math.min(line.bottom, shown.bottom)
					};
					if (overlaps(box, visible)) found.push(`${where}: text "${node.textContent.trim()}"`);
				}
			}
			for (const chip of host.querySelectorAll<HTMLElement>('span.rounded, span.rounded-full')) {
				if (chip.contains(mark) || mark.contains(chip) || chip.classList.contains('pointer-events-none')) continue;
				if (overlaps(box, chip.getBoundingClientRect())) found.push(`${where}: chip "${chip.textContent?.trim()}"`);
			}
		}
		return found;
	});
}
