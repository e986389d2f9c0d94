import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * Scope decisions in real Chromium against the production build: the template's decisions start as proposals,
 * an editor records who was consulted, cannot set the statutory roles the law keeps with the council to
 * transfer, and the chair can, with a reason that both of them then see.
 */

const session = useBrowserSession();

const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };
const DCS = 'svc-dcs-lead-member';

const cell = (page: Page, rowId: string, colId: string) => page.locator(`#scope-grid [data-row="${rowId}"][data-col="${colId}"]`);

/** Opens the decision cell's editor and picks an option by typing its label, as a keyboard user would. */
async function pickDecision(page: Page, rowId: string, label: string) {
	await cell(page, rowId, 'col-decision').click();
	await page.keyboard.press('Enter');
	await page.keyboard.type(label, { delay: 10 });
	await page.getByRole('option', { name: label }).click();
}

describe('scope decisions', () => {
	it('start as proposals; a non-chair cannot transfer a service the law keeps with the council, the chair can with a reason', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, chair, [{ person: editor, role: 'Editor' }]);
		await a.page.goto(boardPath);
		for (const { page } of [a, b]) {
			await page.waitForURL((url) => url.pathname === boardPath);
			await waitLive(page);
			await page.getByRole('tab', { name: 'Scope of services' }).click();
			await expect.poll(() => cell(page, 'svc-fostering', 'col-decision').textContent()).toContain('Transfer to trust');
		}
		expect(await cell(b.page, 'svc-fostering', 'col-decision').textContent()).toContain('Proposed');

		// The editor records engagement with staff on fostering; the chair sees it live.
		await cell(b.page, 'svc-fostering', 'col-decision').click();
		const record = b.page.getByTestId('decision-record');
		await record.getByLabel('Staff').check();
		await record.getByLabel('Consulted on').check();
		await cell(a.page, 'svc-fostering', 'col-decision').click();
		await expect.poll(() => cell(a.page, 'svc-fostering', 'col-decision').textContent(), { timeout: 10_000 }).toContain('Consulted on');
		expect(await a.page.getByTestId('decision-record').getByLabel('Staff').isChecked()).toBe(true);

		// Both look for the statutory roles, at the foot of the template (the search is personal).
		for (const { page } of [a, b]) {
			await page.getByPlaceholder('Search services').fill('Lead Member');
			await expect.poll(() => cell(page, DCS, 'col-decision').textContent()).toContain('Retain in council');
		}

		// The editor tries to transfer the statutory roles: refused, saying why, and nothing changes for anyone.
		await pickDecision(b.page, DCS, 'Transfer to trust');
		await expect.poll(() => b.page.getByTestId('grid-message').textContent()).toMatch(/stays with the council by law; only the chair/);
		expect(await cell(b.page, DCS, 'col-decision').textContent()).toContain('Retain in council');
		expect(await b.page.getByTestId('decision-record').textContent()).toContain('only the chair can set it to transfer');
		expect(await cell(a.page, DCS, 'col-decision').textContent()).toContain('Retain in council');

		// The chair picks transfer: asked for a reason, which is required, then the override is on record.
		await pickDecision(a.page, DCS, 'Transfer to trust');
		const dialog = a.page.getByRole('dialog');
		await expect.poll(() => dialog.textContent()).toContain('The law keeps this service with the council');
		await dialog.getByRole('button', { name: 'Override and transfer' }).click();
		expect(await dialog.getByTestId('override-reason').evaluate((el: HTMLTextAreaElement) => el.validity.valueMissing)).toBe(true);
		expect(await cell(a.page, DCS, 'col-decision').textContent()).toContain('Retain in council');
		await dialog.getByTestId('override-reason').fill('Counsel advises the roles can be delegated under contract');
		await dialog.getByRole('button', { name: 'Override and transfer' }).click();
		await expect.poll(() => dialog.count()).toBe(0);

		for (const { page } of [a, b]) {
			await expect.poll(() => cell(page, DCS, 'col-decision').textContent(), { timeout: 10_000 }).toContain('Transfer to trust');
			expect(await cell(page, DCS, 'col-decision').textContent()).toContain('Override');
			await cell(page, DCS, 'col-service').click();
			const override = page.getByTestId('override-record');
			await expect.poll(() => override.textContent()).toContain('Counsel advises the roles can be delegated under contract');
			expect(await override.textContent()).toContain('Priya Shah');
			// A new decision is a new proposal, whatever the service viewed before it stood at.
			expect(await page.getByTestId('decision-record').getByLabel('Proposed').isChecked()).toBe(true);
		}
	});
});
