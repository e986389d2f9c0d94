import { EventEmitter } from 'node:events';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { CollabLimits } from '../../src/lib/server/config.ts';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import { Connection, type Identity } from './connection.ts';
import { Metrics } from './metrics.ts';

/** The parts of a ws socket a Connection uses; `deliver` is a frame arriving. */
class FakeSocket extends EventEmitter {
	readonly OPEN = 1;
	readonly CONNECTING = 0;
	readyState = 1;
	bufferedAmount = 0;
	paused = false;
	closed: { code: number; reason: string } | null = null;
	pause(): void {
		this.paused = true;
	}
	resume(): void {
		this.paused = false;
	}
	send(): void {}
	close(code: number, reason: string): void {
		this.closed = { code, reason };
		this.readyState = 2;
	}
	deliver(frame: number[]): void {
		this.emit('message', Buffer.from(frame), true);
	}
}

const limits = {
	maxMessageBytes: 1024 * 1024,
	maxDocBytes: 32 * 1024 * 1024,
	messagesPerSecond: 100,
	messageBurst: 400,
	queueCapBytes: 4 * 1024 * 1024,
	maxUnsentBytes: 4 * 1024 * 1024
} as CollabLimits;

const identity: Identity = {
	user: { id: 'u1', name: 'Member', colour: '#000000' },
	sessionId: 's1',
	boardId: 'b1',
	role: 'editor',
	readOnly: false,
	acks: true,
	address: '127.0.0.1'
};

function open(): { socket: FakeSocket; connection: Connection; received: Uint8Array[] } {
	const socket = new FakeSocket();
	const connection = new Connection(socket as unknown as WebSocket, identity, limits, pino({ level: 'silent' }), new Metrics());
	const received: Uint8Array[] = [];
	connection.attach({ receive: (_connection, data) => received.push(data) });
	return { socket, connection, received };
}

describe('Connection', () => {
	it('stops reading while too many of its frames wait for a turn, and reads again once half of them are handled', () => {
		const { socket, connection } = open();
		for (let i = 0; i < 64; i++) connection.waiting(10);
		expect(socket.paused).toBe(false);
		connection.waiting(10);
		expect(socket.paused).toBe(true);
		for (let i = 0; i < 32; i++) connection.handled(10);
		expect(socket.paused).toBe(true);
		connection.handled(10);
		expect(socket.paused).toBe(false);
	});

	it('refuses a fifth full-state request as it arrives, before the room sees it', () => {
		const { socket, received } = open();
		for (let i = 0; i < 6; i++) socket.deliver([0, 0, 1, 0]);
		expect(received).toHaveLength(4);
		expect(socket.closed).toEqual({ code: CloseCode.policy, reason: 'too many full-state requests' });
	});
});
