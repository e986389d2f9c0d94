export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds; throws after `timeoutMs` so no wait is unbounded. */
export async function until(condition: () => boolean, what: string, timeoutMs = 15_000, everyMs = 10): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!condition()) {
		if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

/**
 * Calls `tick(i)` `count` times at a fixed rate, scheduled against the start time so a slow tick does not
 * shift the rest (a late tick runs at once and the schedule catches up).
 */
export async function paced(count: number, perSecond: number, tick: (i: number) => void): Promise<void> {
	const start = performance.now();
	const interval = 1000 / perSecond;
	for (let i = 0; i < count; i++) {
		const due = start + i * interval;
		const wait = due - performance.now();
		if (wait > 1) await sleep(wait);
		tick(i);
	}
}

/** Runs `fn` on `items` with at most `limit` in flight (e.g. opening hundreds of sockets). */
export async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await fn(items[index] as T, index);
		}
	});
	await Promise.all(workers);
	return results;
}
