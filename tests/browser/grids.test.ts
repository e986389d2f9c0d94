import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * The two grids in real Chromium against the production build: a chair and an
 * editor co-edit a board made from the shadow trust template while an observer
 * watches. Pasting a block from a spreadsheet, scoring models, keyboard
 * navigation, live totals and ranks, and an observer who cannot change anything. Then the chair reshapes
 * the appraisal: a new criterion heading, a 1-10 scale, a model's description, and an area folded from
 * the keyboard.
 */

const session = useBrowserSession();

const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };
const observer = { username: 'observer', displayName: 'Dana Reid', password: 'observer pass phrase' };

const cell = (page: Page, grid: 'scope-grid' | 'models-grid', rowId: string, colId: string) =>
	page.locator(`#${grid} [data-row="${rowId}"][data-col="${colId}"]`);

const activeCell = (page: Page, grid: 'scope-grid' | 'models-grid') =>
	page.locator(`#${grid} [data-active]`).evaluate((el: HTMLElement) => `${el.dataset.row}/${el.dataset.col}`);

/** What Excel or Google Sheets delivers on Ctrl+V: a paste event carrying tab-separated text. */
async function paste(page: Page, text: string) {
	await page.evaluate((tsv) => {
		const data = new DataTransfer();
		data.setData('text/plain', tsv);
		document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
	}, text);
}

/** The criteria (by id) in the columns a heading's band spans. */
const criteriaUnder = (page: Page, heading: string) =>
	page.locator('#models-grid').evaluate((grid, name) => {
		const band = [...grid.querySelectorAll('[role=columnheader][aria-colspan]')].find(
			(h) => h.textContent?.replace('▾', '').trim() === name
		);
		if (!band) return [];
		const start = Number(band.getAttribute('aria-colindex'));
		const end = start + Number(band.getAttribute('aria-colspan'));
		const row = grid.querySelector('[role=row]:has([data-row])');
		return [...(row?.querySelectorAll<HTMLElement>('[data-col]') ?? [])]
			.filter((c) => Number(c.getAttribute('aria-colindex')) >= start && Number(c.getAttribute('aria-colindex')) < end)
			.map((c) => c.dataset.col);
	}, heading);

async function openTab(page: Page, name: 'Scope of services' | 'Delivery models') {
	await page.getByRole('tab', { name }).click();
	await page.locator(name === 'Scope of services' ? '#scope-grid' : '#models-grid').waitFor();
}

describe('the scope and model grids', () => {
	it('are co-edited like a spreadsheet, with live totals and ranks, are read-only for observers, and are reshaped by the chair', async () => {
		const {
			boardPath,
			chair: a,
			members: [b, c]
		} = await boardWithMembers(session, chair, [
			{ person: editor, role: 'Editor' },
			{ person: observer, role: 'Observer' }
		]);
		await a.page.goto(boardPath);
		for (const { page } of [a, b, c]) {
			await page.waitForURL((url) => url.pathname === boardPath);
			await waitLive(page);
			await openTab(page, 'Scope of services');
			await expect.poll(() => cell(page, 'scope-grid', 'svc-adoption', 'col-service').textContent()).toContain('Adoption');
		}

		// Keyboard: arrows, Tab and Shift+Tab move; Enter edits; Escape cancels; typing replaces; Enter commits and moves down.
		await cell(a.page, 'scope-grid', 'svc-front-door', 'col-service').click();
		await a.page.keyboard.press('ArrowDown');
		expect(await activeCell(a.page, 'scope-grid')).toBe('svc-early-help/col-service');
		// The area column repeats the group heading, so it starts hidden: Tab goes from the service to its decision.
		await a.page.keyboard.press('Tab');
		expect(await activeCell(a.page, 'scope-grid')).toBe('svc-early-help/col-decision');
		await a.page.keyboard.press('Shift+Tab');
		await a.page.keyboard.press('ArrowRight');
		await a.page.keyboard.press('ArrowRight');
		expect(await activeCell(a.page, 'scope-grid')).toBe('svc-early-help/col-statutory');
		await a.page.keyboard.press('Enter');
		await a.page.keyboard.type('Nothing to keep', { delay: 10 });
		await a.page.keyboard.press('Escape');
		expect(await a.page.locator('#scope-grid input').count()).toBe(0);
		expect((await cell(a.page, 'scope-grid', 'svc-early-help', 'col-statutory').textContent())?.trim()).toBe('blank');
		await a.page.keyboard.type('Children Act 1989, section 17', { delay: 10 });
		await a.page.keyboard.press('Enter');
		expect(await activeCell(a.page, 'scope-grid')).toBe('svc-assessment/col-statutory');
		await expect
			.poll(() => cell(b.page, 'scope-grid', 'svc-early-help', 'col-statutory').textContent(), { timeout: 10_000 })
			.toContain('Children Act 1989, section 17');

		// The editor pastes a 5 x 3 block from a spreadsheet: statutory basis, budget (£k) and staff for five services.
		await cell(b.page, 'scope-grid', 'svc-assessment', 'col-statutory').click();
		await paste(
			b.page,
			[
				'Children Act 1989, Part III\t1250\t30.5',
				'Children Act 1989, section 17\t800\t12',
				'Children Act 1989\t"2,000"\t41',
				'Children Act 1989, section 47\t3100\t55',
				'Children Act 1989, section 25B\t450\t6'
			].join('\r\n') + '\r\n'
		);
		for (const { page } of [a, b, c]) {
			await expect
				.poll(() => cell(page, 'scope-grid', 'svc-assessment', 'col-budget').textContent(), { timeout: 10_000 })
				.toContain('£1,250k');
			await expect.poll(() => cell(page, 'scope-grid', 'svc-lado', 'col-staff').textContent()).toContain('55');
			// Of the five, assessment, child protection and children in care transfer; IROs and LADO are undecided.
			await expect.poll(() => page.getByTestId('summary-row').first().textContent()).toMatch(/Transfer to trust\s*9\s*£2,500k\s*48\.5/);
		}
		// One paste, one undo step: Ctrl+Z takes the whole block back, for everyone.
		await cell(b.page, 'scope-grid', 'svc-assessment', 'col-budget').click();
		await b.page.keyboard.press('Control+z');
		await expect
			.poll(() => cell(a.page, 'scope-grid', 'svc-children-in-care', 'col-budget').textContent(), { timeout: 10_000 })
			.not.toContain('£');
		expect(await cell(a.page, 'scope-grid', 'svc-child-protection', 'col-statutory').textContent()).not.toContain('section 17');
		await b.page.keyboard.press('Control+Shift+z');
		await expect
			.poll(() => cell(a.page, 'scope-grid', 'svc-children-in-care', 'col-budget').textContent(), { timeout: 10_000 })
			.toContain('£450k');
		// The chair's own undo takes back the chair's edit, not the editor's paste.
		await cell(a.page, 'scope-grid', 'svc-lado', 'col-budget').click();
		await a.page.keyboard.press('Control+z');
		await expect.poll(() => cell(a.page, 'scope-grid', 'svc-early-help', 'col-statutory').textContent()).not.toContain('section 17');
		expect(await cell(a.page, 'scope-grid', 'svc-lado', 'col-budget').textContent()).toContain('£3,100k');

		// Scoring: the editor pastes five models' scores on all 19 criteria (5 on the four strategic gates and on VAT,
		// the same score on the 14 weighted criteria) and types more; everyone sees totals, percentages and ranks change.
		for (const { page } of [a, b, c]) await openTab(page, 'Delivery models');
		await cell(b.page, 'models-grid', 'model-in-house', 'crit-scope').click();
		const scoredRow = (weighted: number) => [5, 5, 5, 5, ...Array<number>(14).fill(weighted), 5].join('\t');
		await paste(b.page, [1, 2, 3, 4, 4].map(scoredRow).join('\n') + '\n');
		const total = (page: Page, id: string) => cell(page, 'models-grid', id, '@total').textContent();
		const rank = (page: Page, id: string) => cell(page, 'models-grid', id, '@rank').textContent();
		for (const { page } of [a, c]) {
			await expect.poll(() => total(page, 'model-council-company'), { timeout: 10_000 }).toContain('56');
			expect(await total(page, 'model-in-house')).toContain('14');
			expect((await rank(page, 'model-council-company'))?.trim()).toBe('1=');
			expect((await rank(page, 'model-mutual'))?.trim()).toBe('1=');
			expect((await rank(page, 'model-shared-service'))?.trim()).toBe('3');
			expect(await cell(page, 'models-grid', 'model-council-company', '@percent').textContent()).toContain('80.0%');
		}
		// Typing a score: the mutual fails the VAT knock-out, reads as discounted and drops out of the ranking; a
		// model scored on one criterion shows how far it has got instead of a rank.
		await cell(b.page, 'models-grid', 'model-mutual', 'crit-vat').click();
		await b.page.keyboard.type('0');
		await b.page.keyboard.press('Enter');
		await cell(b.page, 'models-grid', 'model-cic', 'crit-focus').click();
		await b.page.keyboard.press('Enter');
		await b.page.keyboard.type('5');
		await b.page.keyboard.press('Tab');
		expect(await activeCell(b.page, 'models-grid')).toBe('model-cic/crit-partnering');
		for (const { page } of [a, c]) {
			await expect.poll(() => rank(page, 'model-mutual'), { timeout: 10_000 }).toContain('Knocked out');
			expect(await cell(page, 'models-grid', 'model-mutual', '@status').textContent()).toContain('Discounted');
			await expect.poll(() => rank(page, 'model-council-company')).toMatch(/^\s*1\s*$/);
			await expect.poll(() => total(page, 'model-cic')).toContain('5');
			expect(await rank(page, 'model-cic')).toContain('1 of 19 scored');
		}
		// Presence: the chair sees where the editor is.
		await expect
			.poll(() => cell(a.page, 'models-grid', 'model-cic', 'crit-partnering').getByTestId('presence-label').textContent(), {
				timeout: 10_000
			})
			.toContain('Sam Okafor');

		// The observer sees everything but can change nothing: no edit controls, typing, Delete and paste do nothing.
		expect(await c.page.getByTestId('grid-view-only').isVisible()).toBe(true);
		expect(await c.page.getByRole('button', { name: '+ Model' }).count()).toBe(0);
		expect(await c.page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
		expect(await c.page.locator('#models-grid').getAttribute('aria-readonly')).toBe('true');
		await cell(c.page, 'models-grid', 'model-council-company', 'crit-scope').click();
		await c.page.keyboard.type('2');
		await c.page.keyboard.press('Enter');
		expect(await c.page.locator('#models-grid input').count()).toBe(0);
		await c.page.keyboard.press('Delete');
		await paste(c.page, '0\t0');
		await openTab(c.page, 'Scope of services');
		await cell(c.page, 'scope-grid', 'svc-adoption', 'col-service').click();
		await c.page.keyboard.type('Hacked');
		await c.page.keyboard.press('Backspace');
		expect(await c.page.locator('#scope-grid input').count()).toBe(0);
		expect(await c.page.getByRole('button', { name: '+ Service' }).count()).toBe(0);
		await a.page.waitForTimeout(500);
		expect(await cell(a.page, 'models-grid', 'model-council-company', 'crit-scope').textContent()).toContain('5');
		expect(await total(a.page, 'model-council-company')).toContain('56');
		await openTab(a.page, 'Scope of services');
		expect(await cell(a.page, 'scope-grid', 'svc-adoption', 'col-service').textContent()).toContain('Adoption');

		// Scope: the chair folds an area from the keyboard and unfolds it again; its heading row says which it is.
		await cell(a.page, 'scope-grid', 'svc-child-protection', 'col-service').click();
		await a.page.keyboard.press('Alt+ArrowLeft');
		const area = a.page.locator('#scope-grid [data-group="group:area-protection"]');
		await expect.poll(() => area.getAttribute('aria-expanded')).toBe('false');
		expect(await a.page.locator('#scope-grid').getAttribute('aria-activedescendant')).toBe(await area.getAttribute('id'));
		expect(await cell(a.page, 'scope-grid', 'svc-child-protection', 'col-service').count()).toBe(0);
		await expect.poll(() => a.page.getByTestId('grid-message').textContent()).toContain('Assessment and protection: collapsed, 4 services');
		await a.page.keyboard.press('ArrowUp');
		expect(await activeCell(a.page, 'scope-grid')).toBe('svc-early-help/col-service');
		await a.page.keyboard.press('ArrowDown');
		await a.page.keyboard.press('Enter');
		await expect.poll(() => area.getAttribute('aria-expanded')).toBe('true');
		await a.page.keyboard.press('ArrowDown');
		expect(await activeCell(a.page, 'scope-grid')).toBe('svc-assessment/col-service');

		// Headings: the chair adds "Governance" from the toolbar, taking the selected criterion with it, and moves
		// another criterion under it from that criterion's header menu. The editor sees both moves live.
		await openTab(a.page, 'Delivery models');
		await openTab(c.page, 'Delivery models');
		await cell(a.page, 'models-grid', 'model-cic', 'crit-control').click();
		await a.page.getByRole('button', { name: /^Heading/ }).click();
		await a.page.getByRole('menuitem', { name: 'Add a heading…' }).click();
		const dialog = a.page.getByRole('dialog');
		await dialog.getByLabel('Heading').fill('Governance');
		await dialog.getByRole('button', { name: 'Add heading' }).click();
		await a.page.getByRole('button', { name: /^Exposure to open procurement at contract end\b.*criterion menu$/ }).click();
		await a.page.getByRole('menuitem', { name: 'Move to heading' }).click();
		await a.page.getByRole('menuitemradio', { name: 'Governance' }).click();
		await expect.poll(() => criteriaUnder(b.page, 'Governance'), { timeout: 10_000 }).toEqual(['crit-control', 'crit-procurement']);
		expect(await criteriaUnder(b.page, 'Risk')).toEqual(['crit-complexity', 'crit-market', 'crit-untested']);

		// The scale: 1-10 is refused while it would strand the mutual's VAT score of 0, and the message names it.
		const scale = async (min: string, max: string) => {
			await a.page.getByTestId('scale-button').click();
			await dialog.getByLabel('Lowest score').fill(min);
			await dialog.getByLabel('Highest score').fill(max);
			await dialog.getByRole('button', { name: 'Change scale' }).click();
		};
		await scale('1', '10');
		expect(await dialog.getByRole('alert').textContent()).toContain(
			'1 score lies outside 1–10 (Employee-owned mutual – VAT recoverable within the timeframe: 0)'
		);
		await dialog.getByRole('button', { name: 'Cancel' }).click();
		await cell(a.page, 'models-grid', 'model-mutual', 'crit-vat').click();
		await a.page.keyboard.press('Delete');
		await scale('1', '10');
		await expect.poll(() => dialog.count()).toBe(0);
		await cell(a.page, 'models-grid', 'model-cic', 'crit-partnering').click();
		await a.page.keyboard.type('8');
		await a.page.keyboard.press('Enter');
		await expect.poll(() => c.page.getByText('Scores 1–10').count(), { timeout: 10_000 }).toBe(1);
		await expect.poll(() => total(c.page, 'model-cic')).toContain('13');

		// A model's description, written in the side panel, shows when the editor points at the model's name.
		await cell(a.page, 'models-grid', 'model-cic', '@name').click();
		await a.page.getByTestId('model-description').fill('A company that reinvests its surpluses in services for children.');
		await b.page.mouse.move(0, 0);
		await cell(b.page, 'models-grid', 'model-cic', '@name').hover();
		await expect.poll(() => b.page.getByTestId('cell-hint').textContent(), { timeout: 10_000 }).toContain('reinvests its surpluses');

		for (const context of [a.context, b.context, c.context]) await context.close();
	});
});
