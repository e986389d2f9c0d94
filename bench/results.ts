import type { Sizes } from './config.ts';
import type { Figures } from './workloads/workload.ts';
import type { Spread } from './lib/stats.ts';

/** One target's figures in one workload: every repeat, and their median with min-max. */
export interface TargetResult {
	target: string;
	runs: Figures[];
	summary: Record<string, Spread>;
	errors: string[];
	/** Wall time of all its repeats, servers' start and stop included (where the run's minutes go). */
	seconds?: number;
}

/** The shape of bench/results/*.json. */
export interface Results {
	startedAt: string;
	finishedAt: string;
	quick: boolean;
	command: string;
	git: { commit: string; dirty: boolean };
	machine: { cpu: string; cores: number; memoryGb: number; kernel: string; node: string };
	/** The cores the servers were pinned to (`taskset -c` list); absent in runs from before the option: `0`. */
	serverCores?: string;
	/** When the trustboard build under test was made (the bench runs a copy of build/). */
	trustboardBuiltAt: string | null;
	/** The checkout whose build was measured, when not the harness's own (BENCH_TRUSTBOARD_DIR). */
	trustboardCheckout?: { commit: string; dirty: boolean };
	loadAverage: { before: number[]; after: number[] };
	sizes: Sizes;
	targets: Record<string, { label: string; storage: string }>;
	workloads: Record<string, { title: string; results: TargetResult[]; skipped: Record<string, string> }>;
	/** Workloads re-run later into these results (`--merge`), with when and under what load. */
	reruns?: Record<
		string,
		{
			at: string;
			loadAverage: { before: number[]; after: number[] };
			command: string;
			/** absent in older results: every server */ targets?: string[];
		}
	>;
}
