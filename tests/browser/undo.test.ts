import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * Undo in real Chromium with two members on one board: undo takes back only my
 * own most recent change that still has an effect, one committed cell at a
 * time, and tells me when a colleague has overwritten it instead of silently
 * taking back an older edit of mine elsewhere.
 */

const session = useBrowserSession();

const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };

const score = (page: Page, rowId: string, colId: string) => page.locator(`#models-grid [data-row="${rowId}"][data-col="${colId}"]`);
const scoreText = async (page: Page, rowId: string, colId: string) =>
	((await score(page, rowId, colId).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Selects a score cell and types a score, committed with Enter. */
async function typeScore(page: Page, rowId: string, colId: string, value: string) {
	await score(page, rowId, colId).click();
	await page.keyboard.type(value);
	await page.keyboard.press('Enter');
}

describe('undo on a shared board', () => {
	it('takes back only my own changes, one committed cell at a time, and says when a colleague overwrote my last one', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, chair, [{ person: editor, role: 'Editor' }], { title: 'Undo board' });
		await a.page.goto(boardPath);
		for (const { page } of [a, b]) {
			await page.waitForURL((url) => url.pathname === boardPath);
			await waitLive(page);
			await page.getByRole('tab', { name: 'Delivery models' }).click();
			await page.locator('#models-grid').waitFor();
		}

		// Three scores typed one after the other, as fast as the keyboard goes: three undo steps.
		await typeScore(a.page, 'model-in-house', 'crit-scope', '1');
		await typeScore(a.page, 'model-in-house', 'crit-independence', '2');
		await typeScore(a.page, 'model-mutual', 'crit-scope', '3');
		await expect.poll(() => scoreText(b.page, 'model-mutual', 'crit-scope'), { timeout: 10_000 }).toMatch(/^3\b/);

		// The editor overwrites my last score.
		await typeScore(b.page, 'model-mutual', 'crit-scope', '5');
		await expect.poll(() => scoreText(a.page, 'model-mutual', 'crit-scope'), { timeout: 10_000 }).toMatch(/^5\b/);

		// My undo does not reach past it to my older score elsewhere: it says so and changes nothing.
		await a.page.keyboard.press('Control+z');
		await expect.poll(() => a.page.getByTestId('grid-message').textContent()).toContain('has since been changed by someone else');
		expect(await a.page.getByTestId('grid-message').textContent()).toContain('Employee-owned mutual');
		expect(await scoreText(a.page, 'model-mutual', 'crit-scope')).toMatch(/^5\b/);
		expect(await scoreText(a.page, 'model-in-house', 'crit-independence')).toMatch(/^2\b/);

		// Pressed again, it takes back exactly my next change (and says which), for everyone.
		await a.page.keyboard.press('Control+z');
		await expect.poll(() => scoreText(b.page, 'model-in-house', 'crit-independence'), { timeout: 10_000 }).not.toMatch(/^2\b/);
		expect(await a.page.getByTestId('grid-message').textContent()).toContain('Undone: your change to “In-house” – Provides independence');
		expect(await scoreText(b.page, 'model-in-house', 'crit-scope')).toMatch(/^1\b/);
		expect(await scoreText(b.page, 'model-mutual', 'crit-scope')).toMatch(/^5\b/);

		// Redo mirrors it.
		await a.page.keyboard.press('Control+Shift+z');
		await expect.poll(() => scoreText(b.page, 'model-in-house', 'crit-independence'), { timeout: 10_000 }).toMatch(/^2\b/);

		// The editor's own undo takes back the editor's overwrite, not mine.
		await b.page.keyboard.press('Control+z');
		await expect.poll(() => scoreText(a.page, 'model-mutual', 'crit-scope'), { timeout: 10_000 }).toMatch(/^3\b/);
		expect(await scoreText(a.page, 'model-in-house', 'crit-independence')).toMatch(/^2\b/);

		await a.context.close();
		await b.context.close();
	});
});
