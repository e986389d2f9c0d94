// Loaded into the server under test with NODE_OPTIONS="--expose-gc --import <this file>" (see probe.ts). It
// changes nothing in the server: it samples event-loop delay, garbage-collection pauses, memory and the
// collaboration server's own counters (found through the app context the runtime publishes) into
// RELIABILITY_PROBE_FILE, once a second and on SIGUSR2 (after a full garbage collection, so memory figures are
// comparable). With RELIABILITY_PROBE_PROFILE=<folder> it also records a CPU profile, one file per SIGUSR2
// and one at exit, to attribute stalls (scripts/longest-tasks.mjs reads them).
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.RELIABILITY_PROBE_FILE;
if (file) {
	// 10 ms unless a test asks for finer (RELIABILITY_PROBE_RESOLUTION_MS=1 sees stalls of a few milliseconds).
	const delay = monitorEventLoopDelay({ resolution: Number(process.env.RELIABILITY_PROBE_RESOLUTION_MS) || 10 });
	delay.enable();
	const ms = (ns) => Math.round(ns / 1e4) / 100;
	// Garbage-collection pauses since the last sample: a major one stops every board at once.
	let gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0 };
	/** The end of the probe's own forced collections, which are not the server's pauses. */
	let forcedUntil = 0;
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if (entry.startTime <= forcedUntil) continue;
			gc.count++;
			gc.totalMs += entry.duration;
			gc.maxMs = Math.max(gc.maxMs, entry.duration);
			// perf_hooks.constants.NODE_PERFORMANCE_GC_MAJOR is 4 (mark-compact).
			if (entry.detail?.kind === 4) {
				gc.majorCount++;
				gc.majorMaxMs = Math.max(gc.majorMaxMs, entry.duration);
			}
		}
	}).observe({ entryTypes: ['gc'] });
	const profiles = process.env.RELIABILITY_PROBE_PROFILE;
	const profiler = profiles ? startProfiler(profiles) : null;
	const sample = (reason) => {
		const context = globalThis[Symbol.for('trustboard.context')];
		const memory = process.memoryUsage();
		const round = (value) => Math.round(value * 10) / 10;
		const line = {
			t: Date.now(),
			pid: process.pid,
			reason,
			rss: memory.rss,
			heapUsed: memory.heapUsed,
			external: memory.external,
			arrayBuffers: memory.arrayBuffers,
			loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), mean: ms(delay.mean) },
			gcMs: { count: gc.count, total: round(gc.totalMs), max: round(gc.maxMs), majorCount: gc.majorCount, majorMax: round(gc.majorMaxMs) },
			metrics: counters(context?.collab?.metrics),
			histograms: buckets(context?.collab?.metrics),
			resources: process.getActiveResourcesInfo?.().length ?? null
		};
		if (reason !== 'tick') gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0 };
		try {
			fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
		} catch {
			// The storage-failure test limits this process's file size: the probe must not be what fails.
		}
	};
	/** The collaboration server's numeric counters (Metrics fields), whatever its version calls them. */
	const counters = (metrics) =>
		metrics ? Object.fromEntries(Object.entries(metrics).filter(([, value]) => typeof value === 'number')) : null;
	/** Its histograms' cumulative bucket counts (arrays of numbers, e.g. relayBuckets). */
	const buckets = (metrics) =>
		metrics
			? Object.fromEntries(Object.entries(metrics).filter(([, value]) => Array.isArray(value) && value.every((n) => typeof n === 'number')))
			: null;
	sample('start');
	setInterval(() => sample('tick'), Number(process.env.RELIABILITY_PROBE_INTERVAL_MS) || 1000).unref();
	process.on('SIGUSR2', () => {
		profiler?.cut('request');
		// RELIABILITY_PROBE_NO_GC=1: a sample that only marks a window, for tests timing the event loop (a forced
		// collection is itself a stall, which the next window would count).
		const collect = typeof globalThis.gc === 'function' && process.env.RELIABILITY_PROBE_NO_GC !== '1';
		if (collect) {
			globalThis.gc();
			globalThis.gc();
			forcedUntil = performance.now();
		}
		sample('request');
		delay.reset();
		// The forced collection delayed the histogram's own timer, which records that delay when it fires next (before
		// any JavaScript timer due later): reset again after it, so the next window does not count the probe's stall.
		if (collect) setTimeout(() => delay.reset(), 1);
	});
	process.on('exit', () => profiler?.cut('exit', false));
}

/** A CPU profiler whose profile is written (and restarted) at each cut, named with the wall-clock time it began. */
function startProfiler(folder) {
	fs.mkdirSync(folder, { recursive: true });
	const session = new Session();
	session.connect();
	let began = Date.now();
	const start = () => {
		began = Date.now();
		session.post('Profiler.enable');
		session.post('Profiler.setSamplingInterval', { interval: 500 });
		session.post('Profiler.start');
	};
	start();
	return {
		cut(reason, again = true) {
			// The in-process session answers synchronously, so this works in an exit handler too.
			session.post('Profiler.stop', (error, result) => {
				if (error) return;
				const name = `${process.pid}-${began}-${reason}.cpuprofile`;
				fs.writeFileSync(path.join(folder, name), JSON.stringify({ ...result.profile, wallClockStart: began }));
			});
			if (again) start();
		}
	};
}
