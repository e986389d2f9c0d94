/**
 * What the board page's main thread spends before the board is usable, in CPU time rather than wall-clock time, so
 * that two builds can be compared on a busy machine (the browser workload's timings move several-fold with the
 * load average; a thread's CPU time far less). For each cold open (a fresh browser context, as the bench's browser
 * workload opens it): the renderer main thread's CPU time from navigation to the bench's "usable" (the first grid
 * cell not inside an `aria-busy` element), from a Chromium trace, and the elements and grid cells in the page then.
 *
 *   npx tsx bench/browser-cpu.ts [template|big] [opens]
 *
 * With `BENCH_TRUSTBOARD_DIR=<checkout>` it measures another built checkout, as `npm run bench` does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { bigBoard, templateBoard } from './lib/big-board.ts';
import { TrustboardTarget } from './targets/trustboard.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const board = process.argv[2] === 'big' ? 'big' : 'template';
const opens = Number(process.argv[3] ?? 5);

/** Marks "usable" as the bench's probe sees it, and counts what the page holds at that moment. */
const MARK_SCRIPT = `(() => {
	const seen = new MutationObserver(() => {
		const cell = document.querySelector('[role="grid"] [role="gridcell"]');
		if (!cell || cell.closest('[aria-busy="true"]')) return;
		seen.disconnect();
		window.__usable = { elements: document.getElementsByTagName('*').length, cells: document.querySelectorAll('[role="gridcell"]').length };
		performance.mark('usable');
	});
	seen.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
})();`;

interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	tdur?: number;
	cat?: string;
	args?: { name?: string };
}

/** CPU time of the renderer main thread's top-level events before the mark (the one the mark falls in, pro rata). */
function cpuBeforeMark(events: TraceEvent[]): number | null {
	const mark = events.find((e) => e.name === 'usable' && e.cat?.includes('blink.user_timing'));
	if (!mark) return null;
	const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain');
	const spans = events
		.filter((e) => e.pid === mark.pid && e.tid === main?.tid && e.ph === 'X' && e.ts < mark.ts)
		.sort((a, b) => a.ts - b.ts);
	let cpu = 0;
	let end = 0;
	for (const span of spans) {
		if (span.ts < end) continue; // inside the previous top-level event
		end = span.ts + (span.dur ?? 0);
		const share = end <= mark.ts ? 1 : (mark.ts - span.ts) / (span.dur || 1);
		cpu += (span.tdur ?? 0) * share;
	}
	return cpu / 1000;
}

const running = await new TrustboardTarget('sqlite').start();
const results: { cpu: number; elements: number; cells: number }[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-cpu-'));
try {
	const origin = running
		.endpoint()
		.base.replace(/^ws/, 'http')
		.replace(/\/collab$/, '');
	const [name, value] = (running.endpoint().headers.Cookie ?? '').split('=') as [string, string];
	const initial = board === 'big' ? bigBoard({ scopeRows: 200, scopeColumns: 15, models: 30, criteria: 25 }) : templateBoard();
	const boardId = await running.newBoard(initial);
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
	});
	for (let i = 0; i < opens; i++) {
		const context = await browser.newContext({ baseURL: origin, viewport: { width: 1366, height: 900 } });
		await context.addCookies([{ name, value, url: origin }]);
		await context.addInitScript(MARK_SCRIPT);
		const page = await context.newPage();
		const file = path.join(dir, `${i}.json`);
		await browser.startTracing(page, { path: file, categories: ['toplevel', 'blink.user_timing', '__metadata'] });
		await page.goto(`/boards/${boardId}`);
		await page.waitForFunction(() => '__usable' in window, null, { timeout: 30_000 });
		await browser.stopTracing();
		const counts = await page.evaluate(() => (window as unknown as { __usable: { elements: number; cells: number } }).__usable);
		const cpu = cpuBeforeMark(JSON.parse(fs.readFileSync(file, 'utf8')).traceEvents ?? []);
		if (cpu !== null) results.push({ cpu, ...counts });
		await context.close();
	}
	await browser.close();
} finally {
	await running.stop();
	fs.rmSync(dir, { recursive: true, force: true });
}
const cpus = results.map((r) => r.cpu).sort((a, b) => a - b);
console.log(
	`${board} board, ${results.length} cold opens: main-thread CPU before usable ${cpus.map((c) => c.toFixed(0)).join(', ')} ms ` +
		`(median ${cpus[Math.floor(cpus.length / 2)]?.toFixed(0)}); elements ${results[0]?.elements}, grid cells ${results[0]?.cells}`
);
