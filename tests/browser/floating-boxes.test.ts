import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';
import { scopeCell } from '../support/board-page.ts';

/**
 * The notices floating over a phone's screen keep clear of the cell being worked on by looking again when
 * something moves (a scroll, the focus, the chosen cell), not by measuring the page on every frame: a phone left
 * open at a meeting with a notice up spends nothing, and the notice still moves when the grid scrolls under it.
 */

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const member = { username: 'phone', displayName: 'Sam Okafor', password: 'a long pass phrase' };

/** What a notice covers of the cell being worked on, and where the first notice is. */
function coverage(page: Page) {
	return page.evaluate(() => {
		type Box = { left: number; right: number; top: number; bottom: number };
		const overlaps = (a: Box, b: Box) =>
			Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
		const focused = document.activeElement as HTMLElement;
		const pointed = focused.getAttribute('aria-activedescendant');
		const cell = ((pointed && document.getElementById(pointed)) || focused).getBoundingClientRect();
		const notices = [...document.querySelectorAll('[data-testid="notice"]')].map((notice) => notice.getBoundingClientRect());
		return {
			cellInView: cell.top >= -1 && cell.bottom <= innerHeight + 1,
			covered: notices.filter((notice) => overlaps(notice, cell)).length,
			firstNoticeTop: Math.round(notices[0]?.top ?? -1)
		};
	});
}

describe('notices on a phone', () => {
	it('measure nothing while nothing moves, and move clear when the grid scrolls the cell under them', async () => {
		const {
			boardPath,
			chair: chairTab,
			members
		} = await boardWithMembers(session, chair, [{ person: member, role: 'Editor', viewport: { width: 390, height: 844 } }]);
		const { page } = members[0];
		await page.goto(boardPath);
		await waitLive(page);
		await chairTab.page.goto(boardPath);
		await waitLive(chairTab.page);
		await page.getByRole('tab', { name: 'Scope of services' }).click();
		await page.locator('#scope-grid').waitFor();
		// The grid settled (the columns beyond the screen's edge come after its first paint), a cell chosen and
		// scrolled to the top of the screen, the notices at the bottom: well apart.
		await page.waitForTimeout(500);
		const cell = scopeCell(page, 'svc-fostering', 'col-statutory');
		await cell.click();
		await cell.evaluate((element) => element.scrollIntoView({ block: 'start' }));
		const ask = chairTab.page.getByRole('button', { name: 'Ask everyone to follow' });
		for (let i = 0; i < 2; i++) await ask.click();
		await expect.poll(() => page.getByTestId('notice').count()).toBe(2);
		await page.waitForTimeout(300);
		const apart = await coverage(page);
		expect(apart.cellInView).toBe(true);
		expect(apart.covered).toBe(0);

		// A second with nothing changing: the page's layout is not read (once a frame would be about 60 times).
		const reads = await page.evaluate(async () => {
			let count = 0;
			const measure = Element.prototype.getBoundingClientRect;
			Element.prototype.getBoundingClientRect = function (this: Element) {
				count++;
				return measure.call(this);
			};
			await new Promise((resolve) => setTimeout(resolve, 1000));
			Element.prototype.getBoundingClientRect = measure;
			return count;
		});
		expect(reads).toBeLessThanOrEqual(2);

		// The grid and the page scrolled so the cell sits at the foot of the screen, where the notices were.
		await cell.evaluate((element) => element.scrollIntoView({ block: 'end' }));
		await page.waitForTimeout(300);
		const scrolled = await coverage(page);
		expect(scrolled.cellInView).toBe(true);
		expect(scrolled.covered).toBe(0);
		expect(scrolled.firstNoticeTop).not.toBe(apart.firstNoticeTop);
		expect(await page.getByTestId('notice').count()).toBe(2);
	});
});
