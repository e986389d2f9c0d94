import { afterEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { DocStore, LoggedUpdate } from '../../src/lib/server/doc-store.ts';
import type { BoardListener, Fanout } from './fanout.ts';
import { Metrics } from './metrics.ts';
import { PEER, PEER_EARLY, PEER_RELEASING_PENDING, RoomReplica } from './replica.ts';

const BOARD = 'board0000000000a';
const opened: awarenessProtocol.Awareness[] = [];
afterEach(() => {
	for (const awareness of opened.splice(0)) awareness.destroy();
});

/** The board's log, as the database would hold it: dense seqs in commit order. */
class Log {
	readonly entries: LoggedUpdate[] = [];
	reads = 0;
	append(update: Uint8Array): number {
		this.entries.push({ seq: this.entries.length + 1, update, userId: null, createdAt: 0 });
		return this.entries.length;
	}
	get docs(): DocStore {
		return {
			readSince: async (_board, after, limit = 10_000) => {
				this.reads++;
				return this.entries.filter((entry) => entry.seq > after).slice(0, limit);
			}
		} as DocStore;
	}
}

/** Pub/sub between in-process replicas, with a switch to lose messages. */
class Bus {
	readonly listeners = new Map<string, BoardListener>();
	dropping = false;
	held: Array<() => void> | null = null;
	fanout(instanceId: string): Fanout {
		const deliver = (fn: (listener: BoardListener) => void) => {
			if (this.dropping) return;
			for (const [id, listener] of this.listeners) {
				if (id === instanceId) continue;
				const send = () => fn(listener);
				if (this.held) this.held.push(send);
				else send();
			}
		};
		return {
			enabled: true,
			instanceId,
			join: (_board, listener) => {
				this.listeners.set(instanceId, listener);
				return () => this.listeners.delete(instanceId);
			},
			publishEarly: (_board, update, userId) => deliver((l) => l.early(instanceId, update, userId)),
			publishUpdates: (_board, firstSeq, updates) => deliver((l) => l.updates(firstSeq, updates)),
			publishAwareness: (_board, update) => deliver((l) => l.awareness(instanceId, update)),
			queryAwareness: () => deliver((l) => l.awarenessQuery()),
			publishControl() {},
			setHandlers() {},
			async close() {}
		};
	}
}

interface Instance {
	doc: Y.Doc;
	awareness: awarenessProtocol.Awareness;
	replica: RoomReplica;
	origins: unknown[];
	local: Set<number>;
	/** Updates this instance stored on behalf of others (early updates not stored in time). */
	storedForOthers: Uint8Array[];
	/** An edit through this instance: applied, appended, announced, as the room does. */
	edit(text: string): void;
	/** An edit applied and sent early; the returned function stores it (the commit). */
	editEarly(text: string): () => void;
}

function instance(id: string, log: Log, bus: Bus): Instance {
	const doc = new Y.Doc();
	for (const entry of log.entries) Y.applyUpdate(doc, entry.update);
	const awareness = new awarenessProtocol.Awareness(doc);
	opened.push(awareness);
	awareness.setLocalState(null);
	const origins: unknown[] = [];
	doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
	const local = new Set<number>();
	const storedForOthers: Uint8Array[] = [];
	const replica: RoomReplica = new RoomReplica(
		{
			boardId: BOARD,
			doc,
			awareness,
			docs: log.docs,
			fanout: bus.fanout(id),
			logger: pino({ level: 'silent' }),
			metrics: new Metrics(),
			ownsLocally: (clientId) => local.has(clientId),
			localClients: () => [...local],
			store: ({ update }) => {
				storedForOthers.push(update);
				replica.stored(log.append(update), [update]);
			}
		},
		log.entries.length
	);
	return {
		doc,
		awareness,
		replica,
		origins,
		local,
		storedForOthers,
		edit(text) {
			this.editEarly(text)();
		},
		editEarly(text) {
			const writer = new Y.Doc();
			Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
			let update: Uint8Array | null = null;
			writer.on('update', (u: Uint8Array) => (update = u));
			writer.getText('t').insert(writer.getText('t').length, text);
			Y.applyUpdate(doc, update!, 'client');
			replica.applied(update!, null);
			return () => replica.stored(log.append(update!), [update!]);
		}
	};
}

const text = (i: Instance) => i.doc.getText('t').toString();

describe('RoomReplica', () => {
	it('applies what another instance stored, without storing it again', () => {
		const log = new Log();
		const bus = new Bus();
		const a = instance('a', log, bus);
		const b = instance('b', log, bus);
		a.edit('one;');
		a.edit('two;');
		expect(text(b)).toBe('one;two;');
		// Early, then again (a no-op) once stored.
		expect(b.origins).toEqual([PEER_EARLY, PEER_EARLY]);
		expect(b.replica.appliedSeq).toBe(2);
		expect(log.reads).toBe(0);
	});

	it('repairs dropped messages from the database on the head check', async () => {
		const log = new Log();
		const bus = new Bus();
		const a = instance('a', log, bus);
		const b = instance('b', log, bus);
		bus.dropping = true;
		a.edit('lost;');
		a.edit('also lost;');
		bus.dropping = false;
		expect(text(b)).toBe('');
		b.replica.observeHead(log.entries.length);
		await b.replica.catchUp();
		expect(text(b)).toBe('lost;also lost;');
		expect(b.origins).toEqual([PEER]);
		expect(b.replica.appliedSeq).toBe(2);
	});

	it('notices a hole when a later message arrives and fills it from the database', async () => {
		const log = new Log();
		const bus = new Bus();
		const a = instance('a', log, bus);
		const b = instance('b', log, bus);
		bus.dropping = true;
		a.edit('dropped;');
		bus.dropping = false;
		a.edit('delivered;');
		// Yjs holds the second edit until the first arrives: nothing shows yet.
		expect(text(b)).toBe('');
		await waitUntil(() => text(b) === 'dropped;delivered;');
		expect(b.replica.appliedSeq).toBe(2);
	});

	it('takes reordered messages without reading the database', async () => {
		const log = new Log();
		const bus = new Bus();
		const a = instance('a', log, bus);
		const b = instance('b', log, bus);
		bus.held = [];
		a.edit('first;');
		a.edit('second;');
		const held = bus.held;
		bus.held = null;
		for (const send of held.reverse()) send();
		expect(text(b)).toBe('first;second;');
		expect(b.replica.appliedSeq).toBe(2);
		expect(log.reads).toBe(0);
	});

	it("fetches another instance's entries that landed between its own appends", async () => {
		const log = new Log();
		const bus = new Bus();
		const a = instance('a', log, bus);
		const b = instance('b', log, bus);
		bus.dropping = true;
		a.edit('from a;');
		bus.dropping = false;
		// b's own append gets seq 2: seq 1 is someone else's and b does not have it.
		b.edit('from b;');
		await waitUntil(() => b.replica.appliedSeq === 2);
		expect(text(b)).toBe(text(a));
		expect(text(a)).toContain('from a;');
		expect(text(a)).toContain('from b;');
	});

	it('stores peer updates again when they may release a local update that waited for them', async () => {
		const log = new Log();
		const bus = new Bus();
		const a = instance('a', log, bus);
		const b = instance('b', log, bus);
		bus.dropping = true;
		a.edit('base;');
		bus.dropping = false;
		// A client of b already has a's edit and builds on it; b cannot integrate that yet.
		const client = new Y.Doc();
		Y.applyUpdate(client, log.entries[0]!.update);
		let local: Uint8Array | null = null;
		client.on('update', (u: Uint8Array) => (local = u));
		client.getText('t').insert(5, 'more;');
		Y.applyUpdate(b.doc, local!, 'client');
		expect(text(b)).toBe('');
		await b.replica.catchUp();
		expect(text(b)).toBe('base;more;');
		expect(b.origins.at(-1)).toBe(PEER_RELEASING_PENDING);
	});

	it("drops a dead instance's presence but never a client that moved here", () => {
		const log = new Log();
		const bus = new Bus();
		const a = instance('a', log, bus);
		const b = instance('b', log, bus);
		const state = (id: number, name: string) => {
			const doc = new Y.Doc();
			doc.clientID = id;
			const peer = new awarenessProtocol.Awareness(doc);
			peer.setLocalState({ user: { name } });
			opened.push(peer);
			return awarenessProtocol.encodeAwarenessUpdate(peer, [id]);
		};
		for (const [id, name] of [[1, 'stays'], [2, 'goes']] as const) {
			a.local.add(id);
			awarenessProtocol.applyAwarenessUpdate(a.awareness, state(id, name), 'client');
			a.replica.localAwareness(awarenessProtocol.encodeAwarenessUpdate(a.awareness, [id]));
		}
		expect([...b.awareness.getStates().keys()].sort()).toEqual([1, 2]);
		// Client 1 reconnects through b before a is declared dead.
		b.local.add(1);
		b.replica.claim(1);
		b.replica.peerGone('a');
		expect([...b.awareness.getStates().keys()]).toEqual([1]);
	});
});

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

	it("stores an early update itself when its sender dies before storing it, and only then confirms", () => {
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

async function waitUntil(condition: () => boolean): Promise<void> {
	const deadline = Date.now() + 2_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
