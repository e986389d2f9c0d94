import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../../support/clients.ts';

export interface Sample {
	t: number;
	pid: number;
	reason: 'start' | 'tick' | 'request';
	rss: number;
	heapUsed: number;
	external: number;
	arrayBuffers: number;
	loopDelayMs: { p50: number; p99: number; max: number; mean: number };
	/** Garbage-collection pauses since the previous request (the probe's own forced collections left out). */
	gcMs: { count: number; total: number; max: number; majorCount: number; majorMax: number };
	metrics: Record<string, number> | null;
	/** The collaboration server's histograms: cumulative counts per bucket (Metrics, e.g. relayBuckets). */
	histograms: Record<string, number[]> | null;
	resources: number | null;
}

/** Reads what probe.mjs writes from inside the server process. */
export class Probe {
	readonly file: string;

	constructor() {
		this.file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-probe-')), 'probe.jsonl');
	}

	/** Deletes the samples' folder (after the server has stopped). */
	dispose(): void {
		fs.rmSync(path.dirname(this.file), { recursive: true, force: true });
	}

	/** Environment for ServerProcess that loads the probe. */
	get env(): Record<string, string> {
		return {
			NODE_OPTIONS: `--expose-gc --import ${path.join(import.meta.dirname, 'probe.mjs')}`,
			RELIABILITY_PROBE_FILE: this.file,
			// CPU profiles of the server for stall attribution (tests/reliability/support/longest-tasks.mjs reads them).
			...(process.env.RELIABILITY_PROBE_PROFILE ? { RELIABILITY_PROBE_PROFILE: process.env.RELIABILITY_PROBE_PROFILE } : {})
		};
	}

	samples(): Sample[] {
		if (!fs.existsSync(this.file)) return [];
		return fs
			.readFileSync(this.file, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as Sample);
	}

	latest(): Sample | undefined {
		return this.samples().at(-1);
	}

	/** The server's pid, from the probe's first line (ServerProcess keeps its child private). */
	pid(): number {
		const start = this.samples().findLast((s) => s.reason === 'start');
		if (!start) throw new Error('the probe did not start');
		return start.pid;
	}

	/** A sample taken after a full GC; its loop-delay figures cover the time since the previous request. */
	async request(): Promise<Sample> {
		const before = this.samples().filter((s) => s.reason === 'request').length;
		process.kill(this.pid(), 'SIGUSR2');
		let found: Sample | undefined;
		await waitFor(() => {
			const requests = this.samples().filter((s) => s.reason === 'request');
			found = requests.length > before ? requests.at(-1) : undefined;
			return found !== undefined;
		}, 'a probe sample');
		return found!;
	}

	/** Ticks between two times: the worst loop delay and the largest memory seen. */
	window(from: number, to = Date.now()): { loopDelayP99Ms: number; loopDelayMaxMs: number; rssMaxMb: number; heapMaxMb: number } {
		const ticks = this.samples().filter((s) => s.t >= from && s.t <= to);
		return {
			loopDelayP99Ms: Math.max(0, ...ticks.map((s) => s.loopDelayMs.p99)),
			loopDelayMaxMs: Math.max(0, ...ticks.map((s) => s.loopDelayMs.max)),
			rssMaxMb: mb(Math.max(0, ...ticks.map((s) => s.rss))),
			heapMaxMb: mb(Math.max(0, ...ticks.map((s) => s.heapUsed)))
		};
	}
}

/**
 * A percentile of what a server histogram counted between two samples, as the upper bound of the bucket it falls in
 * (a figure at most one bucket high); null when nothing was counted.
 */
export function histogramPercentile(
	histogram: { bounds: number[]; buckets: string; count: string },
	before: Sample,
	after: Sample,
	p: number
): number | null {
	const { bounds } = histogram;
	const to = after.histograms?.[histogram.buckets];
	const total = (after.metrics?.[histogram.count] ?? 0) - (before.metrics?.[histogram.count] ?? 0);
	if (!to || total <= 0) return null;
	const from = before.histograms?.[histogram.buckets] ?? bounds.map(() => 0);
	const wanted = (p / 100) * total;
	for (let i = 0; i < bounds.length; i++) if ((to[i] ?? 0) - (from[i] ?? 0) >= wanted) return bounds[i]!;
	return Infinity;
}

export function mb(bytes: number): number {
	return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
