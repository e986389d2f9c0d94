import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBoard, createInvite, register, useBrowserSession } from '../support/browser.ts';

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const member = { username: 'member', displayName: 'Sam Okafor', password: 'another pass phrase' };
const OUT = '/tmp/shots/meeting';

async function live(page: Page, boardPath: string) {
	await page.goto(boardPath);
	await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toContain('Live');
	await page.locator('#scope-grid').waitFor();
}
async function addItem(page: Page, title: string, minutes: string, parts: string[]) {
	await page.getByLabel('Item', { exact: true }).fill(title);
	await page.getByLabel('Minutes allowed').fill(minutes);
	await page.getByLabel('Parts of the board it is about').selectOption(parts.map((label) => ({ label })));
	await page.getByRole('button', { name: 'Add to the agenda' }).click();
	await expect.poll(() => page.getByTestId('agenda-items').textContent()).toContain(title);
}
const widths = [1440, 1024, 390];

describe('shots', () => {
	it('takes them', async () => {
		const a = await session.newPage({ width: 1440, height: 900 });
		await register(a.page, chair);
		await a.page.goto('/boards/new');
		const boardPath = await createBoard(a.page, 'Shadow trust board', 'Shadow trust template');
		await a.page.goto(`${boardPath}/settings`);
		const invite = await createInvite(a.page, 'Editor');
		const b = await session.newPage({ width: 1440, height: 900 });
		await register(b.page, member, invite);
		await a.page.goto(`${boardPath}/agenda`);
		await addItem(a.page, 'Welcome, apologies and declarations of interest', '10', []);
		await addItem(a.page, 'Children in care and placements', '25', ['Area: Children in care and placements']);
		await addItem(a.page, 'Delivery models: governance', '30', ['Model: Council-owned company (CIC)'].filter(() => false));
		for (const w of widths) {
			await a.page.setViewportSize({ width: w, height: 900 });
			await a.page.screenshot({ path: `${OUT}/agenda-page-${w}.png`, fullPage: true });
		}
		await live(a.page, boardPath);
		await live(b.page, boardPath);
		await a.page.getByRole('button', { name: 'Start meeting' }).click();
		await a.page.getByRole('button', { name: /^Move on to/ }).click();
		await a.page.getByRole('button', { name: 'Show agenda' }).click();
		await a.page.getByRole('button', { name: /^2\. Children in care/ }).click();
		await a.page.getByRole('button', { name: 'Ask everyone to follow' }).click();
		await b.page.getByTestId('notice').first().waitFor();
		for (const w of widths) {
			await a.page.setViewportSize({ width: w, height: 900 });
			await b.page.setViewportSize({ width: w, height: 900 });
			await a.page.waitForTimeout(300);
			await a.page.screenshot({ path: `${OUT}/board-chair-${w}.png` });
			await b.page.screenshot({ path: `${OUT}/board-member-notices-${w}.png` });
		}
		const p = await session.newPage({ width: 1440, height: 900 });
		await p.context.addCookies(await a.context.cookies());
		await p.page.goto(`${boardPath}/present`);
		await p.page.getByTestId('presenter-countdown').waitFor();
		await p.page.waitForTimeout(1500);
		for (const w of widths) {
			await p.page.setViewportSize({ width: w, height: 900 });
			await p.page.waitForTimeout(300);
			await p.page.screenshot({ path: `${OUT}/presenter-${w}.png`, fullPage: true });
		}
	});
});
