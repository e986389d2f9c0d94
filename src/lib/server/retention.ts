/**
 * Which automatic checkpoints to keep: every one from the last day, the newest of each hour for a week, the
 * newest of each day after that. Named snapshots never pass through here.
 */
export interface RetentionPolicy {
	keepAllMs: number;
	hourlyMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepAllMs: 24 * 3600_000, hourlyMs: 7 * 24 * 3600_000 };

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function checkpointsToDrop(
	checkpoints: ReadonlyArray<{ id: string; createdAt: number }>,
	now: number,
	policy: RetentionPolicy = DEFAULT_RETENTION
): string[] {
	const newestFirst = [...checkpoints].sort((a, b) => b.createdAt - a.createdAt);
	const keptBuckets = new Set<string>();
	const drop: string[] = [];
	for (const checkpoint of newestFirst) {
		const age = now - checkpoint.createdAt;
		if (age < policy.keepAllMs) continue;
		const bucket = age < policy.hourlyMs ? `h${Math.floor(checkpoint.createdAt / HOUR)}` : `d${Math.floor(checkpoint.createdAt / DAY)}`;
		if (keptBuckets.has(bucket)) drop.push(checkpoint.id);
		else keptBuckets.add(bucket);
	}
	return drop;
}
