import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import * as comments from '../../src/lib/board/comments.ts';
import * as models from '../../src/lib/board/models.ts';
import * as meta from '../../src/lib/board/meta.ts';
import * as scope from '../../src/lib/board/scope.ts';
import * as session from '../../src/lib/server/session.ts';
import * as snapshot from '../../src/lib/server/snapshot.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';
import { TestClient } from '../support/clients.ts';
import { launchBrowser } from '../support/browser.ts';
import { keepLog, report } from './support/report.ts';
import { templateBoard } from './support/setup.ts';

/**
 * In real Chromium against the built app: hostile text in every field renders as text (XSS), and a page that
 * loses the network keeps editing, says it is offline, and syncs when the network returns.
 */

const HOSTILE = `"><img src=x onerror="window.__xss=(window.__xss||0)+1"><script>window.__xss=1</script><svg onload="window.__xss=1">`;

let fixtures: Fixtures;
let server: ServerProcess;
let browser: Browser;
let chair: TestUser;
let boardId: string;
let snapshotId: string;

beforeAll(async () => {
	fixtures = await Fixtures.create();
	await fixtures.user('Ada Admin');
	chair = await fixtures.user(`Chair ${HOSTILE}`.slice(0, 190));
	const editor = await fixtures.user(`Editor ${HOSTILE}`.slice(0, 190));
	boardId = await templateBoard(fixtures, chair, `Board ${HOSTILE}`.slice(0, 115));
	await fixtures.member(boardId, editor, 'editor');
	server = await startApp(fixtures.dataDir);
	// Hostile text in the grids, a comment, the description and the live title, written like any client would.
	const writer = new TestClient(server, boardId, editor);
	await writer.synced();
	scope.setCell(writer.doc, 'svc-front-door', 'col-service', `Service ${HOSTILE}`);
	scope.setCell(writer.doc, 'svc-front-door', 'col-statutory', HOSTILE);
	models.add(writer.doc, { name: `Model ${HOSTILE}`.slice(0, 190), description: HOSTILE });
	comments.addComment(writer.doc, {
		target: { grid: 'scope', rowId: 'svc-front-door' },
		body: `Comment ${HOSTILE}`,
		author: { id: editor.id, name: `Editor ${HOSTILE}`.slice(0, 190) }
	});
	meta.boardDescriptionText(writer.doc).insert(0, `Description ${HOSTILE}`);
	await writer.waitConfirmed();
	writer.destroy();
	const state = Y.encodeStateAsUpdate(await fixtures.storedDoc(boardId));
	snapshotId = (
		await snapshot.create(fixtures.database, {
			boardId,
			kind: 'named',
			title: `Snapshot ${HOSTILE}`.slice(0, 115),
			note: `Note ${HOSTILE}`,
			meeting: { title: `Meeting ${HOSTILE}`.slice(0, 115), date: '2025-01-12' },
			isMinutes: true,
			createdBy: chair.id,
			state,
			uptoSeq: 0
		})
	).id;
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	if (server) keepLog('browser-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
});

async function signedIn(user: TestUser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ baseURL: server.origin, viewport: { width: 1366, height: 900 } });
	const token = user.cookie.slice(session.COOKIE_NAME.length + 1);
	await context.addCookies([{ name: session.COOKIE_NAME, value: token, url: server.origin, httpOnly: true, sameSite: 'Lax' }]);
	return { context, page: await context.newPage() };
}

describe('XSS', () => {
	test('hostile text in names, titles, cells, comments and snapshot notes renders as text on every page', async () => {
		const { context, page } = await signedIn(chair);
		const cspViolations: string[] = [];
		page.on('console', (message) => {
			if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
		});
		const dialogs: string[] = [];
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		const pages = [
			'/',
			`/boards/${boardId}`,
			`/boards/${boardId}/settings`,
			`/boards/${boardId}/versions`,
			`/boards/${boardId}/versions/${snapshotId}`,
			`/boards/${boardId}/minutes/${snapshotId}`,
			`/boards/${boardId}/compare?from=${snapshotId}`
		];
		const results: Record<string, { executed: unknown; injectedElements: number; shownAsText: boolean; status: number | undefined }> = {};
		for (const path of pages) {
			const response = await page.goto(path);
			await page.waitForLoadState('networkidle');
			if (path === `/boards/${boardId}`) {
				await page.getByTestId('sync-status').getByText('Live').waitFor({ timeout: 15_000 });
			}
			results[path] = {
				status: response?.status(),
				executed: await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss ?? null),
				injectedElements: await page.locator('img[src="x"], svg[onload], script:not([src]):has-text("__xss")').count(),
				shownAsText: (await page.locator('body').innerText()).includes('<img src=x onerror=')
			};
		}
		await context.close();
		report('xss', { payload: HOSTILE, pages: results, cspViolations: cspViolations.length, dialogs: dialogs.length });
		for (const [path, result] of Object.entries(results)) {
			expect(result.status, path).toBe(200);
			expect(result.executed, path).toBeNull();
			expect(result.injectedElements, path).toBe(0);
			// Where the hostile text is shown, it is shown as the characters typed.
			expect(result.shownAsText, path).toBe(true);
		}
		expect(dialogs).toEqual([]);
	});
});

describe('offline', () => {
	test('a page that loses the network keeps editing, shows it is offline, and syncs on return', async () => {
		const { context, page } = await signedIn(chair);
		// Chromium's offline emulation blocks new requests but leaves an open websocket alone, so the socket is
		// routed through the test: going offline drops it, and reconnection attempts fail until back online.
		let offline = false;
		const sockets: Array<{ close(options?: { code?: number; reason?: string }): Promise<void> }> = [];
		await page.routeWebSocket(/\/collab\//, (ws) => {
			if (offline) {
				void ws.close({ code: 1001, reason: 'offline' });
				return;
			}
			const upstream = ws.connectToServer();
			sockets.push(ws, upstream);
		});
		await page.goto(`/boards/${boardId}`);
		const status = page.getByTestId('sync-status');
		await status.getByText('Live').waitFor({ timeout: 15_000 });
		await page.getByText('About this board').click();
		const description = page.locator('#board-description');
		await description.waitFor();

		await context.setOffline(true);
		offline = true;
		for (const socket of sockets.splice(0)) await socket.close({ code: 1001, reason: 'network lost' });
		const offlineAt = Date.now();
		await status.getByText('Offline – reconnecting').waitFor({ timeout: 15_000 });
		const offlineShownAfterMs = Date.now() - offlineAt;
		await description.click();
		await description.press('End');
		await page.keyboard.type(' [typed while offline]', { delay: 10 });
		await expect.poll(() => description.inputValue()).toContain('[typed while offline]');
		const stored = () => fixtures.storedDoc(boardId).then((doc) => meta.boardDescriptionText(doc).toString());
		expect(await stored()).not.toContain('[typed while offline]');

		await context.setOffline(false);
		offline = false;
		const onlineAt = Date.now();
		await status.getByText('All changes saved').waitFor({ timeout: 20_000 });
		await status.getByText('Live').waitFor({ timeout: 20_000 });
		await expect.poll(stored, { timeout: 10_000 }).toContain('[typed while offline]');
		const syncedAfterMs = Date.now() - onlineAt;
		// Exactly once, and the title is untouched.
		expect((await stored()).split('[typed while offline]').length).toBe(2);
		expect(meta.titleText(await fixtures.storedDoc(boardId)).toString()).toContain('Board ');
		await context.close();
		report('offline', { offlineShownAfterMs, syncedAfterMs });
	});
});
