import { EventEmitter } from 'node:events';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodePeerMessage, type PeerMessage } from './fanout-codec.ts';
import { Metrics } from './metrics.ts';

/** Stands in for one ioredis connection: the test sets its status and sees what it published. */
class FakeRedis extends EventEmitter {
	static made: FakeRedis[] = [];
	readonly name: string;
	status = 'ready';
	readonly published: PeerMessage[] = [];

	constructor(_url: string, options: { connectionName: string }) {
		super();
		this.name = options.connectionName;
		FakeRedis.made.push(this);
	}

	publish(_channel: string, message: Buffer): Promise<number> {
		const decoded = decodePeerMessage(message);
		if (decoded) this.published.push(decoded);
		return Promise.resolve(1);
	}

	subscribe(): Promise<void> {
		return Promise.resolve();
	}

	unsubscribe(): Promise<void> {
		return Promise.resolve();
	}

	disconnect(): void {}
}

vi.mock('ioredis', () => ({ Redis: FakeRedis }));
const { RedisFanout } = await import('./redis-fanout.ts');

function fanoutWithPublisher() {
	FakeRedis.made = [];
	const fanout = new RedisFanout({ url: 'redis://fake', prefix: 't:', logger: pino({ level: 'silent' }), metrics: new Metrics() });
	const publisher = FakeRedis.made.find((redis) => redis.name.endsWith(':pub'))!;
	return { fanout, publisher };
}

const boardMessages = (publisher: FakeRedis) => publisher.published.filter((message) => message.kind !== 'heartbeat');

describe('RedisFanout while its publisher reconnects', () => {
	afterEach(() => vi.useRealTimers());

	it('sends what it dropped meanwhile once it is back: the early message again, and the head of the log', async () => {
		const { fanout, publisher } = fanoutWithPublisher();
		publisher.status = 'reconnecting';
		const update = new Uint8Array([1, 2, 3]);
		fanout.publishEarly('b1', update, 'u1');
		fanout.publishUpdates('b1', 7, [update, update]);
		expect(boardMessages(publisher)).toEqual([]);

		publisher.status = 'ready';
		publisher.emit('ready');
		expect(boardMessages(publisher)).toEqual([
			{ kind: 'early', from: fanout.instanceId, update, userId: 'u1' },
			{ kind: 'head', from: fanout.instanceId, seq: 8 }
		]);
		// Announced once: the next reconnect has nothing to send again.
		publisher.emit('ready');
		expect(boardMessages(publisher)).toHaveLength(2);
		await fanout.close();
	});

	it('leaves an early message dropped long before to the numbered messages and the head check', async () => {
		vi.useFakeTimers();
		const { fanout, publisher } = fanoutWithPublisher();
		publisher.status = 'reconnecting';
		fanout.publishEarly('b1', new Uint8Array([1]), null);
		vi.advanceTimersByTime(10_000);
		publisher.status = 'ready';
		publisher.emit('ready');
		expect(boardMessages(publisher)).toEqual([]);
		await fanout.close();
	});
});
