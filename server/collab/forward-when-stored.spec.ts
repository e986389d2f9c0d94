import { describe, expect, it } from 'vitest';
import { ForwardWhenStored } from './forward-when-stored.ts';

/** A writer whose commits the test completes by hand, calling its waiters in order as the real one does. */
function writer() {
	let enqueued = 0;
	let stored = 0;
	const waiters: { target: number; then: () => void }[] = [];
	return {
		enqueue: () => void enqueued++,
		whenWritten: (then: () => void) => (stored >= enqueued ? then() : void waiters.push({ target: enqueued, then })),
		commitAll() {
			stored = enqueued;
			for (const waiter of waiters.splice(0)) if (waiter.target <= stored) waiter.then();
		}
	};
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ForwardWhenStored', () => {
	it('sends an edit to readers only once it is stored, in the order the edits were made', async () => {
		const w = writer();
		const sent: string[] = [];
		const forwarder = new ForwardWhenStored<string>((_, origin) => sent.push(origin), w.whenWritten);
		for (const name of ['a', 'b', 'c']) {
			w.enqueue();
			forwarder.add(new Uint8Array([1]), name);
		}
		await tick();
		expect(sent).toEqual([]);
		w.commitAll();
		// In the commit's own task: readers do not wait for a promise reaction after it.
		expect(sent).toEqual(['a', 'b', 'c']);
	});

	it('while storage fails, readers get what was held and every later edit at once; after recovery it waits again', async () => {
		const w = writer();
		const sent: string[] = [];
		const forwarder = new ForwardWhenStored<string>((_, origin) => sent.push(origin), w.whenWritten);
		w.enqueue();
		forwarder.add(new Uint8Array([1]), 'before');
		forwarder.failing();
		expect(sent).toEqual(['before']);
		w.enqueue();
		forwarder.add(new Uint8Array([1]), 'during');
		expect(sent).toEqual(['before', 'during']);
		w.commitAll();
		await tick();
		expect(sent).toEqual(['before', 'during']);
		forwarder.recovered();
		w.enqueue();
		forwarder.add(new Uint8Array([1]), 'after');
		await tick();
		expect(sent).toEqual(['before', 'during']);
		w.commitAll();
		await tick();
		expect(sent).toEqual(['before', 'during', 'after']);
	});

	it('sends nothing after the room closes', async () => {
		const w = writer();
		const sent: string[] = [];
		const forwarder = new ForwardWhenStored<string>((_, origin) => sent.push(origin), w.whenWritten);
		w.enqueue();
		forwarder.add(new Uint8Array([1]), 'late');
		forwarder.close();
		w.commitAll();
		await tick();
		expect(sent).toEqual([]);
	});
});
