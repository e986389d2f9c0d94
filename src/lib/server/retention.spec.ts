import { describe, expect, it } from 'vitest';
import { checkpointsToDrop } from './retention.ts';

const HOUR = 3600_000;
const now = Date.UTC(2017, 0, 20, 12);

describe('checkpoint retention', () => {
	it('keeps every checkpoint from the last day', () => {
		const recent = Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, createdAt: now - i * 10 * 60_000 }));
		expect(checkpointsToDrop(recent, now)).toEqual([]);
	});

	it('keeps the newest of each hour within the week and of each day after it', () => {
		const twoDaysAgo = now - 48 * HOUR;
		const hourStart = Math.floor(twoDaysAgo / HOUR) * HOUR;
		const monthAgo = Date.UTC(2016, 11, 20, 0);
		const checkpoints = [
			{ id: 'hour-late', createdAt: hourStart + 50 * 60_000 },
			{ id: 'hour-early', createdAt: hourStart + 5 * 60_000 },
			{ id: 'day-evening', createdAt: monthAgo + 20 * HOUR },
			{ id: 'day-morning', createdAt: monthAgo + 9 * HOUR }
		];
		expect(checkpointsToDrop(checkpoints, now).sort()).toEqual(['day-morning', 'hour-early']);
	});
});
