import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible } from '../support/axe.ts';
import { createBoard, register, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * A dialog says which row it acts on, in its name (what a screen reader reads first), and an error message
 * is never cut off, even on a phone.
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };

/** Fully on screen: not wider than its own box (nothing cut by overflow) and inside the window. */
async function fullyVisible(element: Locator): Promise<{ overflowing: number; outside: boolean }> {
	return element.evaluate((el) => {
		const box = el.getBoundingClientRect();
		return {
			overflowing: el.scrollWidth - el.clientWidth,
			outside: box.left < 0 || box.right > window.innerWidth
		};
	});
}

async function openTemplateBoard(page: Page, width = 1366): Promise<void> {
	await page.setViewportSize({ width, height: 844 });
	await page.goto('/boards/new');
	await createBoard(page, 'Shadow trust board', 'Shadow trust template');
	await waitLive(page);
}

describe('dialogs and error messages', () => {
	it('names the service, model or column in the delete and reason dialogs', async () => {
		const { page } = await session.newPage();
		await register(page, chair);
		await openTemplateBoard(page);

		await page.getByRole('tab', { name: 'Scope of services' }).click();
		const rowMenu = page.locator('#scope-grid [role="rowheader"] button').first();
		const service = /^Row 1, (.+): row menu$/.exec((await rowMenu.getAttribute('aria-label')) ?? '')?.[1];
		expect(service).toBeTruthy();
		await rowMenu.click();
		await page.getByRole('menuitem', { name: 'Delete service…' }).click();
		const deleteService = page.getByRole('dialog', { name: `Delete the service “${service}”?` });
		await deleteService.waitFor();
		await expectAccessible(page, 'delete service dialog');
		await deleteService.getByRole('button', { name: 'Cancel' }).click();
		await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

		await page.getByRole('button', { name: /^Scope decision \(/ }).click();
		await page.getByRole('menuitem', { name: 'Delete column…' }).click();
		await page.getByRole('dialog', { name: 'Delete the column “Scope decision”?' }).waitFor();
		await page.keyboard.press('Escape');

		await page.getByRole('tab', { name: 'Delivery models' }).click();
		await page.locator('#models-grid [data-row="model-in-house"][data-col="@name"]').click();
		await page.getByRole('button', { name: 'Model', exact: true }).click();
		await page.getByRole('menuitem', { name: 'Delete model…' }).click();
		await page.getByRole('dialog', { name: 'Delete the model “In-house”?' }).waitFor();
		await page.keyboard.press('Escape');

		// The status change asks for a reason, and says which model it is for.
		await page.getByRole('combobox', { name: 'Status' }).click();
		await page.getByRole('option', { name: 'Shortlisted', exact: true }).click();
		const reason = page.getByRole('dialog', { name: 'Mark “In-house” as shortlisted?' });
		await reason.waitFor();
		await expectAccessible(page, 'status reason dialog');
		await page.keyboard.press('Escape');
	}, 180_000);

	it('shows a long error message whole on a 390 px phone, in the dialog and in the grid', async () => {
		const { page } = await session.newPage();
		await page.goto('/login');
		await page.getByLabel('Username').fill(chair.username);
		await page.getByLabel('Password', { exact: true }).fill(chair.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/login'));
		await openTemplateBoard(page, 390);
		await page.getByRole('tab', { name: 'Scope of services' }).click();
		await page.locator('#scope-grid').waitFor();

		// An option label as one long word (a pasted reference, say): adding it twice is refused, and the
		// refusal, which quotes it, must wrap rather than run out of the dialog.
		const label = 'Transfer-to-the-trust-with-support-services-bought-back-from-the-council-under-a-service-level-agreement';
		for (let attempt = 0; attempt < 2; attempt++) {
			// On a phone the frozen service column leaves less room than this column is wide: its header is
			// scrolled to the grid's right edge and pressed where it shows.
			const header = page.getByRole('button', { name: /^Consultation \(/ });
			await header.evaluate((el) => el.scrollIntoView({ inline: 'end', block: 'nearest' }));
			const box = await header.boundingBox();
			await header.click({ position: { x: (box?.width ?? 40) - 20, y: 12 } });
			await page.getByRole('menuitem', { name: 'Edit options…' }).click();
			const dialog = page.getByRole('dialog', { name: 'Options of “Consultation”' });
			await dialog.getByLabel('New option').fill(label);
			await dialog.getByLabel('New option').press('Enter');
			if (attempt === 0) {
				await expect.poll(() => dialog.count()).toBe(0);
				continue;
			}
			const problem = dialog.getByRole('alert');
			await expect.poll(() => problem.textContent()).toContain(label);
			expect(await fullyVisible(problem)).toEqual({ overflowing: 0, outside: false });
			await expectAccessible(page, 'options dialog with an error at 390 px');
			await page.keyboard.press('Escape');
		}
		const message = page.getByTestId('grid-message');
		await expect.poll(() => message.textContent()).toContain(label);
		expect(await fullyVisible(message)).toEqual({ overflowing: 0, outside: false });
		// No sideways page scroll either: the page is as wide as the phone.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	}, 180_000);
});
