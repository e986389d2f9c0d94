import { LatencyProbe } from '../clients/latency-probe.ts';
import { percentile } from '../lib/stats.ts';
import type { Workload } from './workload.ts';

/** 7. Writer on instance A, reader on instance B of the same board, 20 updates/s, through Redis. */
export const crossInstance: Workload = {
	name: 'cross-instance',
	title: '7. Cross-instance latency through Redis (2 instances)',
	applies: (target) => target.crossInstance,
	repeats: (sizes) => sizes.repeats,
	instances: 2,
	async measure(running, { sizes }) {
		const { rate, count, warmup } = sizes.crossInstance;
		const probe = await LatencyProbe.open(running, await running.newBoard(), { writer: 0, reader: 1 });
		try {
			const { samples, sent } = await probe.run(count, rate, warmup);
			if (samples.length === 0) throw new Error('nothing reached the other instance: cross-instance fan-out is not working in this build');
			return {
				p50_ms: percentile(samples, 50),
				p99_ms: percentile(samples, 99),
				max_ms: Math.max(...samples),
				lost: sent - samples.length
			};
		} finally {
			probe.close();
		}
	}
};
