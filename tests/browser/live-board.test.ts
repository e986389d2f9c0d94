import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBoard, createInvite, register, signIn, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * The story end to end in real Chromium against the production build: the first user sets up the
 * instance, creates a board and invites two people through links; everyone opens the board, sees who is
 * there and sees edits arrive live; the observer cannot change anything.
 */

const session = useBrowserSession();

const chair = { username: 'priya', displayName: 'Priya Shah', password: 'a long pass phrase' };
const editor = { username: 'sam', displayName: 'Sam Okafor', password: 'another pass phrase' };
const observer = { username: 'dfe.observer', displayName: 'Dana Reid', password: 'observer pass phrase' };

async function typeAtEnd(page: Page, selector: string, text: string) {
	const field = page.locator(selector);
	await field.click();
	await field.press('End');
	await page.keyboard.type(text, { delay: 15 });
}

describe('a live board', () => {
	it('is shared by a chair, an editor and an observer who see each other and each other’s edits', async () => {
		const a = await session.newPage();
		const cspViolations: string[] = [];
		a.page.on('console', (message) => {
			if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
		});
		await register(a.page, chair);
		expect(new URL(a.page.url()).pathname).toBe('/');
		await expect.poll(() => a.page.getByText('Create your first board').isVisible()).toBe(true);

		await a.page.getByRole('link', { name: 'New board' }).first().click();
		const boardPath = await createBoard(a.page, 'Shadow trust board', 'Blank board');

		await a.page.goto(`${boardPath}/settings`);
		const editorInvite = await createInvite(a.page, 'Editor');
		const observerInvite = await createInvite(a.page, 'Observer');

		const b = await session.newPage();
		await register(b.page, editor, editorInvite);
		expect(new URL(b.page.url()).pathname).toBe(boardPath);

		const c = await session.newPage();
		await register(c.page, observer, observerInvite);
		expect(new URL(c.page.url()).pathname).toBe(boardPath);

		await a.page.goto(boardPath);
		for (const { page } of [a, b, c]) {
			await waitLive(page);
		}

		// Presence: each sees the other two, named.
		for (const [{ page }, others] of [
			[a, [editor, observer]],
			[b, [chair, observer]],
			[c, [chair, editor]]
		] as const) {
			for (const other of others) {
				await expect.poll(() => page.getByRole('img', { name: other.displayName }).count(), { timeout: 15_000 }).toBe(1);
			}
		}
		await expect.poll(() => a.page.getByText('3 online').isVisible()).toBe(true);

		// The editor changes the title and description; the others see it without reloading.
		for (const { page } of [a, b, c]) await page.getByText('About this board').click();
		await typeAtEnd(b.page, '#board-title', ' – workshop 3');
		await typeAtEnd(b.page, '#board-description', 'Agreeing the scope of services.');
		for (const { page } of [a, c]) {
			await expect
				.poll(() => page.getByTestId('board-title').textContent(), { timeout: 10_000 })
				.toContain('Shadow trust board – workshop 3');
			await expect.poll(() => page.locator('#board-description').inputValue(), { timeout: 10_000 }).toBe('Agreeing the scope of services.');
		}
		await expect.poll(() => b.page.getByTestId('sync-status').textContent(), { timeout: 10_000 }).toContain('All changes saved');

		// Both edit the description at once: both contributions survive.
		await typeAtEnd(a.page, '#board-description', ' Chair note.');
		await b.page.locator('#board-description').press('Control+Home');
		await b.page.keyboard.type('Draft: ', { delay: 15 });
		const merged = 'Draft: Agreeing the scope of services. Chair note.';
		for (const { page } of [a, b, c]) {
			await expect.poll(() => page.locator('#board-description').inputValue(), { timeout: 10_000 }).toBe(merged);
		}

		// The observer is told, and cannot change anything.
		await expect.poll(() => c.page.getByTestId('view-only').isVisible()).toBe(true);
		expect(await b.page.getByTestId('view-only').count()).toBe(0);
		expect(await c.page.locator('#board-title').getAttribute('readonly')).not.toBeNull();
		await typeAtEnd(c.page, '#board-title', ' HACKED');
		expect(await c.page.locator('#board-title').inputValue()).toBe('Shadow trust board – workshop 3');
		await a.page.waitForTimeout(500);
		expect(await a.page.getByTestId('board-title').textContent()).not.toContain('HACKED');

		// The observer sees members read-only: no role controls, no invite links.
		await c.page.goto(`${boardPath}/settings`);
		expect(await c.page.getByTestId('member-row').count()).toBe(3);
		expect(await c.page.getByRole('button', { name: 'Create invite link' }).count()).toBe(0);
		expect(await c.page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);

		expect(cspViolations).toEqual([]);
		for (const context of [a.context, b.context, c.context]) await context.close();
	});

	it('refuses what a role does not allow, and hides boards from non-members', async () => {
		const outsider = await session.newPage();
		const anonymous = await outsider.page.request.get('/', { maxRedirects: 0 });
		expect(anonymous.status()).toBe(303);
		expect(anonymous.headers()['location']).toBe('/login');
		expect(anonymous.headers()['x-frame-options']).toBe('DENY');
		expect(anonymous.headers()['x-content-type-options']).toBe('nosniff');
		const loginPage = await outsider.page.request.get('/login');
		expect(loginPage.headers()['content-security-policy']).toContain("script-src 'self' 'nonce-");

		const chairPage = await session.newPage();
		await signIn(chairPage.page, chair);
		expect(new URL(chairPage.page.url()).pathname).toBe('/');
		await chairPage.page.getByRole('link', { name: /Shadow trust board/ }).click();
		await chairPage.page.waitForURL(/\/boards\/[a-z2-7]{16}$/);
		const boardPath = new URL(chairPage.page.url()).pathname;

		// Signed in as the editor: chair-only actions answer 403, and a cross-site post is refused outright.
		await signIn(outsider.page, editor);
		expect(new URL(outsider.page.url()).pathname).toBe('/');
		const headers = { origin: session.app.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
		const archive = await outsider.page.request.post(`${boardPath}/settings?/archive`, { headers, data: '' });
		expect(archive.status()).toBe(403);
		const crossSite = await outsider.page.request.post(`${boardPath}/settings?/archive`, {
			headers: { ...headers, origin: 'http://evil.example' },
			data: ''
		});
		expect(crossSite.status()).toBe(403);

		// GET /logout shows a confirmation and signs no one out.
		await outsider.page.goto('/logout');
		await outsider.page.goto('/');
		expect(new URL(outsider.page.url()).pathname).toBe('/');

		// A malformed id and a board that does not exist look the same as a board one is not a member of.
		const missing = await outsider.page.request.get('/boards/aaaaaaaaaaaaaaaa');
		const malformed = await outsider.page.request.get('/boards/..%2f..%2fetc');
		expect(missing.status()).toBe(404);
		expect(malformed.status()).toBe(404);

		await outsider.page.getByRole('button', { name: 'Sam Okafor' }).click();
		await outsider.page.getByRole('menuitem', { name: 'Sign out' }).click();
		await outsider.page.waitForURL((url) => url.pathname === '/login');
		const after = await outsider.page.request.get(boardPath, { maxRedirects: 0 });
		expect(after.status()).toBe(303);

		await outsider.context.close();
		await chairPage.context.close();
	});
});
