import { describe, expect, it } from 'vitest';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';
import { lockFromMenu, scopeCell } from '../support/board-page.ts';

/**
 * What the chair has locked comes with the page, like the rest of the board: its padlocks are on the first screen
 * and hold their cells still before the live connection is up (the grid skips its lock lookups only while the
 * board has no locks).
 */

const session = useBrowserSession();

const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };

const cell = scopeCell;

describe('the first screen of a board with locks', () => {
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
