import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, createBoard, createInvite, register, useBrowserSession, waitLive } from '../support/browser.ts';
import { lockFromMenu, padlocksCovering, scopeCell } from '../support/board-page.ts';
import * as template from '../../src/lib/board/template.ts';
import { expectAccessible } from '../support/axe.ts';

/**
 * The grids on every screen: on a phone the frozen name column leaves room to see and edit the column beside
 * it (the name whole for a screen reader and on hover), and a padlock never sits on a header's chip or a
 * cell's value, at laptop, tablet and phone widths, with large text on or off; on a tablet with large text the
 * criteria keep half the model grid; a model's figures and chips stay inside their cells; on a phone neither the grid's message nor a notice covers the cell being
 * edited, nor a notice the message; and on paper the board prints without its controls, every column of the
 * model grid across the pages in type that can be read.
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };

const WIDTHS = [1440, 1024, 390] as const;

/** The chair's page on a template board, made by the first test that asks and shared by the next. */
let chairPage: { page: Page; boardPath: string } | null = null;
async function templateBoard(): Promise<{ page: Page; boardPath: string }> {
	if (!chairPage) {
		const { boardPath, chair: a } = await boardWithMembers(session, chair, []);
		chairPage = { page: a.page, boardPath };
	}
	return chairPage;
}

/** Another template board of the chair's, untouched by the locks and scores of the tests before. */
async function freshBoard(title: string): Promise<{ page: Page; boardPath: string }> {
	const { page } = await templateBoard();
	await page.goto('/boards/new');
	return { page, boardPath: await createBoard(page, title, 'Shadow trust template') };
}

async function setLargeText(page: Page, on: boolean) {
	const button = page.getByRole('button', { name: 'Large text' });
	if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click();
	await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('large-text'))).toBe(on);
}

/** How far the page scrolls sideways: nothing on it may be wider than the screen. */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** How much of the grid's width the name column takes, and how many pixels of the next column show beside it. */
async function besideTheName(page: Page, grid: string, rowId: string, nameCol: string, nextCol: string) {
	await page.waitForTimeout(300);
	const box = async (selector: string) => {
		const found = await page.locator(selector).boundingBox();
		if (!found) throw new Error(`${selector} is not shown`);
		return found;
	};
	const area = await box(grid);
	const name = await box(`${grid} [data-row="${rowId}"][data-col="${nameCol}"]`);
	const next = await box(`${grid} [data-row="${rowId}"][data-col="${nextCol}"]`);
	// Enough of the next column to read and edit it: all of it, or at least 7.5 rem (a number or a status chip).
	const shown = Math.min(next.x + next.width, area.x + area.width) - next.x;
	return { nameShare: name.width / area.width, nextUsable: shown >= Math.min(next.width, 120) - 1 };
}

describe('the grids on a small screen', () => {
	it('leave room beside the frozen name column on a phone, with the name whole for a screen reader and on hover', async () => {
		const { boardPath, page } = await templateBoard();
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(boardPath);
		await waitLive(page);
		for (const large of [false, true]) {
			await setLargeText(page, large);
			await page.getByRole('tab', { name: 'Scope of services' }).click();
			const scope = await besideTheName(page, '#scope-grid', 'svc-front-door', 'col-service', 'col-decision');
			expect(scope.nameShare, `service column share, large text ${large}`).toBeLessThanOrEqual(0.5);
			expect(scope.nextUsable, `decision column shown, large text ${large}`).toBe(true);
			expect(await sideways(page), `the page beside the scope tab, large text ${large}`).toBe(0);
			const service = page.locator('#scope-grid [data-row="svc-front-door"][data-col="col-service"]');
			expect(await service.textContent()).toContain('Front door / multi-agency safeguarding hub');
			expect(await service.getAttribute('title')).toBe('Front door / multi-agency safeguarding hub');

			await page.getByRole('tab', { name: 'Delivery models' }).click();
			await page.locator('#models-grid').waitFor();
			const models = await besideTheName(page, '#models-grid', 'model-cic', '@name', '@status');
			expect(models.nameShare, `model column share, large text ${large}`).toBeLessThanOrEqual(0.5);
			expect(models.nextUsable, `status column shown, large text ${large}`).toBe(true);
			// The chair's round and interest forms and the what-if weights below the grid fit the phone too.
			await page.getByTestId('what-if').locator('summary').click();
			expect(await sideways(page), `the page beside the model tab, large text ${large}`).toBe(0);
			await page.getByTestId('what-if').locator('summary').click();
		}
		await setLargeText(page, false);

		// A laptop keeps the names at their full width, and the model's results frozen beside it.
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.waitForTimeout(300);
		const name = page.locator('#models-grid [data-row="model-cic"][data-col="@name"]');
		expect(await name.getAttribute('title')).toBeNull();
		await page.locator('#models-grid').evaluate((grid) => (grid.scrollLeft = 2000));
		const rank = await page.locator('#models-grid [data-row="model-cic"][data-col="@rank"]').boundingBox();
		const area = await page.locator('#models-grid').boundingBox();
		expect(rank && area && rank.x + rank.width <= area.x + area.width && rank.x >= area.x).toBe(true);
	});

	it('keep padlocks clear of header chips and cell values at every width, with large text on or off', async () => {
		const { boardPath, page } = await templateBoard();
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(boardPath);
		await waitLive(page);
		// A service row locked: every one of its cells shows a padlock beside a chip or a name.
		await page.getByRole('tab', { name: 'Scope of services' }).click();
		await page.locator('#scope-grid [data-row="svc-fostering"][data-col="col-decision"]').click();
		await lockFromMenu(page, /^Lock this service/);
		await page.getByRole('tab', { name: 'Delivery models' }).click();
		await page.locator('#models-grid [data-row="model-cic"][data-col="crit-scope"]').click();
		// The weights locked: a padlock on every criterion header, beside the red Gate chips.
		await lockFromMenu(page, /^Lock the weights/);
		await lockFromMenu(page, /^Lock this model/);
		await expect.poll(() => page.locator('#models-grid [role=columnheader] [data-testid=lock-mark]').count()).toBeGreaterThan(10);
		const covered: string[] = [];
		for (const large of [false, true]) {
			await setLargeText(page, large);
			for (const tab of ['Scope of services', 'Delivery models'] as const) {
				await page.getByRole('tab', { name: tab }).click();
				const grid = tab === 'Scope of services' ? '#scope-grid' : '#models-grid';
				for (const width of WIDTHS) {
					await page.setViewportSize({ width, height: 900 });
					await page.waitForTimeout(300);
					for (const what of await padlocksCovering(page, grid))
						covered.push(`${tab} at ${width} px${large ? ', large text' : ''}: ${what}`);
				}
				await page.setViewportSize({ width: 1440, height: 900 });
			}
		}
		expect(covered).toEqual([]);
		await setLargeText(page, false);
	});

	it('give the criteria at least half of a tablet’s width with large text, the names still frozen', async () => {
		const { boardPath, page } = await templateBoard();
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.goto(boardPath);
		await waitLive(page);
		await setLargeText(page, true);
		await page.getByRole('tab', { name: 'Delivery models' }).click();
		await page.locator('#models-grid').waitFor();
		await page.waitForTimeout(300);
		const { criteriaShare, nameShown } = await page.locator('#models-grid').evaluate((grid) => {
			const area = grid.getBoundingClientRect();
			const cells = [...grid.querySelectorAll<HTMLElement>('[data-row="model-cic"][role=gridcell]')];
			const frozenEdge = Math.max(...cells.filter((c) => c.style.position === 'sticky').map((c) => c.getBoundingClientRect().right));
			grid.scrollLeft = 2000;
			const name = grid.querySelector('[data-row="model-cic"][data-col="@name"]')!.getBoundingClientRect();
			grid.scrollLeft = 0;
			return {
				criteriaShare: (area.left + grid.clientWidth - frozenEdge) / grid.clientWidth,
				nameShown: name.left >= area.left && name.right <= area.right
			};
		});
		expect(criteriaShare).toBeGreaterThanOrEqual(0.5);
		expect(nameShown).toBe(true);
		await setLargeText(page, false);
	});

	it('keep every figure and chip of the model grid inside its cell at every width, with large text on or off', async () => {
		const { boardPath, page } = await freshBoard('Knock-out board');
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(boardPath);
		await waitLive(page);
		await page.getByRole('tab', { name: 'Delivery models' }).click();
		// A gate failed: the model's rank says "Knocked out", the widest thing its narrow column holds.
		const gate = page.locator('#models-grid [data-row="model-cic"][data-col="crit-scope"]');
		await gate.click();
		await page.keyboard.type('0');
		await page.keyboard.press('Enter');
		const rank = page.locator('#models-grid [data-row="model-cic"] [data-testid="model-rank"]');
		await expect.poll(() => rank.textContent()).toContain('Knocked out');
		await expectAccessible(page, 'the model grid with a knocked-out model');
		const spilled: string[] = [];
		for (const large of [false, true]) {
			await setLargeText(page, large);
			for (const width of WIDTHS) {
				await page.setViewportSize({ width, height: 900 });
				await page.waitForTimeout(300);
				const found = await page.locator('#models-grid').evaluate((grid) =>
					[...grid.querySelectorAll<HTMLElement>('[role=gridcell] [data-testid^="model-"]')].flatMap((shown) => {
						const cell = shown.closest('[role=gridcell]')!.getBoundingClientRect();
						const box = shown.getBoundingClientRect();
						const inside =
							box.left >= cell.left - 0.5 && box.right <= cell.right + 0.5 && box.top >= cell.top - 0.5 && box.bottom <= cell.bottom + 0.5;
						return inside || box.width === 0
							? []
							: [`${shown.closest<HTMLElement>('[role=gridcell]')!.dataset.col}: ${shown.textContent?.trim()}`];
					})
				);
				for (const what of found) spilled.push(`${width} px${large ? ', large text' : ''}: ${what}`);
			}
		}
		await page.setViewportSize({ width: 1440, height: 900 });
		await setLargeText(page, false);
		expect(spilled).toEqual([]);
	});

	it('keep the grid where it is when a message comes, the message whole on screen, at every width', async () => {
		const { boardPath, page } = await templateBoard();
		const moved: string[] = [];
		for (const width of WIDTHS) {
			await page.setViewportSize({ width, height: 800 });
			await page.goto(boardPath);
			await waitLive(page);
			// The tests before may have left the model grid's tab chosen, which the board remembers.
			await page.getByRole('tab', { name: 'Scope of services' }).click();
			const grid = page.locator('#scope-grid');
			// Nothing of mine to undo on a fresh page: Ctrl+Z in the grid says so.
			await scopeCell(page, 'svc-early-help', 'col-statutory').click();
			await page.waitForTimeout(300);
			const before = (await grid.boundingBox())?.y;
			await page.keyboard.press('Control+z');
			const message = page.getByTestId('grid-message');
			await expect.poll(() => message.textContent()).toContain('Nothing of yours to undo');
			await page.waitForTimeout(300);
			const after = (await grid.boundingBox())?.y;
			if (before !== after) moved.push(`${width} px: the grid moved from ${before} to ${after}`);
			const box = await message.boundingBox();
			expect(box, `${width} px: the message is not shown`).not.toBeNull();
			expect(box!.x).toBeGreaterThanOrEqual(0);
			expect(box!.x + box!.width).toBeLessThanOrEqual(width);
			expect(box!.y + box!.height).toBeLessThanOrEqual(800);
		}
		expect(moved).toEqual([]);
		await page.setViewportSize({ width: 1440, height: 900 });
	});

	it('keep notices and the grid’s message off the cell being edited on a phone, and notices off the message', async () => {
		const { boardPath, page: chairTab } = await templateBoard();
		await chairTab.setViewportSize({ width: 1440, height: 900 });
		await chairTab.goto(`${boardPath}/settings`);
		const invite = await createInvite(chairTab, 'Editor');
		const { context, page } = await session.newPage({ width: 390, height: 844 });
		try {
			await register(page, { username: 'phone', displayName: 'Sam Okafor', password: 'a long pass phrase' }, invite);
			await page.goto(boardPath);
			await waitLive(page);
			await chairTab.goto(boardPath);
			await waitLive(chairTab);
			await page.getByRole('tab', { name: 'Scope of services' }).click();
			// A cell at the foot of the screen, where the message floats and notices come.
			const cell = scopeCell(page, 'svc-fostering', 'col-statutory');
			await cell.evaluate((element) => element.scrollIntoView({ block: 'end' }));
			await cell.click();
			await page.keyboard.press('Control+z');
			await expect.poll(() => page.getByTestId('grid-message').textContent()).toContain('Nothing of yours to undo');
			await page.keyboard.press('Enter');
			// Three notices come while the member edits, before the message fades.
			const ask = chairTab.getByRole('button', { name: 'Ask everyone to follow' });
			for (let i = 0; i < 3; i++) await ask.click();
			await expect.poll(() => page.getByTestId('notice').count()).toBe(3);
			await page.waitForTimeout(300);
			const covered = await page.evaluate(() => {
				type Box = { left: number; right: number; top: number; bottom: number };
				const overlaps = (a: Box, b: Box) =>
					Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
				const focused = document.activeElement as HTMLElement;
				const pointed = focused.getAttribute('aria-activedescendant');
				const edited = ((pointed && document.getElementById(pointed)) || focused).getBoundingClientRect();
				const message = document.querySelector('[data-testid="grid-message"]')!.getBoundingClientRect();
				const notices = [...document.querySelectorAll('[data-testid="notice"]')].map((notice) => notice.getBoundingClientRect());
				const found: string[] = [];
				if (edited.bottom > innerHeight || edited.top < 0) found.push('the edited cell is off screen');
				if (message.height === 0) found.push('the message is not shown');
				if (overlaps(message, edited)) found.push('the message covers the edited cell');
				if (getComputedStyle(document.querySelector('[aria-label="Notices"]')!).clipPath !== 'none')
					found.push('the notices are not shown');
				for (const [i, notice] of notices.entries()) {
					if (overlaps(notice, edited)) found.push(`notice ${i + 1} covers the edited cell`);
					if (overlaps(notice, message)) found.push(`notice ${i + 1} covers the message`);
					if (notice.top < 0 || notice.bottom > innerHeight) found.push(`notice ${i + 1} is off screen`);
				}
				return found;
			});
			expect(await page.getByTestId('notice').count()).toBe(3);
			expect(covered).toEqual([]);
			await expectAccessible(page, 'a phone with notices, the grid’s message and a cell editor open');
		} finally {
			await context.close();
		}
	});

	it('print the board without its controls, every criterion at a readable size, whichever tab is open', async () => {
		const { boardPath, page } = await templateBoard();
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(boardPath);
		await waitLive(page);
		await setLargeText(page, true);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-print-'));
		try {
			for (const tab of ['Scope of services', 'Delivery models'] as const) {
				await page.getByRole('tab', { name: tab }).click();
				await page.locator(tab === 'Scope of services' ? '#scope-grid' : '#models-grid').waitFor();
				const file = path.join(dir, 'board.pdf');
				await page.pdf({ path: file, preferCSSPageSize: true });
				const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
				expect(text).toContain('Shadow trust board');
				for (const control of ['Versions', 'Members and settings', 'Large text', 'Show side panel', 'Hide side panel', 'Skip past', 'Live'])
					expect(text, `${tab}: "${control}" printed`).not.toContain(control);
				if (tab === 'Delivery models') {
					// The first criterion and the last, at the far right of the grid, and every model.
					expect(text).toContain('Accom');
					expect(text).toContain('VAT');
					for (const model of ['In-house', 'Co-operative']) expect(text).toContain(model);
				} else {
					expect(text).toContain('Corporate parenting');
				}
			}

			// What goes on paper, measured as the browser lays it out for print: no type under 8 pt (10.67 px),
			// and each part of the grid as wide as an A4 landscape page at most (277 mm inside its margins).
			await page.emulateMedia({ media: 'print' });
			await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
			const paper = page.locator('.print-grid');
			await expect.poll(() => paper.textContent()).toContain('In-house');
			const { smallest, widest, parts } = await paper.evaluate((grid) => {
				let smallest = Infinity;
				const texts = document.createTreeWalker(grid, NodeFilter.SHOW_TEXT);
				for (let node = texts.nextNode(); node; node = texts.nextNode()) {
					const parent = node.parentElement;
					if (!parent || !node.textContent?.trim() || parent.closest('.sr-only')) continue;
					if (parent.getClientRects().length === 0) continue;
					smallest = Math.min(smallest, Number.parseFloat(getComputedStyle(parent).fontSize));
				}
				const tables = [...grid.querySelectorAll('table')];
				return { smallest, widest: Math.max(...tables.map((t) => t.getBoundingClientRect().width)), parts: tables.length };
			});
			expect(smallest).toBeGreaterThanOrEqual(10.6);
			expect(widest).toBeLessThanOrEqual((277 / 25.4) * 96);
			expect(parts).toBeGreaterThan(1);
		} finally {
			await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
			await page.emulateMedia({ media: 'screen' });
			await setLargeText(page, false);
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('print every row whole on one page, and the criteria’s names broken only between words', async () => {
		const { boardPath, page } = await freshBoard('Printed board');
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(boardPath);
		await waitLive(page);
		// Print media, as the browser's print (an earlier test may have left the screen's emulated).
		await page.emulateMedia({ media: null });
		// Rows made tall by long notes, so that page breaks fall across rows many times over.
		await page.getByRole('tab', { name: 'Scope of services' }).click();
		await scopeCell(page, template.SCOPE_ROWS[0]!.id, template.TEMPLATE_COLUMN_IDS.notes).click();
		const filler = 'the board heard the lead officer on the service and noted the risks raised by members at length';
		const notes = template.SCOPE_ROWS.map((_, i) => `Note ${i + 1} starts: ${filler}, ${filler}, ${filler}; note ${i + 1} ends.`);
		await page.evaluate((tsv) => {
			const data = new DataTransfer();
			data.setData('text/plain', tsv);
			document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
		}, notes.join('\n'));
		await expect
			.poll(() => scopeCell(page, template.SCOPE_ROWS.at(-1)!.id, template.TEMPLATE_COLUMN_IDS.notes).textContent())
			.toContain('ends');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-print-'));
		/** The text of each printed page in the order it is drawn, one cell's lines after another, spaces made one. */
		const pages = (file: string) => {
			const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
			return Array.from({ length: count }, (_, i) =>
				execFileSync('pdftotext', ['-raw', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' })
					.replace(/\s+/g, ' ')
					.replace(/- /g, '-')
			);
		};
		try {
			for (const [tab, rows] of [
				['Scope of services', [...template.SCOPE_ROWS.map((row) => row.service), ...notes]],
				['Delivery models', template.MODELS.map((model) => model.name)]
			] as const) {
				await page.getByRole('tab', { name: tab }).click();
				await page.locator(tab === 'Scope of services' ? '#scope-grid' : '#models-grid').waitFor();
				const file = path.join(dir, 'board.pdf');
				await page.pdf({ path: file, preferCSSPageSize: true });
				const printed = pages(file);
				expect(printed.length, tab).toBeGreaterThan(1);
				expect(
					printed.flatMap((text, i) => (text.trim() ? [] : [i + 1])),
					`${tab}: blank pages`
				).toEqual([]);
				// A row cut by a page break leaves the first lines of its cells on one page and the rest on the next.
				const split = rows.filter((text) => !printed.some((page) => page.includes(text)));
				expect(split, `${tab}: rows not whole on any page`).toEqual([]);
				if (tab === 'Delivery models') {
					const words = new Set(printed.join(' ').split(' '));
					const broken = template.CRITERIA.flatMap((criterion) => criterion.name.split(' ')).filter((word) => !words.has(word));
					expect(broken, 'criterion name words broken across lines').toEqual([]);
				}
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
