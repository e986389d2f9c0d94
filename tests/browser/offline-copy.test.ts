import { describe, expect, it } from 'vitest';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';
import { scopeCell } from '../support/board-page.ts';

/**
 * Each browser keeps a copy of the board (IndexedDB), so what a member edits without a connection survives the
 * tab being closed and reaches the others when the board is next opened there (docs/reliability.md). The copy is
 * opened just after the first screen rather than with the page (docs/performance.md); it must still keep it all.
 */

const session = useBrowserSession();

const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };

const cell = scopeCell;
const STATUTORY = 'col-statutory';

describe('the offline copy', () => {
	it('keeps an edit made offline in this browser, and sends it when the board is next opened', async () => {
		const { boardPath, chair: a } = await boardWithMembers(session, chair, []);
		await a.page.goto(boardPath);
		await waitLive(a.page);
		await a.context.setOffline(true);
		await expect.poll(() => a.page.getByTestId('sync-status').textContent(), { timeout: 10_000 }).not.toContain('Live');
		await cell(a.page, 'svc-early-help', STATUTORY).click();
		await a.page.keyboard.type('Written on the train');
		await a.page.keyboard.press('Enter');
		// The copy holds it (a few milliseconds after the edit) before the tab goes.
		const stored = () =>
			a.page.evaluate(async () => {
				const found = (await indexedDB.databases()).find((d) => d.name?.startsWith('trustboard:'));
				if (!found?.name) return false;
				const db = await new Promise<IDBDatabase>((resolve, reject) => {
					const request = indexedDB.open(found.name as string);
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
				const updates = await new Promise<unknown[]>((resolve) => {
					const request = db.transaction('updates').objectStore('updates').getAll();
					request.onsuccess = () => resolve(request.result);
				});
				db.close();
				return updates.some((u) => new TextDecoder().decode(u as Uint8Array).includes('Written on the train'));
			});
		await expect.poll(stored, { timeout: 10_000 }).toBe(true);
		await a.page.close();

		// Back online, the board opened again in this browser: the edit is there and reaches the server.
		await a.context.setOffline(false);
		const again = await a.context.newPage();
		await again.goto(boardPath);
		await waitLive(again);
		await expect.poll(() => cell(again, 'svc-early-help', STATUTORY).textContent(), { timeout: 10_000 }).toContain('Written on the train');
		await expect.poll(() => again.getByTestId('sync-status').textContent(), { timeout: 10_000 }).toContain('All changes saved');
		const browser = a.context.browser();
		if (!browser) throw new Error('no browser');
		const elsewhere = await browser.newContext({ baseURL: new URL(again.url()).origin, storageState: await a.context.storageState() });
		const other = await elsewhere.newPage();
		await other.goto(boardPath);
		await expect.poll(() => cell(other, 'svc-early-help', STATUTORY).textContent(), { timeout: 10_000 }).toContain('Written on the train');
		await elsewhere.close();
	}, 240_000);
});
