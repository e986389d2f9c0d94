import * as Y from 'yjs';
import { LatencyProbe } from '../clients/latency-probe.ts';
import { openProvider } from '../clients/provider-client.ts';
import { boardHistory, type History } from '../lib/history.ts';
import { percentile } from '../lib/stats.ts';
import { sleep, until } from '../lib/time.ts';
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
			await probe.run(rate, rate);
			const stream = probe.stream(rate, seconds);
			await sleep(BEFORE_MS);
			const openedAt = performance.now();
			const client = openProvider(running.endpoint(), big);
			// Until the client holds the whole board: y-websocket-server answers sync before LevelDB has loaded.
			await until(() => Y.getState(client.doc.store, clientId) >= clock, 'the large board', 60_000, 2);
			const loadMs = performance.now() - openedAt;
			const loadedBytes = Y.encodeStateAsUpdate(client.doc).byteLength;
			client.destroy();
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
