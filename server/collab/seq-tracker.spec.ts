import { describe, expect, it } from 'vitest';
import { SeqTracker } from './seq-tracker.ts';

describe('SeqTracker', () => {
	it('advances over entries that arrive in order', () => {
		const seqs = new SeqTracker(4);
		seqs.add(5, 5);
		seqs.add(6, 8);
		expect(seqs.applied).toBe(8);
		expect(seqs.behind).toBe(false);
	});

	it('reports a hole until it is filled, then jumps over everything contiguous', () => {
		const seqs = new SeqTracker(0);
		seqs.add(3, 4);
		seqs.add(7, 7);
		expect(seqs.applied).toBe(0);
		expect(seqs.behind).toBe(true);
		expect(seqs.has(4)).toBe(true);
		expect(seqs.has(5)).toBe(false);
		seqs.add(1, 2);
		expect(seqs.applied).toBe(4);
		seqs.add(5, 6);
		expect(seqs.applied).toBe(7);
		expect(seqs.behind).toBe(false);
	});

	it('treats repeated and overlapping entries as harmless', () => {
		const seqs = new SeqTracker(10);
		seqs.add(3, 9);
		seqs.add(12, 14);
		seqs.add(13, 15);
		seqs.add(12, 12);
		expect(seqs.applied).toBe(10);
		seqs.add(11, 13);
		expect(seqs.applied).toBe(15);
		expect(seqs.has(16)).toBe(false);
	});

	it('is behind when the head is known to be further than what it holds', () => {
		const seqs = new SeqTracker(5);
		seqs.observe(4);
		expect(seqs.behind).toBe(false);
		seqs.observe(9);
		expect(seqs.behind).toBe(true);
		seqs.add(6, 9);
		expect(seqs.behind).toBe(false);
	});

	it('merges many out-of-order single entries into one range', () => {
		const seqs = new SeqTracker(0);
		for (const seq of [9, 3, 7, 5, 8, 4, 6]) seqs.add(seq, seq);
		expect(seqs.applied).toBe(0);
		seqs.add(2, 2);
		expect(seqs.applied).toBe(0);
		seqs.add(1, 1);
		expect(seqs.applied).toBe(9);
	});
});
