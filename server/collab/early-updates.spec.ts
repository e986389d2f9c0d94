import { describe, expect, it, vi } from 'vitest';
import { EarlyUpdates } from './early-updates.ts';

const entry = (...bytes: number[]) => ({ update: new Uint8Array(bytes), userId: null });

describe('EarlyUpdates', () => {
	it('runs a confirmation once every update tracked before it is stored, whatever their order', () => {
		const early = new EarlyUpdates();
		early.add('a', entry(1), 0);
		const first = vi.fn();
		early.whenStored(early.mark, first);
		early.add('b', entry(2), 0);
		const second = vi.fn();
		early.whenStored(early.mark, second);
		early.stored([new Uint8Array([2])]);
		expect(second).not.toHaveBeenCalled();
		// Same bytes at another offset of a larger buffer, as a decoded message carries them.
		early.stored([new Uint8Array([9, 1]).subarray(1)]);
		expect(first).toHaveBeenCalledOnce();
		expect(second).toHaveBeenCalledOnce();
	});

	it('confirms at once when nothing early is waiting', () => {
		const early = new EarlyUpdates();
		const confirmed = vi.fn();
		early.whenStored(early.mark, confirmed);
		expect(confirmed).toHaveBeenCalledOnce();
	});

	it('hands out each update to store once: by age, or all of a gone sender', () => {
		const early = new EarlyUpdates();
		early.add('a', entry(1), 100);
		early.add('b', entry(2), 200);
		early.add('a', entry(3), 300);
		expect(early.takeDue(150)).toEqual([entry(1)]);
		expect(early.oldestWaiting).toBe(200);
		expect(early.takeDue(0, 'a')).toEqual([entry(3)]);
		expect(early.takeDue(1_000)).toEqual([entry(2)]);
		expect(early.takeDue(1_000)).toEqual([]);
		expect(early.storedThrough(early.mark)).toBe(false);
	});
});
