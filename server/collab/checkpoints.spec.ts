import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpoints } from './checkpoints.ts';

const logger = pino({ level: 'silent' });
let scheduler: Checkpoints | null = null;
afterEach(() => scheduler?.stop());

function setup(intervalMs = 10 * 60_000) {
	let now = 0;
	const taken: string[] = [];
	scheduler = new Checkpoints({ intervalMs, logger, now: () => now, take: async (boardId) => void taken.push(boardId) });
	return { scheduler, taken, advance: (ms: number) => (now += ms) };
}

describe('automatic checkpoints', () => {
	it('takes one after ten minutes of editing, not before', async () => {
		const { scheduler, taken, advance } = setup();
		scheduler.edited('board');
		advance(9 * 60_000);
		scheduler.edited('board');
		scheduler.tick();
		expect(taken).toEqual([]);
		advance(60_000);
		scheduler.tick();
		await Promise.resolve();
		expect(taken).toEqual(['board']);
	});

	it('takes one when the last editor leaves, once, and none for a board without new edits', async () => {
		const { scheduler, taken } = setup();
		scheduler.edited('board');
		await scheduler.editorsLeft('board');
		await scheduler.editorsLeft('board');
		await scheduler.editorsLeft('quiet-board');
		expect(taken).toEqual(['board']);
	});

	it('retries a board whose checkpoint failed', async () => {
		let fail = true;
		const taken: string[] = [];
		scheduler = new Checkpoints({
			intervalMs: 1,
			logger,
			take: async (boardId) => {
				if (fail) throw new Error('disk full');
				taken.push(boardId);
			}
		});
		scheduler.edited('board');
		await scheduler.editorsLeft('board');
		fail = false;
		await scheduler.editorsLeft('board');
		expect(taken).toEqual(['board']);
	});
});
