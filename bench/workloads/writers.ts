import { RawClient } from '../clients/raw-client.ts';
import { EditorDoc, scanMarkers } from '../lib/content.ts';
import { CpuMeter } from '../lib/proc.ts';
import { percentile } from '../lib/stats.ts';
import { inBatches, paced, sleep } from '../lib/time.ts';
import type { Figures, Workload } from './workload.ts';

const DRAIN_MS = 3_000;

/**
 * 3. W writers on one board, each editing its own row at 5 updates/s and receiving everyone else's: send ->
 * arrival p50/p99 over all (update, other writer) pairs, completeness, server CPU. Each W gets a fresh board.
 */
export const writers: Workload = {
	name: 'writers',
	title: '3. Many writers on one board (5 updates/s each)',
	applies: (target) => !target.name.endsWith('-leveldb') && target.name !== 'hocuspocus-redis',
	repeats: (sizes) => sizes.repeats,
	async measure(running, { sizes, log }) {
		const { writers: steps, rate, seconds } = sizes.writers;
		const figures: Figures = {};
		const endpoint = running.endpoint();
		for (const w of steps) {
			const boardId = await running.newBoard();
			const sentAt: number[][] = Array.from({ length: w }, () => []);
			let latencies: number[] = [];
			const editors = Array.from({ length: w }, () => new EditorDoc());
			const clients = await inBatches(editors, 10, (editor, index) =>
				RawClient.open({
					endpoint,
					boardId,
					editor,
					onUpdate: (update, at) =>
						scanMarkers(update, (from, seq) => {
							if (from === index) return;
							const sent = sentAt[from]?.[seq];
							if (sent !== undefined) latencies.push(at - sent);
						})
				})
			);
			try {
				await sleep(500);
				latencies = [];
				const perWriter = Math.round(rate * seconds);
				const cpu = new CpuMeter(running.pid());
				// One schedule for all writers, round robin, so their edits interleave evenly.
				await paced(perWriter * w, rate * w, (i) => {
					const from = i % w;
					const seq = Math.floor(i / w);
					sentAt[from]![seq] = performance.now();
					clients[from]!.send(editors[from]!.editCell(from, seq));
				});
				const expected = perWriter * w * (w - 1);
				const deadline = performance.now() + DRAIN_MS;
				while (latencies.length < expected && performance.now() < deadline) await sleep(20);
				const cpuShare = cpu.read();
				figures[`w${w}_p50_ms`] = percentile(latencies, 50);
				figures[`w${w}_p99_ms`] = percentile(latencies, 99);
				figures[`w${w}_completeness_pct`] = (latencies.length / expected) * 100;
				figures[`w${w}_server_cpu_pct`] = cpuShare * 100;
				log(`  W=${w}: ${latencies.length}/${expected} delivered, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
			} finally {
				for (const client of clients) client.close();
			}
		}
		return figures;
	}
};
