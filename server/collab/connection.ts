import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { CollabLimits } from '../../src/lib/server/config.ts';
import type { PresenceUser } from '../../src/lib/protocol/presence.ts';
import type { Role } from '../../src/lib/roles.ts';
import { CloseCode, MessageType, encodeNotice } from '../../src/lib/protocol/messages.ts';
import { TokenBucket } from './limits.ts';
import type { Metrics } from './metrics.ts';

/** Who is on the other end of a socket, as established by the authenticated upgrade. */
export interface Identity {
	user: PresenceUser;
	sessionId: string;
	boardId: string;
	role: Role;
	readOnly: boolean;
	/** Opted in to the custom messages (saved, save failed, notices). */
	acks: boolean;
	/** The client's address (behind a proxy, as the proxy reports it): sockets per address are capped. */
	address: string;
}

export interface MessageSink {
	receive(connection: Connection, data: Uint8Array): void;
}

/** A client asks for the whole board once a connection (and after a resync); a few more are allowed for the odd retry. */
const FULL_STATE_REQUEST_BURST = 4;
const FULL_STATE_REQUESTS_PER_SECOND = 0.1;
const BACKLOG_CLOSE_GRACE_MS = 1_000;
/**
 * Frames handed to the room wait for a turn of the event loop (turns.ts); past these bounds the socket stops reading
 * until they are handled, so a client sending faster than its board is served is held back by TCP instead of
 * filling the server's memory (or its rate limit) with frames not yet looked at.
 */
const MAX_WAITING_FRAMES = 64;
const MAX_WAITING_BYTES = 4 * 1024 * 1024;

/**
 * One client socket. Frames are rate limited and queued (with a byte cap) until the room has loaded; after
 * that they go straight to the room in arrival order. The connection is also the transaction origin of every
 * update it sends, which is how the room attributes and routes them.
 */
export class Connection {
	readonly ws: WebSocket;
	readonly user: PresenceUser;
	readonly sessionId: string;
	readonly boardId: string;
	role: Role;
	readOnly: boolean;
	readonly acks: boolean;
	readonly address: string;
	/** The awareness client id this connection announced first; the only one it may update. */
	clientId: number | null = null;
	/** Frames received and handed to the room, counted from 1; `saved` messages refer to this count. */
	frames = 0;
	/** The frame number of the last document update this connection sent. */
	lastWriteFrame = 0;
	/** The highest frame count already confirmed to this client. */
	confirmedFrames = 0;
	/** Writes dropped because the connection is read-only. */
	droppedWrites = 0;
	lastMessageAt = Date.now();
	/** Answered the last ping. Only a pong counts: a client that sends but never reads cannot answer one. */
	alive = true;
	readonly log: Logger;

	#sink: MessageSink | null = null;
	#waitingFrames = 0;
	#waitingBytes = 0;
	#paused = false;
	#terminateTimer: NodeJS.Timeout | undefined;
	#tookLargeUpdate = false;
	#queue: Uint8Array[] = [];
	#queuedBytes = 0;
	readonly #limits: CollabLimits;
	readonly #bucket: TokenBucket;
	/** Full-state requests (sync step 1): each costs a reply the size of the board, so few are answered. */
	readonly #fullStateBucket = new TokenBucket(FULL_STATE_REQUESTS_PER_SECOND, FULL_STATE_REQUEST_BURST);
	readonly #metrics: Metrics;

	constructor(ws: WebSocket, identity: Identity, limits: CollabLimits, logger: Logger, metrics: Metrics) {
		this.ws = ws;
		this.user = identity.user;
		this.sessionId = identity.sessionId;
		this.boardId = identity.boardId;
		this.role = identity.role;
		this.readOnly = identity.readOnly;
		this.acks = identity.acks;
		this.address = identity.address;
		this.#limits = limits;
		this.#metrics = metrics;
		this.#bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
		this.log = logger.child({ boardId: identity.boardId, userId: identity.user.id });
		ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
		ws.on('pong', () => {
			this.alive = true;
		});
		ws.once('close', () => clearTimeout(this.#terminateTimer));
	}

	get open(): boolean {
		return this.ws.readyState === this.ws.OPEN;
	}

	/** Starts delivering to the room, queued frames first. */
	attach(sink: MessageSink): void {
		this.#sink = sink;
		const queued = this.#queue;
		this.#queue = [];
		this.#queuedBytes = 0;
		for (const data of queued) {
			if (!this.open) return;
			sink.receive(this, data);
		}
	}

	/**
	 * Sends unless the client has stopped reading: what it has not taken is held in memory, so past the cap the
	 * socket is closed instead (one message may pass the cap, so a board larger than it still syncs).
	 */
	send(data: Uint8Array): void {
		if (!this.open) return;
		if (this.ws.bufferedAmount > this.#limits.maxUnsentBytes) {
			this.log.warn({ unsent: this.ws.bufferedAmount }, 'closing a connection that does not read');
			this.#metrics.closedByPolicy++;
			this.ws.close(CloseCode.backlog, 'not reading');
			// The close frame waits behind the unread bytes; the memory is released only when the socket goes.
			this.#terminateTimer = setTimeout(() => this.ws.terminate(), BACKLOG_CLOSE_GRACE_MS);
			return;
		}
		this.ws.send(data, { binary: true });
	}

	/** A frame was handed to the room and waits for its turn: past the bounds, the socket stops reading. */
	waiting(bytes: number): void {
		this.#waitingFrames++;
		this.#waitingBytes += bytes;
		if (this.#paused || (this.#waitingFrames <= MAX_WAITING_FRAMES && this.#waitingBytes <= MAX_WAITING_BYTES)) return;
		this.#paused = true;
		this.ws.pause();
	}

	/** A waiting frame's turn came (handled, or dropped as its socket closed): reading resumes once half have been. */
	handled(bytes: number): void {
		this.#waitingFrames--;
		this.#waitingBytes -= bytes;
		if (!this.#paused || this.#waitingFrames > MAX_WAITING_FRAMES / 2 || this.#waitingBytes > MAX_WAITING_BYTES / 2) return;
		this.#paused = false;
		this.ws.resume();
	}

	/** Flips read-only and tells a client that listens for notices, so its UI can follow. */
	setReadOnly(readOnly: boolean, reason: string): void {
		if (this.readOnly === readOnly) return;
		this.readOnly = readOnly;
		if (this.acks) this.send(encodeNotice({ type: 'read-only', readOnly, reason }));
	}

	close(code: number, reason: string): void {
		if (code === CloseCode.policy || code === CloseCode.tooBig || code === CloseCode.tooLarge) this.#metrics.closedByPolicy++;
		if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
	}

	#onMessage(raw: unknown, isBinary: boolean): void {
		this.lastMessageAt = Date.now();
		if (!isBinary) {
			this.close(CloseCode.unsupported, 'binary frames only');
			return;
		}
		if (!this.#bucket.take()) {
			this.log.warn('closing a connection over its message rate');
			this.close(CloseCode.policy, 'rate limit');
			return;
		}
		const data = toBytes(raw);
		this.#metrics.bytesIn += data.byteLength;
		// Refused as it arrives, not when its turn comes: a flood of them must not wait in the board's queue.
		if (isFullStateRequest(data) && !this.#fullStateBucket.take()) {
			this.#metrics.protocolErrors++;
			this.log.warn('closing a connection: too many full-state requests');
			this.close(CloseCode.policy, 'too many full-state requests');
			return;
		}
		const large = data.byteLength > this.#limits.maxMessageBytes;
		if (large) {
			// A client returning with a lot of offline work sends it in one sync message: that one may be as large as
			// the board's own limit. Anything else that large is refused with a code that stops the client retrying.
			if (this.#tookLargeUpdate || !isDocumentUpdate(data)) {
				this.close(CloseCode.tooLarge, 'message too large');
				return;
			}
			this.#tookLargeUpdate = true;
		}
		if (this.#sink) {
			this.#sink.receive(this, data);
			return;
		}
		if (!large) this.#queuedBytes += data.byteLength;
		if (this.#queuedBytes > this.#limits.queueCapBytes) {
			this.close(CloseCode.tooBig, 'too much sent while the board loads');
			return;
		}
		this.#queue.push(data);
	}
}

/** A sync step 1 (`[0, 0, ...]`): answered with everything the client lacks, as large as the board. */
function isFullStateRequest(data: Uint8Array): boolean {
	return data[0] === MessageType.sync && data[1] === 0;
}

/** A sync step 2 or a sync update: `[0, 1 | 2, ...]`. */
function isDocumentUpdate(data: Uint8Array): boolean {
	return data[0] === MessageType.sync && (data[1] === 1 || data[1] === 2);
}

function toBytes(raw: unknown): Uint8Array {
	if (raw instanceof Uint8Array) return raw;
	if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
	if (Array.isArray(raw)) return Buffer.concat(raw as Buffer[]);
	return new Uint8Array(0);
}
