import { LatencyProbe } from '../clients/latency-probe.ts';
import { cpuSeconds } from '../lib/proc.ts';
import { percentile } from '../lib/stats.ts';
import type { Workload } from './workload.ts';

/** 1. One writer and one reader on one board, 20 updates/s: send -> remote apply. */
export const latency: Workload = {
	name: 'latency',
	title: '1. Latency: 1 writer + 1 reader, 20 updates/s',
	applies: (target) => !target.name.endsWith('-leveldb') && target.name !== 'hocuspocus-redis',
	repeats: (sizes) => sizes.repeats,
	async measure(running, { sizes }) {
		const { rate, count, warmup } = sizes.latency;
		const probe = await LatencyProbe.open(running, await running.newBoard());
		try {
			// The server's CPU (every thread) per edit: unlike the times, it hardly moves with the machine's load.
			const cpuBefore = cpuSeconds(running.pid());
			const { samples, sent } = await probe.run(count, rate, warmup);
			const cpuMs = (cpuSeconds(running.pid()) - cpuBefore) * 1_000;
			return {
				p50_ms: percentile(samples, 50),
				p99_ms: percentile(samples, 99),
				max_ms: Math.max(...samples),
				lost: sent - samples.length,
				server_cpu_ms_per_edit: cpuMs / Math.max(1, sent + warmup)
			};
		} finally {
			probe.close();
		}
	}
};
