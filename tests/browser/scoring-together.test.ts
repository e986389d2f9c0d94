import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, useBrowserSession } from '../support/browser.ts';

/**
 * The mock workshop of the issue in real Chromium: three members score one criterion privately, nobody sees
 * anyone else's scores, the chair reveals, the spreads are right, the agreed score goes into the grid, and a
 * member with a declared interest cannot score that model.
 */

const session = useBrowserSession();

const chair = { username: 'priya', displayName: 'Priya Shah', password: 'a long pass phrase' };
const first = { username: 'sam', displayName: 'Sam Okafor', password: 'another pass phrase' };
const second = { username: 'lee', displayName: 'Lee Brown', password: 'third pass phrase' };
const CRITERION = 'Focus on children';
const MODEL = 'In-house';
const BARRED = 'Employee-owned mutual';

const privateScore = (page: Page, model: string) => page.getByLabel(`Your private score: ${model}, ${CRITERION}`);

async function openModels(page: Page) {
	await page.getByRole('tab', { name: 'Delivery models' }).click();
	await page.locator('#models-grid').waitFor();
}

async function scorePrivately(page: Page, value: string, rationale: string) {
	await privateScore(page, MODEL).selectOption(value);
	await page.getByLabel(/^Your rationale:/).fill(rationale);
	await page.getByRole('button', { name: 'Save rationale' }).click();
	await expect.poll(() => page.getByRole('alert').count()).toBe(0);
}

describe('scoring together', () => {
	it('runs an independent round from private scores to an agreed score, honouring a declared interest', async () => {
		const {
			boardPath,
			chair: a,
			members: [b, c]
		} = await boardWithMembers(
			session,
			chair,
			[
				{ person: first, role: 'Editor' },
				{ person: second, role: 'Editor' }
			],
			{ title: 'Workshop board' }
		);
		await a.page.goto(boardPath);
		for (const { page } of [a, b, c]) await openModels(page);

		// Lee declares an interest in the mutual; the chair records that Lee may not score it.
		await c.page.getByLabel('I have an interest in').selectOption({ label: BARRED });
		await c.page.getByLabel('What it is').fill('My partner sits on the mutual’s shadow board');
		await c.page.getByRole('button', { name: 'Declare' }).click();
		await expect.poll(() => a.page.getByTestId('register').textContent(), { timeout: 15_000 }).toContain('shadow board');
		await a.page.getByLabel('Record the outcome').selectOption({ label: 'May speak, may not score' });

		// The chair opens a round on one criterion.
		await a.page.getByLabel('Cells').selectOption({ label: CRITERION });
		await a.page.getByRole('button', { name: 'Open a round' }).click();
		for (const { page } of [a, b, c]) await expect.poll(() => privateScore(page, MODEL).count(), { timeout: 15_000 }).toBe(1);
		await c.page.reload();
		await openModels(c.page);
		await expect.poll(() => privateScore(c.page, BARRED).isDisabled(), { timeout: 15_000 }).toBe(true);
		expect(await c.page.getByTestId('private-scores').textContent()).toContain('you may not score this model');

		await scorePrivately(a.page, '2', 'Chair: too close to the council');
		await scorePrivately(b.page, '5', 'Sam: strongest children focus');
		await scorePrivately(c.page, '3', 'Lee: middling');
		await b.page.getByRole('button', { name: 'I have finished scoring' }).click();

		// Nobody sees another's score: each sees their own value only, and no one else's rationale.
		await expect.poll(() => a.page.getByTestId('round-finished').textContent(), { timeout: 15_000 }).toContain('Sam Okafor');
		for (const [{ page }, own, others] of [
			[a, '2', ['Sam:', 'Lee:']],
			[b, '5', ['Chair:', 'Lee:']],
			[c, '3', ['Chair:', 'Sam:']]
		] as const) {
			await page.reload();
			await openModels(page);
			await expect.poll(() => privateScore(page, MODEL).inputValue(), { timeout: 15_000 }).toBe(own);
			const text = (await page.locator('body').textContent()) ?? '';
			for (const other of others) expect(text).not.toContain(other);
		}

		// The chair reveals; everyone sees the spread: 2, 3, 5 -> min 2, median 3, max 5, a wide spread.
		await a.page.getByRole('button', { name: 'Reveal the scores' }).click();
		for (const { page } of [a, b, c]) {
			const cell = page.getByTestId('spread-cell').first();
			await expect.poll(() => cell.textContent(), { timeout: 15_000 }).toContain(MODEL);
			expect(await cell.getByTestId('spread-stats').textContent()).toContain('Min 2 · median 3 · max 5');
			expect(await cell.textContent()).toContain('Wide spread');
			expect(await cell.textContent()).toContain('Sam Okafor: 5');
		}

		// Consensus: Sam (an editor) enters the agreed score; it becomes the shared score in everyone's grid.
		const cell = b.page.getByTestId('spread-cell').first();
		await cell.getByLabel('Agreed score').selectOption('4');
		await cell.getByLabel('Why').fill('Agreed after hearing the service leads');
		await cell.getByRole('button', { name: 'Agree' }).click();
		for (const { page } of [a, c]) {
			await expect
				.poll(() => page.locator('#models-grid [data-row="model-in-house"][data-col="crit-focus"]').textContent(), { timeout: 15_000 })
				.toContain('4');
		}
		await expect.poll(() => b.page.getByTestId('agreed').first().textContent()).toContain('Agreed: 4');
	});
});
