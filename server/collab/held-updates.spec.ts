import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HeldUpdates } from './held-updates.ts';

function twoEdits(base: Y.Doc): [Uint8Array, Uint8Array] {
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
	const updates: Uint8Array[] = [];
	client.on('update', (update: Uint8Array) => updates.push(update));
	client.getMap('m').set('name', 'first');
	client.getMap('m').set('name', 'renamed');
	return [updates[0]!, updates[1]!];
}

describe('held client updates', () => {
	it('holds an update that builds on one not yet seen and releases it once that arrives', () => {
		const server = new Y.Doc();
		const [first, second] = twoEdits(server);
		const held = new HeldUpdates<string>();
		expect(HeldUpdates.missingDependencies(server, second)).toBe(true);
		held.hold('alice', second, { now: 0 });
		expect(held.takeReady(server)).toEqual([]);
		Y.applyUpdate(server, first);
		const ready = held.takeReady(server);
		expect(ready.map((entry) => entry.sender)).toEqual(['alice']);
		Y.applyUpdate(server, ready[0]!.update);
		expect(server.getMap('m').get('name')).toBe('renamed');
		expect(held.bytes).toBe(0);
	});

	it('gives up on updates held too long', () => {
		const server = new Y.Doc();
		const [, second] = twoEdits(server);
		const held = new HeldUpdates<string>();
		held.hold('alice', second, { now: 1_000 });
		expect(held.expire(3_000, 5_000)).toEqual([]);
		expect(held.expire(6_000, 5_000).map((entry) => entry.sender)).toEqual(['alice']);
		expect(held.size).toBe(0);
	});

	it('holds an update placed next to content of another client that the board has never had', () => {
		const server = new Y.Doc();
		const unseen = new Y.Doc();
		unseen.getArray<string>('rows').insert(0, ['from a client the server never heard']);
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(unseen));
		const updates: Uint8Array[] = [];
		client.on('update', (update: Uint8Array) => updates.push(update));
		client.getArray<string>('rows').insert(1, ['after it']);
		const [after] = updates as [Uint8Array];

		// Its own clock starts where the server expects, but applied now it would wait inside Yjs for good.
		expect(HeldUpdates.missingDependencies(server, after)).toBe(true);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(unseen));
		expect(HeldUpdates.missingDependencies(server, after)).toBe(false);
		Y.applyUpdate(server, after);
		expect(server.store.pendingStructs).toBeNull();
		expect(server.getArray('rows').toArray()).toEqual(['from a client the server never heard', 'after it']);
	});
});
