import zlib from 'node:zlib';
import * as Y from 'yjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as scope from '../../src/lib/board/scope.ts';
import * as template from '../../src/lib/board/template.ts';
import { RawClient } from '../clients/raw-client.ts';
import { bigBoard, templateBoard, type GridSize } from '../lib/big-board.ts';
import { percentile } from '../lib/stats.ts';
import { sleep } from '../lib/time.ts';
import type { RunningTarget } from '../targets/target.ts';
import { PROBE_SCRIPT } from './browser-probe.ts';
import type { Figures, Workload } from './workload.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BIG: GridSize = { scopeRows: 200, scopeColumns: 15, models: 30, criteria: 25 };
const WAIT_MS = 30_000;
/** Apart enough that two clicks on one cell are not a double click. */
const EDIT_GAP_MS = 700;

declare global {
	interface Window {
		__bench: {
			firstShown: number | null;
			firstRender: number | null;
			mode: 'grid' | 'details' | null;
			committed: number[];
			seen: Record<string, number>;
			watch: string[];
		};
	}
}

function appOrigin(running: RunningTarget): string {
	return running
		.endpoint()
		.base.replace(/^ws/, 'http')
		.replace(/\/collab$/, '');
}

async function openBoard(browser: Browser, running: RunningTarget, boardId: string, onScript?: (url: string, body: Buffer) => void) {
	const origin = appOrigin(running);
	const [name, value] = (running.endpoint().headers.Cookie ?? '').split('=') as [string, string];
	const context = await browser.newContext({ baseURL: origin, viewport: { width: 1366, height: 900 } });
	await context.addCookies([{ name, value, url: origin }]);
	await context.addInitScript(PROBE_SCRIPT);
	const page = await context.newPage();
	const scripts: Promise<void>[] = [];
	if (onScript) {
		page.on('response', (response) => {
			const url = response.url();
			if (url.startsWith(origin) && url.split('?')[0]!.endsWith('.js')) scripts.push(response.body().then((body) => onScript(url, body)));
		});
	}
	await page.goto(`/boards/${boardId}`);
	await page.waitForFunction(() => window.__bench.firstRender !== null, null, { timeout: WAIT_MS });
	const firstRender = await page.evaluate(() => ({
		ms: window.__bench.firstRender ?? Number.NaN,
		shownMs: window.__bench.firstShown ?? window.__bench.firstRender ?? Number.NaN,
		mode: window.__bench.mode
	}));
	return { context, page, firstRender, scripts };
}

function token(i: number): string {
	return `zq${i}x${Math.random().toString(36).slice(2, 7)}`;
}

async function seenAt(page: Page, watched: string): Promise<number> {
	const handle = await page.waitForFunction((t) => window.__bench.seen[t], watched, { timeout: 10_000, polling: 20 });
	return (await handle.jsonValue()) as number;
}

/** Edits in page A, shown in page B: A's commit (Enter / input event) to the text appearing in B. */
async function twoBrowserEdits(a: Page, b: Page, mode: string, edits: number): Promise<number[]> {
	const latencies: number[] = [];
	const cell = a.locator(`[role="gridcell"][id$="-${template.TEMPLATE_COLUMN_IDS.statutoryBasis}"]`).first();
	if (mode === 'details') {
		await a.locator('#board-description').click();
		await a.keyboard.press('End');
	}
	for (let i = 0; i < edits; i++) {
		const t = token(i);
		await b.evaluate((w) => window.__bench.watch.push(w), t);
		const before = await a.evaluate(() => window.__bench.committed.length);
		if (mode === 'grid') {
			await cell.click();
			await a.keyboard.type(t);
			await a.keyboard.press('Enter');
		} else {
			await a.keyboard.insertText(` ${t}`);
		}
		const seen = await seenAt(b, t);
		const committed = await a.evaluate((n) => window.__bench.committed.slice(n), before);
		const last = committed.at(-1);
		if (last !== undefined) latencies.push(seen - last);
		await sleep(EDIT_GAP_MS);
	}
	return latencies;
}

/** A large board's grid: first render, and a remote edit (from a Node client) reaching the page. */
async function bigGrid(browser: Browser, running: RunningTarget, edits: number): Promise<Figures> {
	const initial = bigBoard(BIG);
	const boardId = await running.newBoard(initial);
	const { context, page, firstRender } = await openBoard(browser, running, boardId);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, initial);
	const writer = await RawClient.open({ endpoint: running.endpoint(), boardId });
	const rowId = template.SCOPE_ROWS[0]?.id ?? '';
	const updates: number[] = [];
	try {
		for (let i = 0; i < edits; i++) {
			const t = token(i);
			await page.evaluate((w) => window.__bench.watch.push(w), t);
			let update: Uint8Array | null = null;
			doc.once('update', (u: Uint8Array) => (update = u));
			scope.setCell(doc, rowId, template.TEMPLATE_COLUMN_IDS.statutoryBasis, t);
			const sentAt = performance.timeOrigin + performance.now();
			if (update) writer.send(update);
			updates.push((await seenAt(page, t)) - sentAt);
			await sleep(200);
		}
	} finally {
		writer.close();
		doc.destroy();
		await context.close();
	}
	return {
		big_first_shown_ms: firstRender.shownMs,
		big_first_render_ms: firstRender.ms,
		big_update_p50_ms: percentile(updates, 50),
		big_update_p99_ms: percentile(updates, 99),
		big_update_max_ms: Math.max(...updates)
	};
}

/**
 * Browser figures for trustboard (the others have no UI): JS the board page loads (each file gzipped at
 * level 9, as adapter-node precompresses), time to first render of a template board on a cold cache, and
 * edit latency between two Chromium pages through the server. When the board page shows the grids, also a
 * 200 x 15 scope grid with 30 models x 25 criteria: first render and remote update.
 */
export const browserWorkload: Workload = {
	name: 'browser',
	title: 'Browser (Chromium, headless)',
	applies: (target) => target.name === 'trustboard',
	repeats: () => 1,
	async measure(running, { sizes }) {
		const { loads, edits } = sizes.browser;
		const browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
		});
		try {
			const boardId = await running.newBoard(templateBoard());
			let gzip = 0;
			let files = 0;
			const first = await openBoard(browser, running, boardId, (_url, body) => {
				gzip += zlib.gzipSync(body, { level: 9 }).byteLength;
				files++;
			});
			await sleep(1_000);
			await Promise.all(first.scripts);
			await first.context.close();
			const renders: number[] = [first.firstRender.ms];
			const shown: number[] = [first.firstRender.shownMs];
			for (let i = 1; i < loads; i++) {
				const again = await openBoard(browser, running, boardId);
				renders.push(again.firstRender.ms);
				shown.push(again.firstRender.shownMs);
				await again.context.close();
			}
			const a = await openBoard(browser, running, boardId);
			const b = await openBoard(browser, running, boardId);
			const mode = a.firstRender.mode ?? 'details';
			const latencies = await twoBrowserEdits(a.page, b.page, mode, edits);
			await a.context.close();
			await b.context.close();
			const figures: Figures = {
				js_gzip_kb: gzip / 1024,
				js_files: files,
				first_shown_ms: percentile(shown, 50),
				first_render_ms: percentile(renders, 50),
				edit_p50_ms: percentile(latencies, 50),
				edit_p99_ms: percentile(latencies, 99),
				grid_page: mode === 'grid' ? 1 : 0
			};
			return mode === 'grid' ? { ...figures, ...(await bigGrid(browser, running, edits)) } : figures;
		} finally {
			await browser.close();
		}
	}
};
