import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { PEER_EARLY, PEER_RELEASING, PEER_STORED } from './origin.ts';
import { Bus, Log, closeOpened, instance, opened, text, waitUntil } from './replica-harness.ts';

afterEach(closeOpened);

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
		expect(b.origins).toEqual([PEER_STORED]);
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
		expect(b.origins.at(-1)).toBe(PEER_RELEASING);
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
		for (const [id, name] of [
			[1, 'stays'],
			[2, 'goes']
		] as const) {
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
