/**
 * A cold load's cost to the event loop, in one process without sockets: a board of the cold-load workload's
 * history (1.5 MB, about 3,000 logged updates) loaded from SQLite into a document, through the server's store
 * and turns, while another board's "edit" is due every 10 ms. Each round loads the board one of two ways,
 * alternated so the machine's load falls on both alike:
 *
 * - `main-thread read`: the rows read on the event loop and handed to the worker thread to merge and slice, the
 *   slices queued in the turns like any other work (which lengthens every turn to MAX_TURN_BUDGET_MS);
 * - `thread read`: the worker thread reads the rows itself (the event loop counts their bytes), and the slices
 *   keep to the turns' short budget.
 *
 * Reported per way: the load's time, the other board's longest and p99 wait from when its edit was due until it
 * ran, and garbage collection during the load. Run it pinned to one core, as the bench runs the servers:
 *
 *   taskset -c 0 npx tsx bench/cold-load-loop.ts [rounds=8]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { loadDocument } from '../server/collab/load-document.ts';
import { Turns } from '../server/collab/turns.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import * as board from '../src/lib/server/board.ts';
import { testUser } from '../src/lib/server/db/testing.ts';
import { createDocStore, docStoreFor, mergedOffThread, oneCompactionAtATime } from '../src/lib/server/doc-store.ts';
import { createOffload } from '../src/lib/server/offload.ts';
import { seedUpdate } from './lib/content.ts';
import { boardHistory } from './lib/history.ts';
import { percentile } from './lib/stats.ts';

const rounds = Number(process.argv[2] ?? 8);
const EDIT_EVERY_MS = 10;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cold-load-loop-'));
const database = await openDatabase({ url: null, dataDir: dir });
const offload = createOffload(1);
try {
	const userId = await testUser(database.db, 'writer');
	const { id: boardId } = await board.create(database.db, { title: 'Cold load', createdBy: userId, initialUpdate: seedUpdate() });
	const { updates } = boardHistory(1_500_000);
	await createDocStore(database.db).append(
		boardId,
		updates.map((update) => ({ update, userId }))
	);
	const ways = {
		'main-thread read': { docs: mergedOffThread(oneCompactionAtATime(createDocStore(database.db)), offload), background: false },
		'thread read': { docs: docStoreFor(database, offload, { compactOffThread: true }), background: true }
	};
	const results = new Map<
		string,
		Array<{ loadMs: number; readMs: number; maxMs: number; readMaxMs: number; applyMaxMs: number; p99Ms: number; gcMs: number }>
	>();
	// One round of each first, not counted: the worker thread starts and both paths warm up.
	for (let round = -1; round < rounds; round++) {
		for (const [name, way] of Object.entries(ways)) {
			const turns = new Turns();
			const waits: number[] = [];
			let gcMs = 0;
			const gc = new PerformanceObserver((list) => {
				for (const entry of list.getEntries()) gcMs += entry.duration;
			});
			gc.observe({ entryTypes: ['gc'] });
			const started = performance.now();
			let due = started + EDIT_EVERY_MS;
			const edits = setInterval(() => {
				// Every edit due since the last tick, each waiting in the turns like a board's message.
				for (; due <= performance.now(); due += EDIT_EVERY_MS) {
					const dueAt = due;
					turns.run('other', () => waits.push(performance.now() - dueAt));
				}
			}, 1);
			const stored = await way.docs.load(boardId);
			const readMs = performance.now() - started;
			const waitsReading = waits.length;
			const loaded = await loadDocument(stored, { run: (slice) => turns.runAsync(boardId, slice, { background: way.background }) });
			const loadMs = performance.now() - started;
			clearInterval(edits);
			await new Promise((resolve) => setTimeout(resolve, 10));
			for (const entry of gc.takeRecords()) gcMs += entry.duration;
			gc.disconnect();
			loaded.doc.destroy();
			if (round < 0) continue;
			const list = results.get(name) ?? [];
			list.push({
				loadMs,
				readMs,
				maxMs: Math.max(...waits),
				readMaxMs: Math.max(...waits.slice(0, waitsReading)),
				applyMaxMs: Math.max(0, ...waits.slice(waitsReading)),
				p99Ms: percentile(waits, 99),
				gcMs
			});
			results.set(name, list);
		}
	}
	const median = (values: number[]) => percentile(values, 50);
	const spread = (values: number[]) => `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})`;
	console.log(`load average ${os.loadavg()[0]!.toFixed(1)}; ${rounds} rounds; median (min-max), ms`);
	console.log(
		'way                 | load            | read and merge  | other board max | (reading)       | (applying)      | other board p99 | GC during load'
	);
	for (const [name, list] of results) {
		const column = (pick: (r: (typeof list)[number]) => number) => spread(list.map(pick)).padEnd(15);
		console.log(
			[
				name.padEnd(19),
				...(['loadMs', 'readMs', 'maxMs', 'readMaxMs', 'applyMaxMs', 'p99Ms', 'gcMs'] as const).map((key) => column((r) => r[key]))
			].join(' | ')
		);
	}
} finally {
	await offload.close();
	await database.close();
	fs.rmSync(dir, { recursive: true, force: true });
}
