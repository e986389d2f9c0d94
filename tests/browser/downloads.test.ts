import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBoard, register, useBrowserSession } from '../support/browser.ts';

/**
 * A member who downloads too many files in a short time is told in words, on the page, to wait and try again,
 * rather than getting a browser's "Failed" entry; the files before that arrive as ever.
 */

// An allowance of two, so the third download is the refused one.
const session = useBrowserSession({ DOWNLOAD_BURST: '2', DOWNLOADS_PER_MINUTE: '1' });
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };
const SHOTS = '/tmp/shots/event-loop';

async function openDownload(page: Page, label: string): Promise<void> {
	await page.getByRole('button', { name: 'Versions' }).click();
	await page.getByRole('menuitem', { name: label }).click();
}

describe('downloads', () => {
	it('says on the page when a member must wait before the next download', async () => {
		const a = await session.newPage({ width: 1440, height: 900 });
		await register(a.page, chair);
		await a.page.goto('/boards/new');
		await createBoard(a.page, 'Shadow trust board', 'Shadow trust template');

		for (const label of ['Download Markdown', 'Download Archive (JSON)']) {
			const [file] = await Promise.all([a.page.waitForEvent('download'), openDownload(a.page, label)]);
			expect(file.suggestedFilename()).toMatch(/^Shadow-trust-board_Live-board_\d{4}-\d{2}-\d{2}\.(md|json)$/);
			expect(fs.statSync((await file.path())!).size).toBeGreaterThan(100);
		}

		await openDownload(a.page, 'Download Scope of services (CSV)');
		const alert = a.page.getByRole('alert').filter({ hasText: 'downloaded many files' });
		await alert.waitFor();
		expect(await alert.textContent()).toMatch(/You have downloaded many files in a short time\. Please wait \d+ seconds? and try again\./);
		if (fs.existsSync('/tmp/shots')) {
			fs.mkdirSync(SHOTS, { recursive: true });
			for (const width of [1440, 1024, 390]) {
				await a.page.setViewportSize({ width, height: 900 });
				await a.page.screenshot({ path: `${SHOTS}/download-refused-${width}.png` });
			}
		}
		await alert.getByRole('button', { name: 'Dismiss' }).click();
		expect(await alert.count()).toBe(0);
	});
});
