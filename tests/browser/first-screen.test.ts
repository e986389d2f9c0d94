import { describe, expect, it } from 'vitest';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';
import { lockFromMenu, scopeCell } from '../support/board-page.ts';

/**
 * The board page comes with its board: the server sends the board's state as it is now with the page, so the
 * grids render as soon as the page's script runs and a member can work in them whether or not the live
 * connection is up yet.
 */

const session = useBrowserSession();

const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };

const cell = scopeCell;
const STATUTORY = 'col-statutory';

describe('the board page’s first screen', () => {
	it('shows the live board and takes edits before the live connection is up', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, chair, [{ person: editor, role: 'Editor' }]);
		// A change the room holds, so the page comes with the live board, not the template it was made from.
		await a.page.goto(boardPath);
		await waitLive(a.page);
		await cell(a.page, 'svc-early-help', STATUTORY).click();
		await a.page.keyboard.type('Children Act 2004, s.10');
		await a.page.keyboard.press('Enter');
		await expect.poll(() => a.page.getByTestId('sync-status').textContent(), { timeout: 10_000 }).toContain('All changes saved');

		// The editor opens the board in a fresh browser (signed in, but no offline copy of the board), and the socket
		// opens but nothing answers it yet (a slow proxy): the board is still there and takes an edit.
		const browser = b.context.browser();
		if (!browser) throw new Error('no browser');
		const fresh = await browser.newContext({ baseURL: new URL(b.page.url()).origin, storageState: await b.context.storageState() });
		await b.context.close();
		let answering = false;
		const held: { close(): Promise<void> }[] = [];
		await fresh.routeWebSocket(/\/collab/, (socket) => {
			if (answering) socket.connectToServer();
			else held.push(socket);
		});
		const page = await fresh.newPage();
		await page.goto(boardPath);
		await cell(page, 'svc-early-help', STATUTORY).waitFor({ timeout: 15_000 });
		await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThan(0);
		expect(await page.getByTestId('sync-status').textContent()).not.toContain('Live');
		expect(await cell(page, 'svc-early-help', STATUTORY).textContent()).toContain('Children Act 2004, s.10');
		await cell(page, 'svc-iro', STATUTORY).click();
		await page.keyboard.type('Children Act 1989, s.47');
		await page.keyboard.press('Enter');
		await expect.poll(() => cell(page, 'svc-iro', STATUTORY).textContent()).toContain('s.47');
		const activeRow = () => page.locator('#scope-grid [data-active]').getAttribute('data-row');
		const working = await activeRow();

		// The connection comes up: the edit reaches the chair, and the editor keeps the cell they were on.
		answering = true;
		for (const socket of held) await socket.close();
		await waitLive(page);
		await expect.poll(() => cell(a.page, 'svc-iro', STATUTORY).textContent(), { timeout: 10_000 }).toContain('Children Act 1989, s.47');
		expect(await activeRow()).toBe(working);
	}, 240_000);

	it('shows the chair’s padlocks with the first screen, before the live connection is up', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, chair, [{ person: editor, role: 'Editor', viewport: { width: 1440, height: 900 } }]);
		await a.page.setViewportSize({ width: 1440, height: 900 });
		await a.page.goto(boardPath);
		await waitLive(a.page);
		await cell(a.page, 'svc-adoption', 'col-budget').click();
		await lockFromMenu(a.page, /^Lock this service/);
		await cell(a.page, 'svc-fostering', 'col-notes').click();
		await lockFromMenu(a.page, /^Lock this cell/);
		await expect.poll(() => a.page.getByTestId('grid-message').textContent()).toContain('Locked Notes of Fostering');
		await expect.poll(() => a.page.getByTestId('sync-status').textContent(), { timeout: 10_000 }).toContain('All changes saved');

		// The editor opens the board with the socket held unanswered: the locks come with the page, not the socket.
		const browser = b.context.browser();
		if (!browser) throw new Error('no browser');
		const fresh = await browser.newContext({
			baseURL: new URL(b.page.url()).origin,
			storageState: await b.context.storageState(),
			viewport: { width: 1440, height: 900 }
		});
		await b.context.close();
		const held: unknown[] = [];
		await fresh.routeWebSocket(/\/collab/, (socket) => void held.push(socket));
		const page = await fresh.newPage();
		await page.goto(boardPath);
		const budget = cell(page, 'svc-adoption', 'col-budget');
		const notes = cell(page, 'svc-fostering', 'col-notes');
		await budget.waitFor({ timeout: 15_000 });
		expect(await page.getByTestId('sync-status').textContent()).not.toContain('Live');
		expect(await budget.getByTestId('lock-mark').textContent()).toContain('locked by Priya Shah');
		expect(await cell(page, 'svc-adoption', 'col-notes').getByTestId('lock-mark').count()).toBe(1);
		expect(await notes.getByTestId('lock-mark').count()).toBe(1);
		expect(await budget.getAttribute('aria-readonly')).toBe('true');
		// An open cell beside them has no padlock and takes an edit.
		const open = cell(page, 'svc-fostering', 'col-budget');
		expect(await open.getByTestId('lock-mark').count()).toBe(0);
		expect(await open.getAttribute('aria-readonly')).toBe('false');
		// Typing on a locked cell says why instead of opening an editor.
		await notes.click();
		await page.keyboard.type('x');
		expect(await notes.locator('input, textarea').count()).toBe(0);
		await expect.poll(() => page.getByTestId('grid-message').textContent()).toContain('Notes of Fostering is locked by Priya Shah');
		await fresh.close();
	}, 240_000);
});
