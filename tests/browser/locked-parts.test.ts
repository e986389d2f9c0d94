import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';
import { violations } from '../support/axe.ts';
import { lockFromMenu } from '../support/board-page.ts';

/**
 * What a lock changes beyond the grid: an editor opening a criterion while the weights are locked finds the
 * weight held still with the chair's name on it (and the whole criterion, if the chair locks it meanwhile);
 * a cell's open edit history takes in a lock or unlock of its column by itself.
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };

/** Set up by the first test, used by the next: the board and the chair's and editor's pages on it. */
let shared: { boardPath: string; chair: Page; editor: Page } | null = null;

async function editCriterion(page: Page, name: string) {
	await page.getByRole('button', { name: new RegExp(`^${name}\\b.*criterion menu$`) }).click();
	await page.getByRole('menuitem', { name: /^Edit name, description, weight/ }).click();
}

describe('a locked part', () => {
	it('holds a criterion’s weight still in its dialog, saying who locked the weights, rather than refusing on save', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, chair, [{ person: editor, role: 'Editor', viewport: { width: 1440, height: 900 } }]);
		await a.page.setViewportSize({ width: 1440, height: 900 });
		for (const page of [a.page, b.page]) {
			await page.goto(boardPath);
			await waitLive(page);
			await page.getByRole('tab', { name: 'Delivery models' }).click();
			await page.locator('#models-grid').waitFor();
		}
		await a.page.locator('#models-grid [data-row="model-cic"][data-col="crit-scope"]').click();
		await lockFromMenu(a.page, /^Lock the weights/);

		await expect.poll(() => b.page.getByTestId('locks-list').getByTestId('lock-entry').count(), { timeout: 10_000 }).toBe(1);
		await editCriterion(b.page, 'Exposure to open procurement at contract end');
		const dialog = b.page.getByRole('dialog');
		const weight = dialog.getByRole('textbox', { name: /^Weight/ });
		expect(await weight.isDisabled()).toBe(true);
		expect(await dialog.getByTestId('weights-locked').textContent()).toContain(
			'The weights are locked by Priya Shah, so they cannot be changed unless the chair unlocks them.'
		);
		// The reason is what a screen reader hears on the field; the rest of the criterion stays editable.
		expect(await weight.getAttribute('aria-describedby')).toBe(await dialog.getByTestId('weights-locked').getAttribute('id'));
		expect(await dialog.getByRole('textbox', { name: 'Name' }).isDisabled()).toBe(false);
		expect(await violations(b.page), 'criterion dialog with the weights locked').toEqual([]);
		fs.mkdirSync('.shots', { recursive: true });
		for (const width of [1440, 390]) {
			await b.page.setViewportSize({ width, height: 900 });
			await b.page.waitForTimeout(300);
			await b.page.screenshot({ path: `.shots/locked-weight-${width}.png` });
		}
		await b.page.setViewportSize({ width: 1440, height: 900 });
		await dialog.getByRole('textbox', { name: 'Name' }).fill('Exposure to procurement at contract end');
		await dialog.getByRole('button', { name: 'Save' }).click();
		await expect.poll(() => b.page.getByRole('dialog').count()).toBe(0);
		await expect
			.poll(() => a.page.getByRole('button', { name: /^Exposure to procurement at contract end\b.*criterion menu$/ }).count(), {
				timeout: 10_000
			})
			.toBe(1);

		// A criterion the chair locks while its dialog is open is held still there too, with the reason.
		await editCriterion(b.page, 'Exposure to procurement at contract end');
		await a.page.getByRole('button', { name: /^Exposure to procurement at contract end\b.*criterion menu$/ }).click();
		await a.page.getByRole('menuitem', { name: /^Lock this criterion/ }).click();
		await expect
			.poll(() => dialog.getByTestId('criterion-locked').textContent(), { timeout: 10_000 })
			.toContain('Criterion Exposure to procurement at contract end is locked by Priya Shah');
		expect(await dialog.getByRole('textbox', { name: 'Name' }).isDisabled()).toBe(true);
		await b.page.keyboard.press('Escape');
		shared = { boardPath, chair: a.page, editor: b.page };
	});

	it('reloads an open cell history by itself when the chair locks or unlocks its column', async () => {
		if (!shared) throw new Error('needs the board of the test before');
		const { boardPath, chair: a, editor: b } = shared;
		for (const page of [a, b]) {
			await page.goto(boardPath);
			await waitLive(page);
			await page.getByRole('tab', { name: 'Scope of services' }).click();
			await page.locator('#scope-grid').waitFor();
		}
		const budget = (page: Page) => page.locator('#scope-grid [data-row="svc-adoption"][data-col="col-budget"]');
		await budget(b).click();
		// The phone-width screenshots before closed the side panel; open it again.
		if ((await b.getByTestId('side-panel').count()) === 0) await b.getByRole('button', { name: 'Show side panel' }).click();
		const history = b.getByTestId('cell-history');
		await history.getByRole('button', { name: 'Show edit history' }).click();
		await expect.poll(() => history.textContent()).toContain('No one has changed this cell');

		// Nobody presses Refresh: the lock line arrives by itself, and so does the unlock.
		await budget(a).click();
		await lockFromMenu(a, /^Lock this column/);
		await expect
			.poll(() => history.getByTestId('change-entry').allTextContents(), { timeout: 15_000 })
			.toEqual([expect.stringMatching(/^\s*Priya Shah\b.*Column locked/s)]);
		await lockFromMenu(a, /^Unlock this column/);
		await expect.poll(() => history.getByTestId('change-entry').count(), { timeout: 15_000 }).toBe(2);
		expect(await history.getByTestId('change-entry').first().textContent()).toContain('Column unlocked');
	});
});
