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
	metrics: Record<string, number> | null;
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
			RELIABILITY_PROBE_FILE: this.file
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

export function mb(bytes: number): number {
	return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
