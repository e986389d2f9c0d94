import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { decodePeerMessage, encodePeerMessage, type ControlEvent, type PeerMessage } from './fanout-codec.ts';
import type { BoardListener, Fanout, FanoutHandlers } from './fanout.ts';
import type { Metrics } from './metrics.ts';

export interface RedisFanoutOptions {
	url: string;
	/** Prepended to every channel and connection name, so several deployments (or test runs) share one Redis. */
	prefix: string;
	logger: Logger;
	metrics: Metrics;
}

const HEARTBEAT_MS = 1_000;
/** Five missed heartbeats: an instance this quiet is dead (or cut off, which for its clients is the same). */
const PEER_TIMEOUT_MS = 5_000;
/** Larger batches go as a doorbell and are read from the database, keeping Redis messages small. */
const INLINE_MAX_BYTES = 256 * 1024;
/**
 * Early messages dropped while the publisher reconnects are sent once it is back if they are this recent (their
 * numbered message normally follows within milliseconds, and the others store an early update themselves after
 * 5 s), up to this many bytes: a longer outage leaves the rest to the numbered messages and the head checks.
 */
const EARLY_RESEND_WITHIN_MS = 3_000;
const EARLY_RESEND_MAX_BYTES = 1024 * 1024;

/**
 * Fan-out through Redis pub/sub: a channel per loaded board and one for all instances (heartbeats, shutdown,
 * membership and session changes). Publishing never waits and never queues while Redis is away (the database
 * is the source of truth); after every (re)connect the subscriber resubscribes and asks each board to catch up.
 */
export class RedisFanout implements Fanout {
	readonly enabled = true;
	readonly instanceId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
	readonly #prefix: string;
	readonly #log: Logger;
	readonly #metrics: Metrics;
	readonly #pub: Redis;
	readonly #sub: Redis;
	readonly #boards = new Map<string, BoardListener>();
	/** Other instances, by when they were last heard. */
	readonly #peers = new Map<string, number>();
	readonly #timer: NodeJS.Timeout;
	#handlers: FanoutHandlers | null = null;
	/** Since when the subscriber has been hearing everything: silence is only evidence after that. */
	#hearingSince = 0;
	/** Per board, the last stored seq whose numbered message was dropped: announced once the publisher is back. */
	readonly #unannounced = new Map<string, number>();
	/** Early messages dropped while the publisher was away, oldest first: sent again once it is back. */
	#droppedEarly: Array<{ channel: string; message: PeerMessage; at: number; bytes: number }> = [];
	#droppedEarlyBytes = 0;
	#closed = false;

	constructor(options: RedisFanoutOptions) {
		this.#prefix = options.prefix;
		this.#log = options.logger.child({ component: 'fanout', instanceId: this.instanceId });
		this.#metrics = options.metrics;
		const name = `${options.prefix}${this.instanceId}`.replace(/\s/g, '_');
		this.#pub = new Redis(options.url, { connectionName: `${name}:pub`, enableOfflineQueue: false, lazyConnect: false });
		this.#sub = new Redis(options.url, { connectionName: `${name}:sub`, autoResubscribe: false, maxRetriesPerRequest: null });
		this.#watch(this.#pub, 'publisher');
		this.#watch(this.#sub, 'subscriber');
		this.#sub.on('ready', () => void this.#subscribeAll());
		this.#pub.on('ready', () => this.#catchUpPeers());
		this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#receive(channel.toString(), message));
		this.#timer = setInterval(() => this.#beat(), HEARTBEAT_MS);
		this.#timer.unref();
	}

	setHandlers(handlers: FanoutHandlers): void {
		this.#handlers = handlers;
	}

	join(boardId: string, listener: BoardListener): () => void {
		this.#boards.set(boardId, listener);
		const channel = this.#boardChannel(boardId);
		if (this.#sub.status === 'ready') {
			this.#sub.subscribe(channel).then(
				() => {
					if (this.#boards.get(boardId) === listener) listener.resync();
				},
				(error: unknown) => this.#log.warn({ err: error, boardId }, 'subscribe failed; the head check keeps the board in step')
			);
		}
		return () => {
			if (this.#boards.get(boardId) !== listener) return;
			this.#boards.delete(boardId);
			if (this.#sub.status === 'ready') this.#sub.unsubscribe(channel).catch(() => {});
		};
	}

	publishEarly(boardId: string, update: Uint8Array, userId: string | null): void {
		// A large update reaches the others through the database; the numbered message is a doorbell for it.
		if (update.byteLength > INLINE_MAX_BYTES) return;
		const channel = this.#boardChannel(boardId);
		const message: PeerMessage = { kind: 'early', from: this.instanceId, update, userId };
		this.#publish(channel, message, () => {
			this.#droppedEarly.push({ channel, message, at: Date.now(), bytes: update.byteLength });
			this.#droppedEarlyBytes += update.byteLength;
			while (this.#droppedEarlyBytes > EARLY_RESEND_MAX_BYTES) this.#droppedEarlyBytes -= this.#droppedEarly.shift()!.bytes;
		});
	}

	publishUpdates(boardId: string, firstSeq: number, updates: Uint8Array[]): void {
		const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
		const lastSeq = firstSeq + updates.length - 1;
		const message: PeerMessage =
			bytes > INLINE_MAX_BYTES
				? { kind: 'head', from: this.instanceId, seq: lastSeq }
				: { kind: 'updates', from: this.instanceId, firstSeq, updates };
		this.#publish(this.#boardChannel(boardId), message, () => this.#notAnnounced(boardId, lastSeq));
	}

	publishAwareness(boardId: string, update: Uint8Array): void {
		this.#publish(this.#boardChannel(boardId), { kind: 'awareness', from: this.instanceId, update });
	}

	queryAwareness(boardId: string): void {
		this.#publish(this.#boardChannel(boardId), { kind: 'awareness-query', from: this.instanceId });
	}

	publishControl(event: ControlEvent): void {
		this.#publish(this.#instancesChannel, { kind: 'control', from: this.instanceId, event });
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		clearInterval(this.#timer);
		if (this.#pub.status === 'ready') {
			const bye = Buffer.from(encodePeerMessage({ kind: 'bye', from: this.instanceId }));
			await this.#pub.publish(this.#instancesChannel, bye).catch(() => {});
		}
		this.#pub.disconnect();
		this.#sub.disconnect();
		this.#metrics.fanoutConnected = 0;
	}

	get #instancesChannel(): string {
		return `${this.#prefix}instances`;
	}

	#boardChannel(boardId: string): string {
		return `${this.#prefix}board:${boardId}`;
	}

	/** Sends at once or drops (`dropped` hears of it): nothing waits for Redis, the database has every edit. */
	#publish(channel: string, message: PeerMessage, dropped?: () => void): void {
		if (this.#pub.status !== 'ready') {
			this.#metrics.fanoutDropped++;
			dropped?.();
			return;
		}
		this.#metrics.fanoutPublished++;
		this.#pub.publish(channel, Buffer.from(encodePeerMessage(message))).catch(() => {
			this.#metrics.fanoutDropped++;
			dropped?.();
		});
	}

	/**
	 * The publisher is back. What it dropped meanwhile would otherwise reach the other instances only at their next
	 * head check (their subscribers may have stayed up: a publisher's connection can drop alone): recent early
	 * messages are sent again, and each board whose numbered message was dropped is announced by its log's head, so
	 * the others read what they lack from the database at once.
	 */
	#catchUpPeers(): void {
		const since = Date.now() - EARLY_RESEND_WITHIN_MS;
		const early = this.#droppedEarly.filter((dropped) => dropped.at >= since);
		const heads = [...this.#unannounced];
		this.#droppedEarly = [];
		this.#droppedEarlyBytes = 0;
		this.#unannounced.clear();
		for (const { channel, message } of early) this.#publish(channel, message);
		for (const [boardId, seq] of heads) {
			this.#publish(this.#boardChannel(boardId), { kind: 'head', from: this.instanceId, seq }, () => this.#notAnnounced(boardId, seq));
		}
	}

	#notAnnounced(boardId: string, seq: number): void {
		this.#unannounced.set(boardId, Math.max(seq, this.#unannounced.get(boardId) ?? 0));
	}

	/** After every connect: subscribe to everything, then let each board catch up on what it missed meanwhile. */
	async #subscribeAll(): Promise<void> {
		const boards = [...this.#boards.keys()];
		try {
			await this.#sub.subscribe(this.#instancesChannel, ...boards.map((id) => this.#boardChannel(id)));
		} catch (error) {
			this.#log.warn({ err: error }, 'subscribe failed; retrying on the next reconnect');
			return;
		}
		const now = Date.now();
		this.#hearingSince = now;
		// Peers could not be heard while we were away: judge them afresh from now.
		for (const id of this.#peers.keys()) this.#peers.set(id, now);
		this.#metrics.fanoutSubscribes++;
		this.#metrics.fanoutConnected = 1;
		for (const boardId of boards) this.#boards.get(boardId)?.resync();
	}

	#receive(channel: string, data: Buffer): void {
		const message = decodePeerMessage(data);
		if (!message || message.from === this.instanceId) return;
		this.#metrics.fanoutReceived++;
		if (message.kind !== 'bye') this.#seen(message.from);
		if (channel === this.#instancesChannel) {
			if (message.kind === 'bye') this.#gone(message.from);
			else if (message.kind === 'control') this.#handlers?.control(message.event);
			return;
		}
		const listener = this.#boards.get(channel.slice(`${this.#prefix}board:`.length));
		if (!listener) return;
		switch (message.kind) {
			case 'early':
				listener.early(message.from, message.update, message.userId);
				return;
			case 'updates':
				listener.updates(message.firstSeq, message.updates);
				return;
			case 'head':
				listener.head(message.seq);
				return;
			case 'awareness':
				listener.awareness(message.from, message.update);
				return;
			case 'awareness-query':
				listener.awarenessQuery();
				return;
		}
	}

	#seen(instanceId: string): void {
		this.#peers.set(instanceId, Date.now());
		this.#metrics.fanoutPeers = this.#peers.size;
	}

	#gone(instanceId: string): void {
		this.#peers.delete(instanceId);
		this.#metrics.fanoutPeers = this.#peers.size;
		this.#log.info({ peer: instanceId }, 'instance gone; dropping its presence');
		this.#handlers?.peerGone(instanceId);
	}

	#beat(): void {
		this.#publish(this.#instancesChannel, { kind: 'heartbeat', from: this.instanceId });
		const now = Date.now();
		if (this.#sub.status !== 'ready' || now - this.#hearingSince < PEER_TIMEOUT_MS) return;
		for (const [id, lastSeen] of this.#peers) if (now - lastSeen > PEER_TIMEOUT_MS) this.#gone(id);
	}

	/** One log line per outage and one per recovery, not one per reconnect attempt. */
	#watch(connection: Redis, role: string): void {
		let lost = false;
		connection.on('error', (error: Error) => {
			this.#metrics.fanoutErrors++;
			if (!lost && !this.#closed) this.#log.warn({ err: error, role }, 'redis error');
		});
		connection.on('close', () => {
			if (connection === this.#sub) this.#metrics.fanoutConnected = 0;
			if (lost || this.#closed) return;
			lost = true;
			this.#log.warn({ role }, 'redis connection lost; reconnecting, and the database keeps boards consistent meanwhile');
		});
		connection.on('ready', () => {
			if (lost) this.#log.info({ role }, 'redis connection restored');
			lost = false;
		});
	}
}
