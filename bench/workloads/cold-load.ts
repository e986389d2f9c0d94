import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LatencyProbe } from '../clients/latency-probe.ts';
import { boardHistory, type History } from '../lib/history.ts';
import { percentile } from '../lib/stats.ts';
import { sleep } from '../lib/time.ts';
import type { Workload } from './workload.ts';

const BEFORE_MS = 1_500;
let history: (History & { bytes: number }) | null = null;

/**
 * 5. A board with a long history (~1.5 MB of updates) is opened on a freshly started server while another
 * board streams edits at 20/s: time from opening until the client holds the whole board, and the other board's latency before and
 * during the load (one event loop serves both).
 */
export const coldLoad: Workload = {
	name: 'cold-load',
	title: '5. Cold load of a large board, and its effect on another board',
	applies: (target) => target.durable && target.name !== 'hocuspocus-redis',
	repeats: (sizes) => sizes.repeats,
	async measure(running, { sizes }) {
		const { historyBytes, rate, seconds } = sizes.coldLoad;
		if (history?.bytes !== historyBytes) history = { bytes: historyBytes, ...boardHistory(historyBytes) };
		const { clientId, clock } = history;
		const big = await running.newBoard();
		await running.storeHistory(big, history);
		const probe = await LatencyProbe.open(running, await running.newBoard());
		try {
			const loader = await startLoader({ endpoint: running.endpoint(), boardId: big, clientId, clock });
			await probe.run(rate, rate);
			const stream = probe.stream(rate, seconds);
			await sleep(BEFORE_MS);
			const openedAt = performance.now();
			const { loadMs, loadedBytes } = await loader.open();
			const { samples, sentAt } = await stream.stop();
			const before = samples.filter((_, i) => (sentAt[i] ?? 0) < openedAt);
			const during = samples.filter((_, i) => (sentAt[i] ?? 0) >= openedAt - 100 && (sentAt[i] ?? 0) <= openedAt + loadMs);
			return {
				load_ms: loadMs,
				loaded_kb: loadedBytes / 1024,
				history_updates: history.updates.length,
				other_p99_before_ms: percentile(before, 99),
				other_max_during_ms: during.length > 0 ? Math.max(...during) : Number.NaN,
				other_p99_all_ms: percentile(samples, 99)
			};
		} finally {
			probe.close();
		}
	}
};

/**
 * The large board's client in a process of its own (clients/load-child.ts), started and ready before the probe
 * streams: in this process, its applying the board held the probe's event loop, and the probe counted that time
 * as the server's. Resolves once the child holds the whole board; it measures from its own opening.
 */
async function startLoader(input: { endpoint: unknown; boardId: string; clientId: number; clock: number }) {
	const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, '../clients/load-child.ts'), JSON.stringify(input)], {
		stdio: ['pipe', 'pipe', 'inherit']
	});
	const lines = createInterface({ input: child.stdout });
	const exited = once(child, 'exit');
	const next = async (): Promise<string> => {
		const line = once(lines, 'line').then(([text]) => text as string);
		const died = exited.then(([code]) => Promise.reject(new Error(`the large-board client exited (${String(code)})`)));
		// Once the line has come, the child's normal exit must not be an unhandled rejection.
		died.catch(() => undefined);
		return Promise.race([line, died]);
	};
	if ((await next()) !== 'ready') throw new Error('the large-board client did not start');
	return {
		async open(): Promise<{ loadMs: number; loadedBytes: number }> {
			const result = next();
			child.stdin.write('go\n');
			const { loadMs, loadedBytes } = JSON.parse(await result) as { loadMs: number; loadedBytes: number };
			await exited;
			return { loadMs, loadedBytes };
		}
	};
}
