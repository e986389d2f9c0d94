import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBoard, register, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * A chair changes the scoring scale in the middle of an appraisal: the VAT
 * knock-out's pass mark moves with the scale, so a model that failed it still
 * fails, still reads as discounted with the reason naming the criterion, and
 * cannot be shortlisted without an explicit override and a reason.
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };

const cell = (page: Page, rowId: string, colId: string) => page.locator(`#models-grid [data-row="${rowId}"][data-col="${colId}"]`);

async function score(page: Page, rowId: string, colId: string, value: string) {
	await cell(page, rowId, colId).click();
	await page.keyboard.type(value);
	await page.keyboard.press('Enter');
}

describe('the options appraisal', () => {
	it('keeps a knock-out failing when the chair changes the scale, and asks for an override to keep the model', async () => {
		const { page } = await session.newPage();
		await register(page, chair);
		await page.goto('/boards/new');
		const boardPath = await createBoard(page, 'Shadow trust board', 'Shadow trust template');
		await page.goto(boardPath);
		await waitLive(page);
		await page.getByRole('tab', { name: 'Delivery models' }).click();
		await page.locator('#models-grid').waitFor();
		// The board says where its rows come from and that the weights are placeholders.
		expect(await page.getByTestId('appraisal-notes').textContent()).toContain('19 delivery models');

		await score(page, 'model-shared-service', 'crit-focus', '5');
		await score(page, 'model-shared-service', 'crit-vat', '0');
		const rank = () => cell(page, 'model-shared-service', '@rank').textContent();
		const status = () => cell(page, 'model-shared-service', '@status').textContent();
		await expect.poll(rank, { timeout: 10_000 }).toContain('Knocked out');
		expect(await status()).toContain('Discounted');

		// 0-5 becomes 0-10: the dialog shows the pass mark moving from 1 to 2 before the chair confirms.
		await page.getByTestId('scale-button').click();
		const dialog = page.getByRole('dialog');
		await dialog.getByLabel('Highest score').fill('10');
		await expect
			.poll(() => dialog.getByTestId('scale-pass-marks').textContent())
			.toContain('VAT recoverable within the timeframe: below 1 becomes below 2');
		await dialog.getByRole('button', { name: 'Change scale' }).click();
		await expect.poll(() => page.getByText('Scores 0–10').count(), { timeout: 10_000 }).toBe(1);
		expect(await rank()).toContain('Knocked out');
		expect(await status()).toContain('Discounted');

		// A score of 1 now fails too (it sits below the re-expressed mark); 2 passes.
		await score(page, 'model-shared-service', 'crit-vat', '1');
		await expect.poll(rank, { timeout: 10_000 }).toContain('Knocked out');
		await score(page, 'model-shared-service', 'crit-vat', '0');

		// The side panel names the criterion; shortlisting needs the override and a reason.
		await cell(page, 'model-shared-service', '@name').click();
		await expect.poll(() => page.getByTestId('auto-reason').textContent()).toContain('VAT recoverable within the timeframe');
		await page.getByRole('combobox', { name: 'Status' }).click();
		await page.getByRole('option', { name: 'Shortlisted', exact: true }).click();
		await dialog.getByTestId('status-reason').fill('A VAT ruling is expected before shadow form');
		await dialog.getByRole('button', { name: /record it/ }).click();
		expect(await dialog.getByRole('alert').textContent()).toContain('tick the override');
		await dialog.getByTestId('override').check();
		await dialog.getByRole('button', { name: /record it/ }).click();
		await expect.poll(() => dialog.count()).toBe(0);
		await expect.poll(status, { timeout: 10_000 }).toContain('Shortlisted');
		expect(await status()).toContain('override');
		expect(await rank()).toContain('Knocked out');
		await expect
			.poll(() => page.getByTestId('status-timeline').textContent(), { timeout: 10_000 })
			.toContain('A VAT ruling is expected before shadow form');
		expect(await page.getByTestId('status-timeline').textContent()).toContain('Priya Shah');

		// The minutes pack carries the status history, and the model reads as it does in the grid.
		await page.goto(`${boardPath}/versions`);
		await page.getByRole('button', { name: 'Take snapshot' }).click();
		await dialog.getByLabel('Title').fill('Options appraisal');
		await dialog.getByLabel('Meeting', { exact: true }).fill('Shadow board, September');
		await dialog.getByLabel('Date').fill('2016-09-13');
		await dialog.getByLabel(/Record for this meeting/).check();
		await dialog.getByRole('button', { name: 'Take snapshot' }).click();
		await expect.poll(() => dialog.count()).toBe(0);
		await page
			.getByRole('link', { name: /Minutes pack/ })
			.first()
			.click();
		await page.getByTestId('status-history').waitFor();
		const history = await page.getByTestId('status-history').textContent();
		expect(history).toContain('Shared service with another council');
		expect(history).toContain('Shortlisted (knock-out overridden)');
		expect(history).toContain('A VAT ruling is expected before shadow form');
		expect(history).toContain('Priya Shah');
		const shared = page.getByTestId('version-models').getByRole('row', { name: /Shared service with another council/ });
		expect(await shared.textContent()).toContain('Fails a knock-out');
		expect(await shared.textContent()).toContain('Kept despite a failed knock-out');
	});
});
