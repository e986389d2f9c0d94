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
		held.hold('alice', second, 0);
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
		held.hold('alice', second, 1_000);
		expect(held.expire(3_000, 5_000)).toEqual([]);
		expect(held.expire(6_000, 5_000).map((entry) => entry.sender)).toEqual(['alice']);
		expect(held.size).toBe(0);
	});
});
