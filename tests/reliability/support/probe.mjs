// Loaded into the server under test with NODE_OPTIONS="--expose-gc --import <this file>" (see probe.ts). It
// changes nothing in the server: it samples event-loop delay, memory and the collaboration server's own
// counters (found through the app context the runtime publishes) into RELIABILITY_PROBE_FILE, once a second
// and on SIGUSR2 (after a full garbage collection, so memory figures are comparable).
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.RELIABILITY_PROBE_FILE;
if (file) {
	// 10 ms unless a test asks for finer (RELIABILITY_PROBE_RESOLUTION_MS=1 sees stalls of a few milliseconds).
	const delay = monitorEventLoopDelay({ resolution: Number(process.env.RELIABILITY_PROBE_RESOLUTION_MS) || 10 });
	delay.enable();
	const ms = (ns) => Math.round(ns / 1e4) / 100;
	const sample = (reason) => {
		const context = globalThis[Symbol.for('trustboard.context')];
		const memory = process.memoryUsage();
		const line = {
			t: Date.now(),
			pid: process.pid,
			reason,
			rss: memory.rss,
			heapUsed: memory.heapUsed,
			external: memory.external,
			arrayBuffers: memory.arrayBuffers,
			loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), mean: ms(delay.mean) },
			metrics: counters(context?.collab?.metrics),
			resources: process.getActiveResourcesInfo?.().length ?? null
		};
		try {
			fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
		} catch {
			// The storage-failure test limits this process's file size: the probe must not be what fails.
		}
	};
	/** The collaboration server's numeric counters (Metrics fields), whatever its version calls them. */
	const counters = (metrics) =>
		metrics ? Object.fromEntries(Object.entries(metrics).filter(([, value]) => typeof value === 'number')) : null;
	sample('start');
	setInterval(() => sample('tick'), Number(process.env.RELIABILITY_PROBE_INTERVAL_MS) || 1000).unref();
	process.on('SIGUSR2', () => {
		// RELIABILITY_PROBE_NO_GC=1: a sample that only marks a window, for tests timing the event loop (a forced
		// collection is itself a stall, which the next window would count).
		if (typeof globalThis.gc === 'function' && process.env.RELIABILITY_PROBE_NO_GC !== '1') {
			globalThis.gc();
			globalThis.gc();
		}
		sample('request');
		delay.reset();
	});
}
