import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * Two members change a service's budget; an observer on the call selects the cell and asks who changed it:
 * the side panel answers, newest first, with names, UK times and what each change replaced, and the board's
 * activity feed lists the same edits.
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };
const observer = { username: 'observer', displayName: 'Olu Adeyemi', password: 'a third pass phrase' };

const budget = (page: Page) => page.locator('#scope-grid [data-row="svc-adoption"][data-col="col-budget"]');

async function setBudget(page: Page, value: string) {
	await budget(page).click();
	await page.keyboard.type(value);
	await page.keyboard.press('Enter');
	await expect.poll(() => budget(page).textContent(), { timeout: 10_000 }).toContain(`£${Number(value).toLocaleString('en-GB')}k`);
}

async function live(page: Page, boardPath: string) {
	await page.goto(boardPath);
	await waitLive(page);
	await page.locator('#scope-grid').waitFor();
}

describe('the history of a cell', () => {
	it('shows an observer who changed a budget, when and from what, and the board’s activity lists it', async () => {
		const {
			boardPath,
			chair: a,
			members: [b, c]
		} = await boardWithMembers(session, chair, [
			{ person: editor, role: 'Editor' },
			{ person: observer, role: 'Observer', viewport: { width: 1440, height: 900 } }
		]);

		await live(a.page, boardPath);
		await setBudget(a.page, '100');
		await live(b.page, boardPath);
		await setBudget(b.page, '1250');

		await live(c.page, boardPath);
		await budget(c.page).click();
		const panel = c.page.getByTestId('cell-history');
		await panel.getByRole('button', { name: 'Show edit history' }).click();
		// The newest edit may still be on its way to the log: ask again until both are there.
		await expect
			.poll(
				async () => {
					const text = (await panel.getByTestId('change-entry').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
					if (text.length < 2) await panel.getByRole('button', { name: 'Refresh' }).click();
					return text;
				},
				{ timeout: 15_000 }
			)
			.toEqual([
				expect.stringMatching(/^Sam Okafor · \d{1,2} \w{3} \d{4}, \d{2}:\d{2} (GMT|BST) From £100k To £1,250k$/),
				expect.stringMatching(/^Priya Shah · .* (GMT|BST) From empty To £100k$/)
			]);

		// Another cell's history starts closed, and has nothing of the budget's.
		await c.page.locator('#scope-grid [data-row="svc-adoption"][data-col="col-notes"]').click();
		await c.page.getByTestId('cell-history').getByRole('button', { name: 'Show edit history' }).click();
		await expect.poll(() => c.page.getByTestId('cell-history').textContent()).toContain('No one has changed this cell');

		await budget(c.page).click();
		await c.page.getByTestId('cell-history').getByRole('button', { name: 'Show edit history' }).click();
		await c.page.getByTestId('change-entry').first().waitFor();
		fs.mkdirSync('.shots', { recursive: true });
		await c.page.screenshot({ path: '.shots/cell-history-1440.png' });
		// At phone width the side panel is a drawer.
		await c.page.setViewportSize({ width: 390, height: 844 });
		await c.page.getByRole('button', { name: 'Show side panel' }).click();
		const drawer = c.page.getByTestId('side-panel-drawer');
		await drawer.getByRole('button', { name: 'Show edit history' }).click();
		await drawer.getByTestId('change-entry').first().waitFor();
		await drawer.getByTestId('cell-history').scrollIntoViewIfNeeded();
		await c.page.screenshot({ path: '.shots/cell-history-390.png' });
		await c.page.keyboard.press('Escape');

		// The activity feed, from the board's Versions menu: newest first, naming the service and column.
		await c.page.setViewportSize({ width: 1440, height: 900 });
		await c.page.getByRole('button', { name: 'Versions' }).click();
		await c.page.getByRole('menuitem', { name: 'Activity: recent changes' }).click();
		await c.page.getByTestId('activity-feed').waitFor();
		const feed = (await c.page.getByTestId('activity-feed').getByTestId('change-entry').allTextContents()).map((t) =>
			t.replace(/\s+/g, ' ')
		);
		const budgets = feed.filter((t) => t.includes('Adoption – Budget (£k)'));
		expect(budgets).toHaveLength(2);
		expect(budgets[0]).toContain('Sam Okafor');
		expect(budgets[0]).toContain('From £100k To £1,250k');
		expect(budgets[1]).toContain('Priya Shah');
		await c.page.screenshot({ path: '.shots/activity-1440.png', fullPage: true });
	});
});
