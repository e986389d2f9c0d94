import { RawClient } from '../clients/raw-client.ts';
import { EditorDoc, scanMarkers } from '../lib/content.ts';
import { CpuMeter, rssBytes } from '../lib/proc.ts';
import { percentile } from '../lib/stats.ts';
import { inBatches, paced, sleep } from '../lib/time.ts';
import type { Figures, Workload } from './workload.ts';

const DRAIN_MS = 3_000;
const CONNECT_PARALLEL = 20;
/** A step counts as sustained when (nearly) every update reached every reader, quickly enough to feel live. */
export const SUSTAINED = { completeness: 0.999, p99Ms: 250 };

/**
 * 2. One writer, N readers on one board (N stepped up on one server): deliveries per second, the share of
 * (update, reader) pairs delivered, p99 send -> arrival at the reader socket, server CPU and RSS. Readers are
 * raw protocol clients (no Y.Doc) so the generator's one core outlasts the server's.
 */
export const fanout: Workload = {
	name: 'fanout',
	title: '2. Fan-out: 1 writer, N readers',
	applies: (target) => !target.name.endsWith('-leveldb') && target.name !== 'hocuspocus-redis',
	repeats: (sizes) => sizes.repeats,
	async measure(running, { sizes, log }) {
		const { readers: steps, rate, seconds } = sizes.fanout;
		const boardId = await running.newBoard();
		const endpoint = running.endpoint();
		const editor = new EditorDoc();
		const writer = await RawClient.open({ endpoint, boardId, editor });
		const readers: RawClient[] = [];
		const sentAt: number[] = [];
		let window = { from: 0, to: 0 };
		let latencies: number[] = [];
		let lastArrival = 0;
		const onUpdate = (update: Uint8Array, at: number) =>
			scanMarkers(update, (_writer, seq) => {
				if (seq < window.from || seq >= window.to) return;
				latencies.push(at - (sentAt[seq] ?? at));
				lastArrival = at;
			});
		const figures: Figures = {};
		let seq = 0;
		try {
			for (const n of steps) {
				const missing = Array.from({ length: n - readers.length }, (_, i) => i);
				readers.push(...(await inBatches(missing, CONNECT_PARALLEL, () => RawClient.open({ endpoint, boardId, onUpdate }))));
				await sleep(500);
				const count = Math.round(rate * seconds);
				window = { from: seq, to: seq + count };
				latencies = [];
				const cpu = new CpuMeter(running.pid());
				const start = performance.now();
				await paced(count, rate, () => {
					const s = seq++;
					sentAt[s] = performance.now();
					writer.send(editor.editCell(0, s));
				});
				const expected = count * n;
				const deadline = performance.now() + DRAIN_MS;
				while (latencies.length < expected && performance.now() < deadline) await sleep(20);
				// Over the send window, or until the last arrival if the server fell behind.
				const elapsed = Math.max((lastArrival - start) / 1000, count / rate);
				const completeness = latencies.length / expected;
				const p99 = percentile(latencies, 99);
				const cpuShare = cpu.read();
				figures[`n${n}_delivered_per_s`] = latencies.length / elapsed;
				figures[`n${n}_completeness_pct`] = completeness * 100;
				figures[`n${n}_p50_ms`] = percentile(latencies, 50);
				figures[`n${n}_p99_ms`] = p99;
				figures[`n${n}_server_cpu_pct`] = cpuShare * 100;
				figures[`n${n}_server_rss_mb`] = rssBytes(running.pid()) / 2 ** 20;
				figures[`n${n}_sustained`] = completeness >= SUSTAINED.completeness && p99 <= SUSTAINED.p99Ms ? 1 : 0;
				log(`  N=${n}: ${latencies.length}/${expected} delivered, p99 ${p99.toFixed(1)} ms, server CPU ${(cpuShare * 100).toFixed(0)}%`);
			}
		} finally {
			writer.close();
			for (const reader of readers) reader.close();
		}
		return figures;
	}
};
