import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBoard, createInvite, register, useBrowserSession } from '../support/browser.ts';

/**
 * A chair runs the meeting from the agenda with a remote member following: the chair sets two items, asks
 * everyone to follow, selects a cell, starts the clock and moves on. The member's screen shows the chair's
 * cell, the running countdown and a notice saying who moved the agenda on; acting on their own stops
 * following, and one click resumes it.
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const member = { username: 'member', displayName: 'Sam Okafor', password: 'another pass phrase' };
const observer = { username: 'observer', displayName: 'Olu Adeyemi', password: 'a third pass phrase' };

/** Set up by the first test, used by the next: the board and the chair's and member's pages on it. */
let shared: { boardPath: string; chair: Page; member: Page; observerInvite: string; observer?: Page } | null = null;

async function live(page: Page, boardPath: string) {
	await page.goto(boardPath);
	await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toContain('Live');
	await page.locator('#scope-grid').waitFor();
}

/** The sentences of the notices on screen. */
const noticeTexts = (page: Page) => page.locator('[data-testid="notice"] p').allTextContents();

async function addItem(page: Page, title: string, minutes: string, part: string) {
	await page.getByLabel('Item', { exact: true }).fill(title);
	await page.getByLabel('Minutes allowed').fill(minutes);
	await page.getByLabel('Parts of the board it is about').selectOption({ label: part });
	await page.getByRole('button', { name: 'Add to the agenda' }).click();
	await expect.poll(() => page.getByTestId('agenda-items').textContent(), { timeout: 15_000 }).toContain(title);
}

describe('running a meeting', () => {
	it('a following member sees the chair’s cell, the clock and a notice when the chair moves on', async () => {
		const a = await session.newPage({ width: 1440, height: 900 });
		await register(a.page, chair);
		await a.page.goto('/boards/new');
		const boardPath = await createBoard(a.page, 'Shadow trust board', 'Shadow trust template');
		await a.page.goto(`${boardPath}/settings`);
		const invite = await createInvite(a.page, 'Editor');
		const observerInvite = await createInvite(a.page, 'Observer');
		const b = await session.newPage({ width: 1440, height: 900 });
		await register(b.page, member, invite);

		await a.page.goto(`${boardPath}/agenda`);
		await addItem(a.page, 'Welcome and apologies', '5', 'Service: Adoption');
		await addItem(a.page, 'Children in care', '20', 'Area: Children in care and placements');

		await live(a.page, boardPath);
		await live(b.page, boardPath);
		const memberBar = b.page.getByTestId('agenda-bar');
		await expect.poll(() => memberBar.getByTestId('agenda-status').textContent()).toBe('Not started');

		// The chair asks everyone to follow, then selects a cell: the member's screen goes there.
		await a.page.getByRole('button', { name: 'Ask everyone to follow' }).click();
		await expect.poll(() => b.page.getByTestId('follow-control').textContent(), { timeout: 10_000 }).toContain('Following Priya Shah');
		await expect.poll(() => noticeTexts(b.page)).toContain('Priya Shah asked everyone to follow their screen');
		const budget = '[data-row="svc-adoption"][data-col="col-budget"]';
		await a.page.locator(`#scope-grid ${budget}`).click();
		await expect.poll(() => b.page.locator(`#scope-grid ${budget}`).getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');

		// The chair starts the clock: the member's countdown runs from the item's time allowed.
		await a.page.getByRole('button', { name: 'Start meeting' }).click();
		await expect.poll(() => memberBar.getByTestId('agenda-current').textContent(), { timeout: 10_000 }).toBe('1. Welcome and apologies');
		await expect.poll(() => memberBar.getByTestId('agenda-status').textContent()).toBe('Running');
		await expect.poll(() => memberBar.getByTestId('agenda-countdown').textContent()).toMatch(/^4:5\d$/);
		expect(await b.page.getByRole('button', { name: 'Start meeting' }).count()).toBe(0);

		// Moving on: a notice for the member, said politely, and the focus left where it was.
		const focusedBefore = await b.page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);
		await a.page.getByRole('button', { name: 'Move on to Children in care' }).click();
		await expect.poll(() => noticeTexts(b.page), { timeout: 10_000 }).toContain('Priya Shah moved the agenda on to “Children in care”');
		expect(await b.page.getByTestId('notices').getAttribute('aria-live')).toBe('polite');
		expect(await b.page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName)).toBe(focusedBefore);
		await expect.poll(() => memberBar.getByTestId('agenda-current').textContent()).toBe('2. Children in care');
		await expect.poll(() => memberBar.getByTestId('agenda-countdown').textContent()).toMatch(/^(20:00|19:5\d)$/);
		// The chair does not get a notice of their own doing.
		expect(await noticeTexts(a.page)).not.toContain('Priya Shah moved the agenda on to “Children in care”');

		// Clicking a cell of their own stops following; one click follows again and catches up.
		await b.page.locator('#scope-grid [data-row="svc-adoption"][data-col="col-notes"]').click();
		await expect.poll(() => b.page.getByTestId('follow-control').textContent()).toContain('Follow Priya Shah');
		await a.page.locator(`#scope-grid [data-row="svc-early-help"][data-col="col-budget"]`).click();
		await b.page.waitForTimeout(500);
		expect(await b.page.locator('#scope-grid [data-row="svc-early-help"][data-col="col-budget"]').getAttribute('aria-selected')).not.toBe(
			'true'
		);
		await b.page.getByRole('button', { name: 'Follow Priya Shah' }).click();
		await expect
			.poll(() => b.page.locator('#scope-grid [data-row="svc-early-help"][data-col="col-budget"]').getAttribute('aria-selected'), {
				timeout: 10_000
			})
			.toBe('true');
		shared = { boardPath, chair: a.page, member: b.page, observerInvite };
	});

	it('an @mention, chosen from the keyboard, notifies the member mentioned and no one else', async () => {
		if (!shared) throw new Error('needs the board of the test before');
		const { boardPath, chair: a, member: b } = shared;
		const c = await session.newPage({ width: 1440, height: 900 });
		await register(c.page, observer, shared.observerInvite);
		shared.observer = c.page;
		await live(c.page, boardPath);
		await live(a, boardPath);

		// The member comments on a cell, picking the chair from the suggestions with the arrow keys and Enter.
		await b.locator('#scope-grid [data-row="svc-adoption"][data-col="col-notes"]').click();
		const box = b.getByTestId('new-comment');
		await box.click();
		await b.keyboard.type('Can @pri');
		await expect.poll(() => b.getByRole('option').allTextContents()).toEqual(['Priya Shah']);
		expect(await box.getAttribute('aria-expanded')).toBe('true');
		await b.keyboard.press('ArrowDown');
		await b.keyboard.press('Enter');
		await b.keyboard.type('check the notes before Thursday?');
		expect(await box.inputValue()).toBe('Can @Priya Shah check the notes before Thursday?');
		await b.getByRole('button', { name: 'Comment', exact: true }).click();
		await expect.poll(() => b.getByTestId('mention').allTextContents()).toContain('@Priya Shah');

		// The chair hears of it at once, and the header counts it; the observer gets nothing.
		await expect.poll(() => noticeTexts(a), { timeout: 15_000 }).toContain('Sam Okafor mentioned you on Adoption – Notes');
		await expect.poll(() => a.getByTestId('unread-count').textContent(), { timeout: 10_000 }).toMatch(/^1\s*unread$/);
		expect((await noticeTexts(c.page)).filter((t) => t.includes('mentioned'))).toEqual([]);
		await a.goto('/notifications');
		expect(await a.getByTestId('notification').allTextContents()).toEqual([
			expect.stringContaining('Sam Okafor mentioned you on Adoption – Notes: “Can @Priya Shah check the notes before Thursday?”')
		]);
		await a.getByRole('button', { name: /^Mark as read/ }).click();
		await expect.poll(() => a.getByTestId('unread-count').count()).toBe(0);

		await c.page.goto('/notifications');
		expect(await c.page.getByText('No notifications yet.').count()).toBe(1);
		expect(await c.page.getByTestId('unread-count').count()).toBe(0);
	});

	it('editing a comment to add an @mention notifies the member it newly mentions, and not those it already did', async () => {
		if (!shared?.observer) throw new Error('needs the board, comment and observer of the tests before');
		const { boardPath, chair: a, member: b, observer: c } = shared;
		await live(a, boardPath);
		await live(b, boardPath);
		await live(c, boardPath);
		const sent: string[] = [];
		b.on('request', (r) => {
			if (r.method() === 'POST' && r.url().includes('/mentions')) sent.push(r.url());
		});

		await b.locator('#scope-grid [data-row="svc-adoption"][data-col="col-notes"]').click();
		const thread = b.getByTestId('comments').getByTestId('comment-thread').first();
		await thread.getByRole('button', { name: 'Edit', exact: true }).click();
		const box = b.getByRole('combobox', { name: 'Edit comment' });
		await box.press('End');
		await b.keyboard.type(' And @Olu Adeyemi, the figures too.');
		await thread.getByRole('button', { name: 'Save', exact: true }).click();

		// The edit asks for the mentions with the edit's time, so the server waits for that edit to reach the board.
		await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(1);
		expect(new URL(sent[0] ?? '').searchParams.get('editedAt')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		await expect.poll(() => noticeTexts(c), { timeout: 15_000 }).toContain('Sam Okafor mentioned you on Adoption – Notes');
		await c.goto('/notifications');
		expect(await c.getByTestId('notification').allTextContents()).toEqual([
			expect.stringContaining('Can @Priya Shah check the notes before Thursday? And @Olu Adeyemi, the figures too.')
		]);
		// The chair was mentioned before the edit and is not told again.
		await a.goto('/notifications');
		expect(await a.getByTestId('notification').count()).toBe(1);
		expect(await a.getByTestId('unread-count').count()).toBe(0);
	});
});
