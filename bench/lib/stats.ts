/** Summary of one figure over the repeats of a workload: the median and the range it came from. */
export interface Spread {
	median: number;
	min: number;
	max: number;
}

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = Float64Array.from(samples).sort();
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

export function spread(values: readonly number[]): Spread {
	const finite = values.filter(Number.isFinite);
	if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
	return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite) };
}

/** Least-squares slope of y over x (e.g. bytes of RSS per extra board). */
export function slope(xs: readonly number[], ys: readonly number[]): number {
	const n = Math.min(xs.length, ys.length);
	if (n < 2) return Number.NaN;
	let sx = 0;
	let sy = 0;
	for (let i = 0; i < n; i++) {
		sx += xs[i] ?? 0;
		sy += ys[i] ?? 0;
	}
	const mx = sx / n;
	const my = sy / n;
	let num = 0;
	let den = 0;
	for (let i = 0; i < n; i++) {
		const dx = (xs[i] ?? 0) - mx;
		num += dx * ((ys[i] ?? 0) - my);
		den += dx * dx;
	}
	return den === 0 ? Number.NaN : num / den;
}

/**
 * Runs `measure` once per repeat and reduces every numeric field to a Spread. Each repeat is independent
 * (a fresh server), so the range shows how noisy the machine was.
 */
export function spreadEach<K extends string>(runs: ReadonlyArray<Record<K, number>>): Record<K, Spread> {
	const out = {} as Record<K, Spread>;
	const keys = runs.length > 0 ? (Object.keys(runs[0] as object) as K[]) : [];
	for (const key of keys) out[key] = spread(runs.map((run) => run[key]));
	return out;
}
