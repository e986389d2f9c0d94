import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/axe.ts';
import { createBoard, register, signIn, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * WCAG 2.2 AA in real Chromium: axe-core, injected into the page, on every
 * page and dialog of the journey (0 violations), then the journey again with
 * the keyboard only, and the connection state said truthfully.
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };

describe('accessibility', () => {
	it('has no axe violations on any page or dialog of the journey', async () => {
		const { page } = await session.newPage();
		await page.goto('/register');
		await expectAccessible(page, 'register');
		await register(page, chair);
		await expectAccessible(page, 'my boards, empty');
		await page.goto('/boards/new');
		await expectAccessible(page, 'new board');
		const boardPath = await createBoard(page, 'Shadow trust board', 'Shadow trust template');
		await waitLive(page);
		await page.getByRole('tab', { name: 'Scope of services' }).click();
		await page.locator('#scope-grid [data-row]').first().waitFor();
		await expectAccessible(page, 'board, scope grid');
		await page.getByRole('tab', { name: 'Delivery models' }).click();
		await page.locator('#models-grid [data-row]').first().waitFor();
		await expectAccessible(page, 'board, model grid');

		await page.getByRole('button', { name: '+ Criterion' }).click();
		await page.getByRole('dialog').waitFor();
		await expectAccessible(page, 'add criterion dialog');
		await page.keyboard.press('Escape');

		await page.locator('#models-grid [data-row="model-in-house"][data-col="@name"]').click();
		await page.getByRole('button', { name: 'Model', exact: true }).click();
		await page.getByRole('menu').waitFor();
		await expectAccessible(page, 'model menu');
		await page.keyboard.press('Escape');

		// A tablet: the side panel is a drawer.
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.getByRole('button', { name: 'Show side panel' }).click();
		await page.getByTestId('side-panel-drawer').waitFor();
		await expectAccessible(page, 'side panel drawer at 1024 px');
		await page.keyboard.press('Escape');
		await page.setViewportSize({ width: 390, height: 844 });
		await expectAccessible(page, 'board at 390 px');
		await page.setViewportSize({ width: 1366, height: 768 });

		await page.goto(`${boardPath}/versions`);
		await expectAccessible(page, 'history');
		await page.getByRole('button', { name: 'Take snapshot' }).click();
		const dialog = page.getByRole('dialog');
		await dialog.waitFor();
		await expectAccessible(page, 'take snapshot dialog');
		await dialog.getByLabel('Title').fill('Workshop 1');
		await dialog.getByLabel('Meeting', { exact: true }).fill('Shadow board, January');
		await dialog.getByLabel('Date').fill('2017-01-12');
		await dialog.getByLabel(/Record for this meeting/).check();
		await dialog.getByRole('button', { name: 'Take snapshot' }).click();
		await expect.poll(() => dialog.count()).toBe(0);
		const entry = page.getByTestId('version').filter({ hasText: 'Workshop 1' });
		await entry.getByRole('link', { name: 'Workshop 1' }).click();
		await page.getByTestId('version-banner').waitFor();
		await expectAccessible(page, 'a saved version');
		await page.goto(`${boardPath}/compare`);
		await expectAccessible(page, 'compare');
		await page.goto(`${boardPath}/settings`);
		await expectAccessible(page, 'settings');
		await page.goto('/import');
		await expectAccessible(page, 'import');
		await page.goto('/account');
		await expectAccessible(page, 'account');
		await page.goto('/');
		await expectAccessible(page, 'my boards');
	}, 300_000);

	it('is usable with the keyboard alone: skip link, one tab stop per grid, arrows inside, editing and undo', async () => {
		const { page } = await session.newPage();
		await signIn(page, chair);
		await page.goto('/boards/new');
		const boardPath = await createBoard(page, 'Keyboard board', 'Shadow trust template');
		await page.goto('/');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to main content');
		await page.keyboard.press('Enter');
		// From the main content, Tab reaches the board's link; Enter opens it.
		for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== 'Keyboard board'; i++)
			await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => url.pathname === boardPath);
		await waitLive(page);

		// Tab reaches the tabs, then the model grid as one stop; arrows move inside it.
		for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.getAttribute('role'))) !== 'tab'; i++)
			await page.keyboard.press('Tab');
		// The tabs are one stop too: arrows choose between them.
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('Enter');
		expect(await page.getByRole('tab', { name: 'Delivery models' }).getAttribute('aria-selected')).toBe('true');
		const grid = page.locator('#models-grid');
		await grid.waitFor();
		for (let i = 0; i < 40 && !(await grid.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
		expect(await grid.evaluate((el) => el === document.activeElement)).toBe(true);
		const active = () =>
			grid.evaluate((el) => el.querySelector<HTMLElement>(`#${el.getAttribute('aria-activedescendant')}`)?.dataset.col ?? '');
		const start = await active();
		await page.keyboard.press('ArrowRight');
		expect(await active()).not.toBe(start);
		// Move to a criterion, type a score, commit it: the grid keeps the focus and says what changed on undo.
		await page.keyboard.press('Home');
		for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
		const criterion = await active();
		expect(criterion).toMatch(/^crit-/);
		await page.keyboard.type('4');
		await page.keyboard.press('Enter');
		await page.keyboard.press('ArrowUp');
		await expect.poll(() => grid.locator(`[data-col="${criterion}"][data-active]`).textContent()).toMatch(/4/);
		await page.keyboard.press('Control+z');
		await expect.poll(() => page.getByTestId('grid-message').textContent()).toContain('Undone: your change to');
		// The grid is a single stop: nothing inside it is in the tab order (Tab moves between cells, as in a spreadsheet, and leaves at either end).
		expect(
			await grid.evaluate(
				(el) =>
					[...el.querySelectorAll<HTMLElement>('a, button, input, textarea, select, [tabindex]')].filter((c) => c.tabIndex >= 0).length
			)
		).toBe(0);
		// The cell is in the URL, so a link opens the same place.
		await expect.poll(() => new URL(page.url()).searchParams.get('cell')).toBe(`model-in-house~${criterion}`);
		expect(new URL(page.url()).searchParams.get('tab')).toBe('models');
		const linked = await session.newPage();
		await signIn(linked.page, chair);
		await linked.page.goto(page.url());
		await expect
			.poll(() => linked.page.locator('#models-grid [data-active]').getAttribute('data-col'), { timeout: 15_000 })
			.toBe(criterion);
		await linked.context.close();
	}, 300_000);

	it('says Offline within two seconds of losing the network, and Live only once the server has answered again', async () => {
		const { context, page } = await session.newPage();
		// Every board socket goes through here: passed to the server, or (while `answering` is off) accepted and
		// left unanswered, as a captive portal or a half-open proxy would.
		let answering = true;
		const unanswered: { close(): Promise<void> }[] = [];
		await context.routeWebSocket(/\/collab/, (socket) => {
			if (answering) socket.connectToServer();
			else unanswered.push(socket);
		});
		await signIn(page, chair);
		await page.goto('/boards/new');
		await createBoard(page, 'Network board', 'Blank board');
		await waitLive(page);
		const status = () => page.getByTestId('sync-status').textContent();

		answering = false;
		await context.setOffline(true);
		await expect.poll(status, { timeout: 2_000 }).toContain('Offline');
		// The network is back and a socket opens, but nothing answers the sync: not Live.
		await context.setOffline(false);
		await expect.poll(() => unanswered.length, { timeout: 10_000 }).toBeGreaterThan(0);
		for (let i = 0; i < 6; i++) {
			expect(await status()).not.toContain('Live');
			await page.waitForTimeout(500);
		}
		answering = true;
		for (const socket of unanswered) await socket.close();
		await waitLive(page);
	});
});
