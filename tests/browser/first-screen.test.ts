import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * The board page comes with its board: the server renders the grids' first screen from the board as it is
 * now, so a member sees the board before the page's script or its live connection, and can work in it as
 * soon as the script has taken the page over, whether or not the socket is up yet.
 */

const session = useBrowserSession();

const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };

const cell = (page: Page, rowId: string, colId: string) => page.locator(`#scope-grid [data-row="${rowId}"][data-col="${colId}"]`);
const STATUTORY = 'col-statutory';

describe('the board page’s first screen', () => {
	it('shows the live board without script, and takes edits before the live connection is up', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, chair, [{ person: editor, role: 'Editor' }]);
		// A change the room holds, so the page is rendered from the live board, not the template it was made from.
		await a.page.goto(boardPath);
		await waitLive(a.page);
		await cell(a.page, 'svc-early-help', STATUTORY).click();
		await a.page.keyboard.type('Children Act 2004, s.10');
		await a.page.keyboard.press('Enter');
		await expect.poll(() => a.page.getByTestId('sync-status').textContent(), { timeout: 10_000 }).toContain('All changes saved');

		// With no script at all: the grids are in the page the server sent.
		const browser = b.context.browser();
		if (!browser) throw new Error('no browser');
		const plain = await browser.newContext({
			baseURL: new URL(b.page.url()).origin,
			javaScriptEnabled: false,
			storageState: await b.context.storageState()
		});
		const served = await plain.newPage();
		await served.goto(boardPath);
		expect(await cell(served, 'svc-early-help', STATUTORY).textContent()).toContain('Children Act 2004, s.10');
		expect(await cell(served, 'svc-child-protection', 'col-service').textContent()).toContain('Child protection');
		expect(await served.getByTestId('sync-status').textContent()).toContain('Connecting');
		await plain.close();

		// The socket opens but nothing answers it yet (a slow proxy): the board is still there and takes an edit.
		let answering = false;
		const held: { close(): Promise<void> }[] = [];
		await b.context.routeWebSocket(/\/collab/, (socket) => {
			if (answering) socket.connectToServer();
			else held.push(socket);
		});
		await b.page.goto(boardPath);
		await expect.poll(() => b.page.locator('[aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
		await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThan(0);
		expect(await b.page.getByTestId('sync-status').textContent()).not.toContain('Live');
		expect(await cell(b.page, 'svc-early-help', STATUTORY).textContent()).toContain('Children Act 2004, s.10');
		await cell(b.page, 'svc-iro', STATUTORY).click();
		await b.page.keyboard.type('Children Act 1989, s.47');
		await b.page.keyboard.press('Enter');
		await expect.poll(() => cell(b.page, 'svc-iro', STATUTORY).textContent()).toContain('s.47');
		const activeRow = () => b.page.locator('#scope-grid [data-active]').getAttribute('data-row');
		const working = await activeRow();

		// The connection comes up: the edit reaches the chair, and the editor keeps the cell they were on.
		answering = true;
		for (const socket of held) await socket.close();
		await waitLive(b.page);
		await expect.poll(() => cell(a.page, 'svc-iro', STATUTORY).textContent(), { timeout: 10_000 }).toContain('Children Act 1989, s.47');
		expect(await activeRow()).toBe(working);
	}, 240_000);
});
