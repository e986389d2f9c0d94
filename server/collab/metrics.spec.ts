import { describe, expect, it } from 'vitest';
import { renderMetrics } from '../prometheus.ts';
import { Metrics, RELAY_BUCKETS_MS } from './metrics.ts';

describe('relay histogram', () => {
	it('counts each relayed edit in every bucket at or above its time, and serves it to Prometheus in seconds', () => {
		const metrics = new Metrics();
		metrics.recordRelay(3);
		metrics.recordRelay(40);
		metrics.recordRelay(9_000);
		const at = (ms: number) => metrics.relayBuckets[RELAY_BUCKETS_MS.indexOf(ms)];
		expect([at(2.5), at(5), at(50), at(5_000)]).toEqual([0, 1, 2, 2]);
		expect(metrics.relays).toBe(3);
		const text = renderMetrics(
			metrics,
			{ p50: 0, p99: 0, max: 0 },
			{ residentBytes: 0, heapUsedBytes: 0, cpuSeconds: 0, uptimeSeconds: 0 }
		);
		expect(text).toContain('trustboard_relay_duration_seconds_bucket{le="0.05"} 2');
		expect(text).toContain('trustboard_relay_duration_seconds_bucket{le="+Inf"} 3');
		expect(text).toContain('trustboard_relay_duration_seconds_sum 9.043');
	});
});
