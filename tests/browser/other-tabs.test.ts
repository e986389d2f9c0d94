import { describe, expect, it } from 'vitest';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';
import { scopeCell } from '../support/board-page.ts';

/**
 * Tabs of one browser on the same board keep one another in step without the server (BroadcastChannel), so a
 * member working offline in two tabs sees both. A tab joins the others with its state vector only; what it has
 * that they lack goes once one of them answers (docs/performance.md), so this holds both ways.
 */

const session = useBrowserSession();

const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'editor', displayName: 'Sam Okafor', password: 'another pass phrase' };

const cell = scopeCell;
const STATUTORY = 'col-statutory';

describe('tabs of one browser', () => {
	it('bring each other what the server cannot, both ways', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, chair, [{ person: editor, role: 'Editor' }]);
		// The editor's browser reaches the pages but never the live connection (a proxy that drops websockets).
		const held: unknown[] = [];
		await b.context.routeWebSocket(/\/collab/, (socket) => void held.push(socket));
		await b.page.goto(boardPath);
		await cell(b.page, 'svc-early-help', STATUTORY).waitFor({ timeout: 15_000 });

		// Meanwhile the chair edits live: the editor's first tab cannot hear of it, but a tab opened now comes with it.
		await a.page.goto(boardPath);
		await waitLive(a.page);
		await cell(a.page, 'svc-iro', STATUTORY).click();
		await a.page.keyboard.type('Children Act 1989, s.47');
		await a.page.keyboard.press('Enter');
		await expect.poll(() => a.page.getByTestId('sync-status').textContent(), { timeout: 10_000 }).toContain('All changes saved');
		expect(await cell(b.page, 'svc-iro', STATUTORY).textContent()).not.toContain('s.47');
		const second = await b.context.newPage();
		await second.goto(boardPath);
		await cell(second, 'svc-iro', STATUTORY).waitFor({ timeout: 15_000 });
		expect(await cell(second, 'svc-iro', STATUTORY).textContent()).toContain('s.47');

		// The second tab brings the first what it came with, once they have found each other.
		await expect.poll(() => cell(b.page, 'svc-iro', STATUTORY).textContent(), { timeout: 15_000 }).toContain('s.47');
		// And an edit in either tab reaches the other.
		await cell(b.page, 'svc-early-help', STATUTORY).click();
		await b.page.keyboard.type('Children Act 2004, s.10');
		await b.page.keyboard.press('Enter');
		await expect.poll(() => cell(second, 'svc-early-help', STATUTORY).textContent(), { timeout: 10_000 }).toContain('s.10');
		expect(held.length).toBeGreaterThan(1);
		expect(await b.page.getByTestId('sync-status').textContent()).not.toContain('Live');
	}, 240_000);
});
