/** Workload sizes: the full run (about 30 minutes on 2 cores) and `--quick` (a sanity run of a minute or two). */
export interface Sizes {
	repeats: number;
	latency: { rate: number; count: number; warmup: number };
	/**
	 * `ceiling`: with the most readers, the writer starts at `from` updates/s and speeds up by `factor` each step
	 * until the server fails a step (or the generator cannot keep the pace, or `maxRate` is passed).
	 */
	fanout: { readers: number[]; rate: number; seconds: number; ceiling: { from: number; factor: number; maxRate: number } };
	writers: { writers: number[]; rate: number; seconds: number };
	boards: { boards: number; connections: number; steps: number };
	coldLoad: { historyBytes: number; rate: number; seconds: number };
	durability: { trials: number; rate: number; minKillMs: number; maxKillMs: number };
	crossInstance: { rate: number; count: number; warmup: number };
	browser: { loads: number; edits: number };
}

const FULL: Sizes = {
	repeats: 3,
	latency: { rate: 20, count: 600, warmup: 20 },
	fanout: { readers: [10, 50, 100, 250, 500], rate: 20, seconds: 3, ceiling: { from: 50, factor: 1.5, maxRate: 20_000 } },
	writers: { writers: [5, 20, 50], rate: 5, seconds: 4 },
	boards: { boards: 200, connections: 800, steps: 4 },
	coldLoad: { historyBytes: 1_500_000, rate: 20, seconds: 5 },
	durability: { trials: 20, rate: 50, minKillMs: 500, maxKillMs: 1_500 },
	crossInstance: { rate: 20, count: 600, warmup: 20 },
	browser: { loads: 5, edits: 30 }
};

const QUICK: Sizes = {
	repeats: 1,
	latency: { rate: 20, count: 60, warmup: 10 },
	fanout: { readers: [10, 50], rate: 20, seconds: 2, ceiling: { from: 100, factor: 2, maxRate: 800 } },
	writers: { writers: [5], rate: 5, seconds: 3 },
	boards: { boards: 20, connections: 100, steps: 3 },
	coldLoad: { historyBytes: 300_000, rate: 20, seconds: 3 },
	durability: { trials: 3, rate: 50, minKillMs: 500, maxKillMs: 1_000 },
	crossInstance: { rate: 20, count: 60, warmup: 10 },
	browser: { loads: 2, edits: 5 }
};

function list(value: string | undefined): number[] | undefined {
	return value
		? value
				.split(',')
				.map(Number)
				.filter((n) => Number.isFinite(n) && n > 0)
		: undefined;
}

function num(value: string | undefined): number | undefined {
	const n = Number(value);
	return value && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Sizes for this run: a preset, then BENCH_* environment overrides for the figures people vary most. */
export function sizesFor(quick: boolean, env: Record<string, string | undefined> = process.env): Sizes {
	const base = structuredClone(quick ? QUICK : FULL);
	base.repeats = num(env.BENCH_REPEATS) ?? base.repeats;
	base.latency.count = num(env.BENCH_LATENCY_COUNT) ?? base.latency.count;
	base.crossInstance.count = num(env.BENCH_LATENCY_COUNT) ?? base.crossInstance.count;
	base.fanout.readers = list(env.BENCH_FANOUT_READERS) ?? base.fanout.readers;
	base.fanout.rate = num(env.BENCH_FANOUT_RATE) ?? base.fanout.rate;
	base.fanout.ceiling.from = num(env.BENCH_FANOUT_CEILING_FROM) ?? base.fanout.ceiling.from;
	base.fanout.ceiling.maxRate = num(env.BENCH_FANOUT_CEILING_MAX) ?? base.fanout.ceiling.maxRate;
	base.writers.writers = list(env.BENCH_WRITERS) ?? base.writers.writers;
	base.boards.boards = num(env.BENCH_BOARDS) ?? base.boards.boards;
	base.durability.trials = num(env.BENCH_DURABILITY_TRIALS) ?? base.durability.trials;
	base.coldLoad.historyBytes = num(env.BENCH_HISTORY_BYTES) ?? base.coldLoad.historyBytes;
	return base;
}
