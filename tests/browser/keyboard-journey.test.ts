import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from '../support/axe.ts';
import { createBoard, register, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * The main journey with the keyboard alone, as a member who cannot use a mouse does it: sign in, open the
 * board, move in the grid with the arrows, score a cell, open a menu, take a snapshot. axe-core checks every
 * page and dialog on the way (0 violations).
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };

const focused = (page: Page) =>
	page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		return {
			text: el?.textContent?.trim().slice(0, 80) ?? '',
			label: el?.getAttribute('aria-label') ?? (el?.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent?.trim() ?? '') : ''),
			role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '',
			id: el?.id ?? ''
		};
	});

/** Presses Tab (or Shift+Tab) until the focused element matches, failing after `max` presses. */
async function tabTo(page: Page, matches: (el: Awaited<ReturnType<typeof focused>>) => boolean, key = 'Tab', max = 60): Promise<void> {
	for (let i = 0; i < max; i++) {
		if (matches(await focused(page))) return;
		await page.keyboard.press(key);
	}
	throw new Error(`${key} did not reach the element; focus is on ${JSON.stringify(await focused(page))}`);
}

describe('keyboard-only journey', () => {
	it('signs in, opens the board, scores in the grid, opens a menu and takes a snapshot without a mouse', async () => {
		// Setting up with the mouse: an account and a board to come back to.
		const setup = await session.newPage();
		await register(setup.page, chair);
		await setup.page.goto('/boards/new');
		const boardPath = await createBoard(setup.page, 'Keyboard journey board', 'Shadow trust template');
		await setup.context.close();

		const { page } = await session.newPage({ width: 1280, height: 800 });
		await page.goto('/login');
		await expectAccessible(page, 'sign in');
		await tabTo(page, (el) => el.label === 'Username');
		await page.keyboard.type(chair.username);
		await tabTo(page, (el) => el.label.startsWith('Password'));
		await page.keyboard.type(chair.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => url.pathname === '/');
		await expectAccessible(page, 'my boards');

		await tabTo(page, (el) => el.text === 'Keyboard journey board');
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => url.pathname === boardPath);
		await waitLive(page);
		await expectAccessible(page, 'board');

		// The tabs, then the model grid as one stop; arrows inside it.
		await tabTo(page, (el) => el.role === 'tab');
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('Enter');
		const grid = page.locator('#models-grid');
		await grid.waitFor();
		await expectAccessible(page, 'board, model grid');
		await tabTo(page, (el) => el.id === 'models-grid');
		const activeCell = () =>
			grid.evaluate((el) => {
				const cell = el.querySelector<HTMLElement>(`#${el.getAttribute('aria-activedescendant')}`);
				return { row: cell?.dataset.row ?? '', col: cell?.dataset.col ?? '' };
			});
		await page.keyboard.press('Home');
		for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowDown');
		const target = await activeCell();
		expect(target.col).toMatch(/^crit-/);
		await page.keyboard.type('3');
		await expectAccessible(page, 'editing a score');
		await page.keyboard.press('Enter');
		await expect.poll(() => grid.locator(`[data-row="${target.row}"][data-col="${target.col}"]`).textContent()).toMatch(/3/);

		// Tab walks the cells as in a spreadsheet, so Escape is the one key that steps out: the next Tab goes on past the grid.
		await page.keyboard.press('Escape');
		await page.keyboard.press('Tab');
		const pastTheGrid = await page.evaluate(() => {
			const grid = document.getElementById('models-grid');
			const now = document.activeElement;
			return Boolean(grid && now && !grid.contains(now) && grid.compareDocumentPosition(now) & Node.DOCUMENT_POSITION_FOLLOWING);
		});
		expect(pastTheGrid).toBe(true);

		// A menu: Versions, opened with Enter, its first item (Take snapshot) chosen with Enter.
		// Inside the grid Shift+Tab moves back cell by cell, as in a spreadsheet, and leaves it at the first cell.
		await tabTo(page, (el) => el.text.startsWith('Versions'), 'Shift+Tab', 200);
		await page.keyboard.press('Enter');
		await page.getByRole('menu').waitFor();
		await expectAccessible(page, 'versions menu');
		await tabTo(page, (el) => el.role === 'menuitem' && el.text === 'Take snapshot…', 'ArrowDown', 10);
		await page.keyboard.press('Enter');
		const dialog = page.getByRole('dialog', { name: 'Take a snapshot' });
		await dialog.waitFor();
		await expectAccessible(page, 'take snapshot dialog');
		await tabTo(page, (el) => el.label.startsWith('Title'));
		await page.keyboard.type('Scored by keyboard');
		await page.keyboard.press('Enter');
		await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
		await expect.poll(() => page.getByRole('link', { name: 'Scored by keyboard' }).count()).toBe(1);
		await expectAccessible(page, 'board after the snapshot');
	}, 240_000);
});
