import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as template from '../../src/lib/board/template.ts';
import { boardWithMembers, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * The minutes story in Chromium against the production build: a chair freezes "Workshop 3 – agreed
 * scope" as the record of a meeting, an editor changes two cells, and the chair sees exactly those changes
 * (and who made them) in Compare, then downloads the spreadsheet and the minutes pack.
 */

const session = useBrowserSession();

const chair = { username: 'chris', displayName: 'Chris Chair', password: 'a long pass phrase' };
const editor = { username: 'sam', displayName: 'Sam Okafor', password: 'another pass phrase' };

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; path: string }> {
	const [file] = await Promise.all([page.waitForEvent('download'), click()]);
	const path = await file.path();
	return { name: file.suggestedFilename(), path };
}

describe('snapshots for the minutes', () => {
	it('a chair snapshots, an editor edits, and Compare shows exactly those changes; XLSX and minutes download', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, chair, [{ person: editor, role: 'Editor' }]);

		// The chair takes the snapshot from the history page, as the record of the January meeting.
		await a.page.goto(`${boardPath}/versions`);
		await a.page.getByRole('button', { name: 'Take snapshot' }).click();
		const dialog = a.page.getByRole('dialog');
		await dialog.getByLabel('Title').fill('Workshop 3 – agreed scope');
		await dialog.getByLabel('Note (optional)').fill('Scope as agreed at the end of the workshop.');
		await dialog.getByLabel('Meeting', { exact: true }).fill('Shadow board, January');
		await dialog.getByLabel('Date').fill('2017-01-12');
		await dialog.getByLabel(/Record for this meeting/).check();
		await dialog.getByRole('button', { name: 'Take snapshot' }).click();
		await expect.poll(() => dialog.count()).toBe(0);
		const entry = a.page.getByTestId('version').filter({ hasText: 'Workshop 3 – agreed scope' });
		await expect.poll(() => entry.count()).toBe(1);
		expect(await entry.textContent()).toContain('Minutes');
		expect(await entry.textContent()).toContain('taken by Chris Chair');

		// Opened, it is clearly not the live board.
		await entry.getByRole('link', { name: 'Workshop 3 – agreed scope' }).click();
		await expect
			.poll(() => a.page.getByTestId('version-banner').innerText())
			.toMatch(/You are viewing “Workshop 3 – agreed scope”, taken .* by Chris Chair – not the live board/);
		await a.page.goBack();

		// The editor changes two cells by typing into the grid: a budget, and a scope decision picked by its first letters.
		await b.page.goto(boardPath);
		await waitLive(b.page);
		await b.page.getByRole('tab', { name: 'Scope of services' }).click();
		const cell = (rowId: string, colId: string) => b.page.locator(`#scope-grid [data-row="${rowId}"][data-col="${colId}"]`);
		await cell('svc-fostering', template.TEMPLATE_COLUMN_IDS.budget).click();
		await b.page.keyboard.type('2400');
		await b.page.keyboard.press('Enter');
		await cell('svc-youth-offending', template.TEMPLATE_COLUMN_IDS.decision).click();
		await b.page.keyboard.type('Ret');
		await b.page.keyboard.press('Enter');
		await expect
			.poll(() => cell('svc-youth-offending', template.TEMPLATE_COLUMN_IDS.decision).textContent())
			.toContain('Retain in council');
		await expect.poll(() => b.page.getByTestId('sync-status').textContent(), { timeout: 10_000 }).toContain('All changes saved');

		// Compare opens on the latest named snapshot against now.
		await a.page.getByRole('link', { name: 'Compare versions' }).click();
		await a.page.waitForURL(/\/compare$/);
		await expect.poll(() => a.page.getByTestId('compare-summary').textContent()).toContain('2 changes');
		const decisions = a.page.getByTestId('diff-decisions').locator('tbody tr');
		expect(await decisions.count()).toBe(1);
		expect((await decisions.first().innerText()).replace(/\s+/g, ' ')).toMatch(
			/^Youth offending Scope decision Undecided Retain in council Sam Okafor/
		);
		const cells = a.page.getByTestId('diff-scope-cells').locator('tbody tr');
		expect(await cells.count()).toBe(1);
		expect((await cells.first().innerText()).replace(/\s+/g, ' ')).toMatch(/^Fostering Budget \(£k\) empty £2,400k Sam Okafor/);
		expect(await a.page.getByTestId('diff-model-cells').count()).toBe(0);

		// The spreadsheet of the snapshot, from the history page.
		await a.page.goto(`${boardPath}/versions`);
		await entry.getByRole('button', { name: 'Download' }).click();
		const xlsx = await download(a.page, () => a.page.getByRole('menuitem', { name: 'Spreadsheet (XLSX)' }).click());
		expect(xlsx.name).toMatch(/^Shadow-trust-board_Workshop-3-agreed-scope_\d{4}-\d{2}-\d{2}\.xlsx$/);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(fs.readFileSync(xlsx.path) as unknown as ArrayBuffer);
		const scope = book.getWorksheet('Scope of services')!;
		const header = scope.getRow(1).values as unknown[];
		const youth = scope.getColumn(1).values.indexOf('Youth offending');
		// The snapshot, not the live board: the decision is still undecided there.
		expect(scope.getCell(youth, header.indexOf('Scope decision')).value).toBe('Undecided');
		expect(book.getWorksheet('About this version')!.getCell('B2').value).toBe('Workshop 3 – agreed scope');

		// The minutes pack: the page, its print layout, and its Markdown download.
		await entry.getByRole('link', { name: 'Minutes pack' }).click();
		await a.page.waitForURL(/\/minutes\/[a-z2-7]{16}$/);
		expect(await a.page.getByRole('heading', { level: 1 }).textContent()).toBe('Shadow board, January');
		expect(await a.page.getByText('first minuted version', { exact: false }).count()).toBeGreaterThan(0);
		await a.page.emulateMedia({ media: 'print' });
		expect(await a.page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
		const pdf = await a.page.pdf({ format: 'A4', preferCSSPageSize: true });
		expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
		await a.page.emulateMedia({ media: 'screen' });
		const minutes = await download(a.page, () => a.page.getByRole('link', { name: 'Download Markdown' }).click());
		expect(minutes.name).toMatch(/^Shadow-trust-board_minutes_Shadow-board-January_draft_2017-01-12\.md$/);
		const markdown = fs.readFileSync(minutes.path, 'utf8');
		expect(markdown).toContain('# Minutes pack: Shadow board, January');
		expect(markdown).toContain('| Youth offending |');
	});
});
