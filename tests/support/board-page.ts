import type { Page } from 'playwright-core';

/**
 * Steps on the live board page that several browser tests take the same way, so a change to how the page
 * offers them is made once.
 */

/** Picks `item` from the chair's lock menu in the toolbar, acting on the active cell, its row or its column. */
export async function lockFromMenu(page: Page, item: RegExp): Promise<void> {
	await page.getByTestId('lock-menu').click();
	await page.getByRole('menuitem', { name: item }).click();
}
