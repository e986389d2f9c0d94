import { RawClient } from '../clients/raw-client.ts';
import { EditorDoc } from '../lib/content.ts';
import { rssBytes } from '../lib/proc.ts';
import { median, slope } from '../lib/stats.ts';
import { inBatches, sleep } from '../lib/time.ts';
import type { RunningTarget } from '../targets/target.ts';
import type { Workload } from './workload.ts';

const SETTLE_MS = 1_000;

/** RSS after the server has settled: the median of a few samples, as garbage collection makes it jump. */
async function settledRss(running: RunningTarget): Promise<number> {
	await sleep(SETTLE_MS);
	const samples: number[] = [];
	for (let i = 0; i < 5; i++) {
		samples.push(rssBytes(running.pid()));
		await sleep(200);
	}
	return median(samples);
}

/**
 * 4. Memory per loaded board and per idle connection, as least-squares slopes of server RSS: boards are
 * opened one client each (the template board plus the bench rows, ~28 kB of Yjs state), then idle readers
 * are added to one board. Per board (net) takes the connection's share out of the per-board slope.
 */
export const boards: Workload = {
	name: 'boards',
	title: '4. Many boards: memory per loaded board and per idle connection',
	// The relay holds no documents: a per-board figure of it would be noise around zero, not a floor.
	applies: (target) => !target.name.endsWith('-leveldb') && target.name !== 'hocuspocus-redis' && target.name !== 'relay',
	repeats: (sizes) => sizes.repeats,
	async measure(running, { sizes, log }) {
		const { boards: maxBoards, connections: maxConnections, steps } = sizes.boards;
		const endpoint = running.endpoint();
		const clients: RawClient[] = [];
		try {
			const boardCounts = [0];
			const boardRss = [await settledRss(running)];
			for (let step = 1; step <= steps; step++) {
				const target = Math.round((maxBoards * step) / steps);
				const ids = await Promise.all(Array.from({ length: target - clients.length }, () => running.newBoard()));
				clients.push(...(await inBatches(ids, 10, (boardId) => RawClient.open({ endpoint, boardId, editor: new EditorDoc() }))));
				boardCounts.push(clients.length);
				boardRss.push(await settledRss(running));
			}
			const perBoard = slope(boardCounts, boardRss);
			log(`  ${clients.length} boards: ${(perBoard / 1024).toFixed(0)} kB per board (with its connection)`);
			const boardId = await running.newBoard();
			const first = await RawClient.open({ endpoint, boardId, editor: new EditorDoc() });
			clients.push(first);
			const connectionCounts = [0];
			const connectionRss = [await settledRss(running)];
			let connected = 0;
			for (let step = 1; step <= steps; step++) {
				const target = Math.round((maxConnections * step) / steps);
				const more = Array.from({ length: target - connected }, () => boardId);
				clients.push(...(await inBatches(more, 20, () => RawClient.open({ endpoint, boardId }))));
				connected = target;
				connectionCounts.push(connected);
				connectionRss.push(await settledRss(running));
			}
			const perConnection = slope(connectionCounts, connectionRss);
			log(`  ${connected} idle connections: ${(perConnection / 1024).toFixed(1)} kB each`);
			return {
				per_board_kb: perBoard / 1024,
				per_connection_kb: perConnection / 1024,
				per_board_net_kb: (perBoard - perConnection) / 1024,
				base_rss_mb: (boardRss[0] ?? Number.NaN) / 2 ** 20
			};
		} finally {
			for (const client of clients) client.close();
		}
	}
};
