import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scopeCell } from '../support/board-page.ts';
import { createBoard, register, signIn, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * The board page opens fast (issue 12, "Fast to open"): the JavaScript Chromium fetches until a template board
 * is on screen and live, and for a moment after (anything fetched on arrival counts), each file gzipped at level 9
 * as the bench measures it, stays within the budget. Menus (bits-ui's), tooltips, dialogs, the model tab, the side
 * panel's details, the cell editors and the choice picker are fetched when first used; a menu still opens on the
 * first key press, and nothing typed into a cell is lost meanwhile.
 */

/**
 * The issue's target is 120 kB; the page loads about 139 kB today (246 kB before parts were fetched on first use,
 * 172 kB before menus, tooltips and the cell editors were, 148 kB in 33 files before its first load came in a few
 * large files, which compress better). The budget holds today's figure with a little room, so growth back towards
 * the old page fails here; what the rest is made of is in docs/performance.md.
 */
const BUDGET_KB = 145;
/**
 * Files: the first load's code in a few large chunks (scripts/first-load-chunks.js), the page's own nodes, and what
 * comes just after the first render (the offline copy's code, the error page's node); 33 before. Over HTTP/1.1 a
 * browser fetches six files at a time from one origin, so each file past those can cost a round trip.
 */
const MAX_FILES = 16;
/** As the bench's browser workload: what arrives just after the first render counts too. */
const SETTLE_MS = 1_000;
const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';

const session = useBrowserSession();
const chair = { username: 'chair', displayName: 'Priya Shah', password: 'a long pass phrase' };

/** Built file -> the source it was made from, where the build names one (pages, lazily fetched components). */
function sourcesByFile(): Map<string, string> {
	if (!fs.existsSync(MANIFEST)) return new Map();
	const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, { file: string; src?: string }>;
	return new Map(Object.values(manifest).flatMap((entry) => (entry.src ? [[entry.file, entry.src] as const] : [])));
}

/**
 * The scripts the board page imports statically (its node with the chunks it imports, and theirs), from the build's
 * client manifest: all of them are needed before its first screen.
 */
function boardPageScripts(): string[] {
	const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, { file: string; imports?: string[] }>;
	const app = fs.readFileSync('.svelte-kit/generated/client-optimized/app.js', 'utf8');
	const node = app.match(/"\/\(app\)\/boards\/\[id\]": \[~?(\d+)/)?.[1];
	const files = new Set<string>();
	const visit = (key: string) => {
		const chunk = manifest[key];
		if (!chunk || files.has(chunk.file)) return;
		files.add(chunk.file);
		for (const child of chunk.imports ?? []) visit(child);
	};
	visit(`.svelte-kit/generated/client-optimized/nodes/${node}.js`);
	return [...files];
}

/** A template board of the chair's, made by the first test that asks. */
let board: string | null = null;
async function templateBoard(): Promise<string> {
	if (board) return board;
	const first = await session.newPage();
	await register(first.page, chair);
	await first.page.goto('/boards/new');
	board = await createBoard(first.page, 'Shadow trust board', 'Shadow trust template');
	await waitLive(first.page);
	await first.context.close();
	return board;
}

describe('the board page', () => {
	it(`loads at most ${BUDGET_KB} kB of JavaScript (gzipped) in at most ${MAX_FILES} files before it is usable, and fetches the rest on first use`, async () => {
		const boardPath = await templateBoard();

		// A fresh context: a cold cache, as someone opening a link to the board.
		const { context, page } = await session.newPage({ width: 1366, height: 900 });
		await signIn(page, chair);
		const origin = new URL(page.url()).origin;
		const scripts: Promise<{ path: string; gzip: number }>[] = [];
		const paths: string[] = [];
		page.on('response', (response) => {
			const url = new URL(response.url());
			if (url.origin !== origin || !url.pathname.endsWith('.js')) return;
			paths.push(url.pathname);
			scripts.push(response.body().then((body) => ({ path: url.pathname, gzip: zlib.gzipSync(body, { level: 9 }).byteLength })));
		});
		await page.goto(boardPath);
		await page.locator('#scope-grid [role="gridcell"]').first().waitFor();
		await waitLive(page);
		await page.waitForTimeout(SETTLE_MS);
		const loaded = await Promise.all(scripts);

		const totalKb = loaded.reduce((sum, s) => sum + s.gzip, 0) / 1024;
		const names = sourcesByFile();
		const biggest = loaded
			.sort((a, b) => b.gzip - a.gzip)
			.slice(0, 12)
			.map((s) => {
				const source = names.get(s.path.replace(/^\/_app\//, '_app/'));
				return `${(s.gzip / 1024).toFixed(1).padStart(6)} kB  ${s.path}${source ? `  (${source})` : ''}`;
			});
		const report = `${totalKb.toFixed(1)} kB gzipped in ${loaded.length} files; the biggest:\n${biggest.join('\n')}`;
		console.log(`Board page JavaScript: ${report}`);
		// Soft: the checks below still run and report when the budget is exceeded.
		expect.soft(totalKb, `board page JavaScript over ${BUDGET_KB} kB: ${report}`).toBeLessThanOrEqual(BUDGET_KB);
		expect.soft(loaded.length, `board page JavaScript in more than ${MAX_FILES} files: ${report}`).toBeLessThanOrEqual(MAX_FILES);

		// The cell editors arrive when the grid first takes the focus: typing at once into a cell loses no keystroke
		// to their fetch.
		await scopeCell(page, 'svc-early-help', 'col-statutory').click();
		await page.keyboard.type('Early help');
		await expect.poll(() => page.locator('#scope-grid input').inputValue()).toBe('Early help');
		await page.keyboard.press('Escape');

		// Fetched on first use, and still there for the first key press: a column header's menu, a plain button until
		// then, opens from the keyboard with the focus on its first item, and gives the focus back on Escape.
		const fetchedBefore = scripts.length;
		const header = page.getByTestId('column-header').first();
		expect(await header.getAttribute('aria-haspopup')).toBe('menu');
		expect(await header.getAttribute('aria-expanded')).toBe('false');
		await header.focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByRole('menuitem', { name: 'Sort ascending' }).isVisible()).toBe(true);
		expect(scripts.length).toBeGreaterThan(fetchedBefore);
		expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
		expect(await page.getByTestId('column-header').first().getAttribute('aria-expanded')).toBe('true');
		await page.keyboard.press('Escape');
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('column-header');
		expect(await page.getByTestId('column-header').first().getAttribute('aria-expanded')).toBe('false');
		// Another menu, never opened before, opens on its first click.
		await page.getByRole('button', { name: /^Versions/ }).click();
		await expect.poll(() => page.getByRole('menuitem', { name: 'History' }).isVisible()).toBe(true);
		await page.keyboard.press('Escape');
		// A tooltip too: the focus on an avatar shows the name and stays there.
		await page.getByTestId('presence-avatar').first().focus();
		await expect.poll(() => page.locator('[data-tooltip-content]').textContent()).toContain(chair.displayName);
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('presence-avatar');
		await page.getByRole('tab', { name: 'Delivery models' }).click();
		await page.locator('#models-grid [role="gridcell"]').first().waitFor();

		// What was left out is fetched in the background once the page is live, so a dialog never opened before
		// still opens after the network drops.
		const dialogCode = [...names].find(([, source]) => source === 'src/lib/components/grid/form-dialog-layer.svelte')?.[0];
		expect(dialogCode, 'the form dialog is built as a file of its own').toBeDefined();
		await expect.poll(() => paths, { timeout: 20_000 }).toContain(`/${dialogCode}`);
		await context.setOffline(true);
		await page.getByRole('button', { name: '+ Criterion' }).click();
		await expect.poll(() => page.getByRole('dialog', { name: 'Add a criterion' }).isVisible()).toBe(true);
		await context.close();
	});

	it('shows a tooltip on the first hover without another move of the pointer, and on the first Tab to it', async () => {
		const boardPath = await templateBoard();
		const { context, page } = await session.newPage({ width: 1366, height: 900 });
		try {
			await signIn(page, chair);
			const tooltip = page.locator('[data-tooltip-content]');
			for (const reach of ['pointer', 'keyboard'] as const) {
				// A fresh page each time: the tooltip's code is fetched on the first one reached.
				await page.goto(boardPath);
				await waitLive(page);
				const avatar = page.getByTestId('presence-avatar').first();
				// One move onto the avatar once it stands still, and none after.
				if (reach === 'pointer') await avatar.hover();
				else {
					for (let i = 0; i < 60; i++) {
						await page.keyboard.press('Tab');
						if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'presence-avatar')) break;
					}
				}
				await expect.poll(() => tooltip.isVisible(), { message: `the first ${reach} reach shows the tooltip`, timeout: 5_000 }).toBe(true);
				expect(await tooltip.textContent()).toContain(chair.displayName);
				await page.mouse.move(0, 0);
			}
		} finally {
			await context.close();
		}
	});

	it('names every script its first screen needs in the page, so they are all fetched at once', async () => {
		const boardPath = await templateBoard();
		const { context, page } = await session.newPage({ width: 1366, height: 900 });
		await signIn(page, chair);
		const response = await page.goto(boardPath);
		// SvelteKit names them in the Link header as in the page's head; the head is not read, as the page's own
		// script adds more there (Vite's preloads of what it fetches later).
		const preloaded = new Set(
			[...(response?.headers()['link'] ?? '').matchAll(/<[^>]*?(_app\/[^>]+)>;\s*rel="modulepreload"/g)].map((m) => m[1])
		);
		const needed = boardPageScripts();
		// The page's node and the chunks of its first load (a dozen): read from the manifest, not missed.
		expect(needed.length).toBeGreaterThan(5);
		// Not preloaded, the browser finds a script only once the one importing it has arrived: one more round trip.
		expect(needed.filter((file) => !preloaded.has(file))).toEqual([]);
		await context.close();
	});
});
