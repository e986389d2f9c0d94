import { describe, expect, it } from 'vitest';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';
import { scopeCell } from '../support/board-page.ts';

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
});
