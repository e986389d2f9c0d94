import { describe, expect, it } from 'vitest';
import { decodePeerMessage, encodePeerMessage, type PeerMessage } from './fanout-codec.ts';

describe('peer messages', () => {
	const messages: PeerMessage[] = [
		{ kind: 'updates', from: 'a', firstSeq: 42, updates: [new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])] },
		{ kind: 'head', from: 'b', seq: 2 ** 40 },
		{ kind: 'awareness', from: 'c', update: new Uint8Array([9, 9, 9]) },
		{ kind: 'awareness-query', from: 'd' },
		{ kind: 'heartbeat', from: 'e' },
		{ kind: 'bye', from: 'f' },
		{ kind: 'control', from: 'g', event: { type: 'sessions', userId: 'u', keepSessionId: 's' } },
		{ kind: 'early', from: 'h', update: new Uint8Array([4, 5]), userId: 'u' },
		{ kind: 'early', from: 'i', update: new Uint8Array([6]), userId: null }
	];

	it.each(messages)('round-trips $kind', (message) => {
		expect(decodePeerMessage(encodePeerMessage(message))).toEqual(message);
	});

	it('rejects malformed and unknown messages instead of throwing', () => {
		expect(decodePeerMessage(new Uint8Array([0]))).toBeNull();
		expect(decodePeerMessage(new Uint8Array([99, 1, 97]))).toBeNull();
		const truncated = encodePeerMessage(messages[0]!).slice(0, -2);
		expect(decodePeerMessage(truncated)).toBeNull();
	});
});
