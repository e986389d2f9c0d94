import { afterEach, describe, expect, it, vi } from 'vitest';
import { PEER_EARLY } from './origin.ts';
import { Bus, Log, closeOpened, instance, text, type Instance } from './replica-harness.ts';

afterEach(closeOpened);

describe('RoomReplica early updates', () => {
	const twoInstances = () => {
		const log = new Log();
		const bus = new Bus();
		return { log, bus, a: instance('a', log, bus), b: instance('b', log, bus) };
	};
	const confirmation = (i: Instance) => {
		const confirmed = vi.fn();
		i.replica.whenStored(i.replica.earlyMark, confirmed);
		return confirmed;
	};

	it('shows an edit before it is stored, and holds confirmations until it is', () => {
		const { log, a, b } = twoInstances();
		const commit = a.editEarly('early;');
		expect(text(b)).toBe('early;');
		expect(b.origins).toEqual([PEER_EARLY]);
		const confirmed = confirmation(b);
		expect(confirmed).not.toHaveBeenCalled();
		commit();
		expect(confirmed).toHaveBeenCalledOnce();
		expect(b.storedForOthers).toEqual([]);
		expect(log.entries).toHaveLength(1);
	});

	it("sends an early edit to this instance's connections as it came, before its own document applies it", () => {
		const { log, a, b } = twoInstances();
		a.editEarly('first;')();
		a.editEarly('second;')();
		// The bytes its sender published, sent while this document did not have them yet.
		expect(b.forwarded.map(({ update }) => update)).toEqual(log.entries.map((entry) => entry.update));
		expect(b.forwarded.map(({ textThen }) => textThen)).toEqual(['', 'first;']);
		expect(text(b)).toBe('first;second;');
	});

	it('applies an edit once, not again when its numbered message follows the early one', () => {
		const { a, b } = twoInstances();
		const transactions = vi.fn();
		b.doc.on('afterTransaction', transactions);
		a.editEarly('once;')();
		expect(text(b)).toBe('once;');
		expect(transactions).toHaveBeenCalledOnce();
		expect(confirmation(b)).toHaveBeenCalledOnce();
	});

	it('holds nothing for an early update whose content the document already has', async () => {
		const { log, bus, a, b } = twoInstances();
		bus.dropping = true;
		a.editEarly('read first;')();
		bus.dropping = false;
		await b.replica.catchUp();
		b.replica.early('a', log.entries[0]!.update, null);
		expect(confirmation(b)).toHaveBeenCalledOnce();
	});

	it('learns from the database that an early update is stored when its numbered message is lost', async () => {
		const { bus, a, b } = twoInstances();
		const commit = a.editEarly('x;');
		bus.dropping = true;
		commit();
		bus.dropping = false;
		const confirmed = confirmation(b);
		b.replica.observeHead(1);
		await b.replica.catchUp();
		expect(confirmed).toHaveBeenCalledOnce();
		expect(b.storedForOthers).toEqual([]);
	});

	it('stores an early update itself when its sender dies before storing it, and only then confirms', () => {
		const { log, a, b } = twoInstances();
		a.editEarly('orphan;');
		// a's client reconnects through b and resends the edit: b already has it, so nothing new is stored.
		const confirmed = confirmation(b);
		b.replica.peerGone('a');
		expect(b.storedForOthers).toHaveLength(1);
		expect(confirmed).toHaveBeenCalledOnce();
		expect(text(instance('restarted', log, new Bus()))).toBe('orphan;');
	});

	it('stores an early update itself when it is not stored in time', () => {
		vi.useFakeTimers();
		try {
			const { a, b } = twoInstances();
			a.editEarly('slow;');
			const confirmed = confirmation(b);
			vi.advanceTimersByTime(4_999);
			expect(b.storedForOthers).toHaveLength(0);
			vi.advanceTimersByTime(1);
			expect(b.storedForOthers).toHaveLength(1);
			expect(confirmed).toHaveBeenCalledOnce();
		} finally {
			vi.useRealTimers();
		}
	});
});
