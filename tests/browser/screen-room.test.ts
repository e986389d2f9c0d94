import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBoard, register, useBrowserSession, waitLive } from '../support/browser.ts';
import { expectAccessible } from '../support/axe.ts';

/**
 * The room a screen gives the grids: on a laptop, a tablet and a phone, with large text on or off, the first rows
 * of either grid show on the first screen under the controls above them, and the model grid's criteria are named
 * in headers that wrap between words, never inside one (Chromium on Linux has no hyphenation dictionary, so
 * `hyphens: auto` there breaks a word anywhere).
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };

const SCREENS = [
	{ width: 1440, height: 900 },
	{ width: 1024, height: 768 },
	{ width: 390, height: 844 }
] as const;

/** Criteria with long words, as boards name them; none over the 18 letters past which a word may be broken. */
const LONG_NAMES = [
	'Interoperability of case-management and commissioning systems',
	'Intergenerational responsibilities towards unaccompanied children'
];

let chairPage: Page | null = null;
async function signedIn(): Promise<Page> {
	if (!chairPage) {
		chairPage = (await session.newPage()).page;
		await register(chairPage, chair);
	}
	return chairPage;
}

async function newBoard(title: string): Promise<{ page: Page; boardPath: string }> {
	const page = await signedIn();
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto('/boards/new');
	return { page, boardPath: await createBoard(page, title, 'Shadow trust template') };
}

async function setLargeText(page: Page, on: boolean) {
	await page.evaluate((large) => localStorage.setItem('trustboard:large-text', large ? '1' : '0'), on);
}

/** The words of the model grid's column headers that the browser laid out over more than one line. */
function splitHeaderWords(page: Page, grid = '#models-grid'): Promise<string[]> {
	return page.locator(grid).evaluate((grid) => {
		const split: string[] = [];
		const headers = grid.querySelectorAll('[role=row]:last-child > [role=columnheader]');
		if (headers.length === 0) return ['(no column headers found)'];
		for (const header of headers) {
			const texts = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
			for (let node = texts.nextNode(); node; node = texts.nextNode()) {
				if (node.parentElement?.closest('.sr-only')) continue;
				for (const word of node.textContent!.matchAll(/\S+/g)) {
					if (word[0].length > 18) continue;
					const range = document.createRange();
					range.setStart(node, word.index);
					range.setEnd(node, word.index + word[0].length);
					const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
					if (lines.size > 1) split.push(word[0]);
				}
			}
		}
		return split;
	});
}

/** Where the grid's first row ends, below the top of the page as it opens. */
function firstRowBottom(page: Page, grid: string): Promise<number> {
	return page
		.locator(`${grid} > [role=rowgroup]:nth-of-type(2) > [role=row]`)
		.first()
		.evaluate((row) => row.getBoundingClientRect().bottom);
}

async function openTab(page: Page, tab: 'Scope of services' | 'Delivery models') {
	await page.getByRole('tab', { name: tab }).click();
	await page.locator(tab === 'Delivery models' ? '#models-grid' : '#scope-grid').waitFor();
	// Its columns beyond the screen's edge come once it has been painted; the page back at its top.
	await page.waitForTimeout(400);
	await page.evaluate(() => window.scrollTo(0, 0));
}

describe('the room for the grids on every screen', () => {
	it('shows the first rows of each grid on the first screen at every width, with large text on or off', async () => {
		const { page, boardPath } = await newBoard('First screen board');
		const below: string[] = [];
		for (const large of [false, true]) {
			for (const screen of SCREENS) {
				await page.setViewportSize(screen);
				await setLargeText(page, large);
				await page.goto(boardPath);
				await waitLive(page);
				for (const [tab, grid] of [
					['Scope of services', '#scope-grid'],
					['Delivery models', '#models-grid']
				] as const) {
					await openTab(page, tab);
					const bottom = await firstRowBottom(page, grid);
					if (bottom > screen.height) below.push(`${tab} at ${screen.width} px${large ? ', large text' : ''}: ${Math.round(bottom)} px`);
				}
				if (screen.width === 390 && large) await expectAccessible(page, 'the model grid on a phone with large text');
			}
		}
		await setLargeText(page, false);
		expect(below).toEqual([]);
	});

	it('wraps the model grid’s headers only between words, on the template and with long names', async () => {
		const { page, boardPath } = await newBoard('Long names board');
		await page.goto(boardPath);
		await waitLive(page);
		await openTab(page, 'Delivery models');
		for (const name of LONG_NAMES) {
			await page.getByRole('button', { name: '+ Criterion' }).click();
			const dialog = page.getByRole('dialog', { name: 'Add a criterion' });
			await dialog.getByLabel('Name', { exact: true }).fill(name);
			await dialog.getByRole('button', { name: 'Add criterion' }).click();
			await expect.poll(() => dialog.count()).toBe(0);
		}
		const split: string[] = [];
		for (const large of [false, true]) {
			for (const screen of SCREENS) {
				await page.setViewportSize(screen);
				await setLargeText(page, large);
				await page.goto(boardPath);
				await waitLive(page);
				await openTab(page, 'Delivery models');
				expect(await page.locator('#models-grid').textContent()).toContain(LONG_NAMES[1]);
				for (const word of await splitHeaderWords(page)) split.push(`${screen.width} px${large ? ', large text' : ''}: ${word}`);
			}
		}
		await setLargeText(page, false);
		expect(split).toEqual([]);
	});

	it('wraps the scope grid’s headers only between words, the frozen name column on a phone too', async () => {
		const { page, boardPath } = await newBoard('Scope headers board');
		const split: string[] = [];
		for (const large of [false, true]) {
			for (const screen of SCREENS) {
				await page.setViewportSize(screen);
				await setLargeText(page, large);
				await page.goto(boardPath);
				await waitLive(page);
				await openTab(page, 'Scope of services');
				for (const word of await splitHeaderWords(page, '#scope-grid'))
					split.push(`${screen.width} px${large ? ', large text' : ''}: ${word}`);
			}
		}
		await setLargeText(page, false);
		expect(split).toEqual([]);
	});
});
