import { describe, expect, it } from 'vitest';
import { GUARD_ORIGIN } from '../../src/lib/board/guard.ts';
import type { Connection } from './connection.ts';
import { LEFT, LOAD, PEER_EARLY, PEER_RELEASING, PEER_STORED, fromClient, fromServer, presencePolicy, updatePolicy } from './origin.ts';

const connection = { user: { id: 'member' } } as Connection;

describe('updatePolicy', () => {
	it('stores what arose here, attributed, and forwards it once stored; a client never gets its own edit back', () => {
		expect(updatePolicy(fromClient(connection))).toEqual({
			store: true,
			userId: 'member',
			publishEarly: true,
			forward: 'when-stored',
			sender: connection
		});
		expect(updatePolicy(fromServer('chair'))).toEqual({
			store: true,
			userId: 'chair',
			publishEarly: true,
			forward: 'when-stored',
			sender: null
		});
	});

	it('sends a repair to everyone, the offending client included, attributed to no one', () => {
		expect(updatePolicy(GUARD_ORIGIN)).toEqual({ store: true, userId: null, publishEarly: true, forward: 'when-stored', sender: null });
	});

	it('does not store again what another instance stores, but stores a transaction that may release a local update', () => {
		expect(updatePolicy(PEER_STORED)).toMatchObject({ store: false, publishEarly: false, forward: 'now' });
		// An early update was forwarded as it came, before it was applied.
		expect(updatePolicy(PEER_EARLY)).toMatchObject({ store: false, publishEarly: false, forward: 'never' });
		expect(updatePolicy(PEER_RELEASING)).toMatchObject({ store: true, publishEarly: true, forward: 'when-stored' });
	});

	it('stores an untagged transaction rather than lose it, and nothing of the load', () => {
		expect(updatePolicy(undefined)).toMatchObject({ store: true, userId: null });
		expect(updatePolicy(LOAD)).toMatchObject({ store: false, forward: 'never' });
	});
});

describe('presencePolicy', () => {
	it("publishes this instance's connections' presence and learns owners from the others'", () => {
		expect(presencePolicy(fromClient(connection))).toEqual({ publish: true, learnOwners: false });
		expect(presencePolicy(LEFT)).toEqual({ publish: true, learnOwners: false });
		expect(presencePolicy(PEER_STORED)).toEqual({ publish: false, learnOwners: true });
		expect(presencePolicy('timeout')).toEqual({ publish: false, learnOwners: true });
	});
});
