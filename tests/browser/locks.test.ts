import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';
import { violations } from '../support/axe.ts';
import { lockFromMenu } from '../support/board-page.ts';

/**
 * The chair locks what the board has agreed; an editor in another browser sees the padlocks, is told why
 * typing and Delete do nothing there, and can edit again once the chair unlocks. The locks list and the
 * board's open comments sit in the side panel; everything stays free of axe violations with locks showing.
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };

const cell = (page: Page, row: string, col: string) => page.locator(`#scope-grid [data-row="${row}"][data-col="${col}"]`);
const budget = (page: Page) => cell(page, 'svc-adoption', 'col-budget');
const notes = (page: Page) => cell(page, 'svc-fostering', 'col-notes');

async function shoot(page: Page, name: string) {
	fs.mkdirSync('.shots', { recursive: true });
	for (const width of [1440, 1024, 390]) {
		await page.setViewportSize({ width, height: 900 });
		await page.waitForTimeout(300);
		await page.screenshot({ path: `.shots/${name}-${width}.png`, fullPage: width === 390 });
	}
	await page.setViewportSize({ width: 1440, height: 900 });
}

describe('locks', () => {
	it('hold a row and a cell still for an editor in another browser until the chair unlocks them', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, chair, [{ person: editor, role: 'Editor', viewport: { width: 1440, height: 900 } }]);
		await a.page.setViewportSize({ width: 1440, height: 900 });
		for (const page of [a.page, b.page]) {
			await page.goto(boardPath);
			await waitLive(page);
			await page.locator('#scope-grid').waitFor();
		}
		// An editor is offered no lock commands.
		expect(await b.page.getByTestId('lock-menu').count()).toBe(0);

		await budget(a.page).click();
		await lockFromMenu(a.page, /^Lock this service/);
		await notes(a.page).click();
		await lockFromMenu(a.page, /^Lock this cell/);
		await expect.poll(() => a.page.getByTestId('grid-message').textContent()).toContain('Locked Notes of Fostering');

		// The editor sees both padlocks, with who locked them for a screen reader.
		await expect.poll(() => budget(b.page).getByTestId('lock-mark').count(), { timeout: 10_000 }).toBe(1);
		await expect.poll(() => notes(b.page).getByTestId('lock-mark').count()).toBe(1);
		expect(await budget(b.page).getAttribute('aria-readonly')).toBe('true');
		expect(await budget(b.page).getByTestId('lock-mark').textContent()).toContain('locked by Priya Shah');
		const before = await budget(b.page).textContent();

		// Typing on the locked cell explains instead of opening an editor; Delete on the other does nothing either.
		await budget(b.page).click();
		await b.page.keyboard.type('5');
		expect(await budget(b.page).locator('input').count()).toBe(0);
		await expect.poll(() => b.page.getByTestId('grid-message').textContent()).toContain('Row Adoption is locked by Priya Shah');
		await notes(b.page).click();
		await b.page.keyboard.press('Delete');
		await expect.poll(() => b.page.getByTestId('grid-message').textContent()).toContain('Notes of Fostering is locked by Priya Shah');
		expect(await budget(b.page).textContent()).toBe(before);

		// The locks list says what, who and when; an editor may not unlock.
		const list = b.page.getByTestId('locks-list');
		await expect.poll(() => list.getByTestId('lock-entry').count()).toBe(2);
		expect(await list.textContent()).toMatch(/Row Adoption.*Priya Shah · \d{1,2} \w{3} \d{4}, \d{2}:\d{2} (GMT|BST)/s);
		expect(await list.getByRole('button', { name: /^Unlock/ }).count()).toBe(0);

		// A comment for the open-comments list and the notifications page.
		await cell(a.page, 'svc-fostering', 'col-budget').click();
		await a.page.getByTestId('new-comment').fill('@Sam Okafor can you check this figure before we agree it?');
		await a.page.getByRole('button', { name: 'Comment', exact: true }).click();
		await expect.poll(() => b.page.getByTestId('open-comments').getByTestId('open-comment').count(), { timeout: 10_000 }).toBe(1);

		expect(await violations(b.page), 'editor with locks showing').toEqual([]);
		expect(await violations(a.page), 'chair with locks showing').toEqual([]);
		await a.page.getByTestId('lock-menu').click();
		expect(await violations(a.page), 'the chair’s Lock menu').toEqual([]);
		await a.page.keyboard.press('Escape');
		await b.page.getByTestId('locks-list').scrollIntoViewIfNeeded();
		await shoot(b.page, 'locks-editor');
		// Below 1280 px the side panel is a drawer: the lists as a phone shows them.
		for (const width of [1024, 390]) {
			await b.page.setViewportSize({ width, height: 900 });
			await b.page.getByRole('button', { name: 'Show side panel' }).click();
			const drawer = b.page.getByTestId('side-panel-drawer');
			await drawer.getByTestId('locks-list').scrollIntoViewIfNeeded();
			expect(await violations(b.page), `side panel drawer at ${width}`).toEqual([]);
			await b.page.screenshot({ path: `.shots/locks-drawer-${width}.png` });
			await b.page.keyboard.press('Escape');
		}
		await b.page.setViewportSize({ width: 1440, height: 900 });
		await a.page.getByTestId('open-comments').scrollIntoViewIfNeeded();
		await shoot(a.page, 'locks-chair');
		// The model grid: a score cell and the weights locked, the padlocks on the cell and on every criterion's header.
		await a.page.getByRole('tab', { name: 'Delivery models' }).click();
		const score = a.page.locator('#models-grid [data-row="model-cic"][data-col="crit-scope"]');
		await score.click();
		await lockFromMenu(a.page, /^Lock this cell/);
		await lockFromMenu(a.page, /^Lock the weights/);
		await expect.poll(() => score.getByTestId('lock-mark').count()).toBe(1);
		expect(await violations(a.page), 'model grid with locks').toEqual([]);
		await shoot(a.page, 'locks-models');
		await a.page.getByRole('tab', { name: 'Scope of services' }).click();
		await b.page.goto('/notifications');
		await b.page.getByRole('heading', { level: 1 }).waitFor();
		expect(await violations(b.page), 'notifications').toEqual([]);
		await shoot(b.page, 'notifications');

		// The chair unlocks the row from the list and the cell from the menu; the editor's edit goes through.
		// A narrow screen closed the side panel; open it again.
		if ((await a.page.getByTestId('locks-list').count()) === 0) await a.page.getByRole('button', { name: 'Show side panel' }).click();
		await a.page
			.getByTestId('locks-list')
			.getByRole('button', { name: /^Unlock row Adoption/ })
			.click();
		await notes(a.page).click();
		await lockFromMenu(a.page, /^Unlock this cell/);
		await b.page.goto(boardPath);
		await waitLive(b.page);
		await expect.poll(() => b.page.getByTestId('lock-mark').count(), { timeout: 10_000 }).toBe(0);
		await budget(b.page).click();
		await b.page.keyboard.type('777');
		await b.page.keyboard.press('Enter');
		await expect.poll(() => budget(a.page).textContent(), { timeout: 10_000 }).toContain('£777k');
	});
});
