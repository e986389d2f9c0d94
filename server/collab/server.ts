import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Config } from '../../src/lib/server/config.ts';
import type { CollabControl } from '../../src/lib/server/context.ts';
import type { Database } from '../../src/lib/server/db/index.ts';
import type { DocStore } from '../../src/lib/server/doc-store.ts';
import * as boardEvents from '../../src/lib/server/board-events.ts';
import { BindingWriter } from '../../src/lib/server/client-ids.ts';
import * as revocation from '../../src/lib/server/revocation.ts';
import { CloseCode, encodeNotice } from '../../src/lib/protocol/messages.ts';
import * as accessCheck from './access-check.ts';
import { BoardSocket } from './board-socket.ts';
import type { EditingActivity } from './checkpoints.ts';
import { Cluster } from './cluster.ts';
import { Connection, type Identity } from './connection.ts';
import type { ControlEvent } from './fanout-codec.ts';
import { localFanout, type Fanout } from './fanout.ts';
import { Metrics } from './metrics.ts';
import { Rooms } from './rooms.ts';
import { SocketCaps } from './socket-caps.ts';
import { COLLAB_PATH, authorise, refuse } from './upgrade.ts';

export interface CollabServerOptions {
	config: Config;
	database: Database;
	docs: DocStore;
	logger: Logger;
	/** Other instances serving the same boards; `localFanout` (the default) when this one is alone. */
	fanout?: Fanout;
	metrics?: Metrics;
	/** Told about edits and editors leaving (automatic checkpoints). */
	activity?: EditingActivity;
}

/** How long a shutdown waits for a failing database before giving up on unconfirmed updates. */
const SHUTDOWN_FLUSH_MS = 10_000;
const CLOSE_HANDSHAKE_MS = 1_000;
/** How long reading the live board waits for the room's edits to be stored before it encodes the room instead. */
const STATE_STORED_WAIT_MS = 2_000;
/** How often open sockets' sessions and memberships are re-read (the backstop behind the announcements). */
const ACCESS_CHECK_MS = 1_000;

/**
 * The collaboration server: authenticates upgrades, owns the rooms and every open connection, and carries
 * out the app's requests on open boards (membership and session changes, server-side edits).
 */
export class CollabServer implements CollabControl {
	readonly metrics: Metrics;
	readonly #options: CollabServerOptions;
	readonly #fanout: Fanout;
	readonly #log: Logger;
	readonly #wss: WebSocketServer;
	readonly #rooms: Rooms;
	readonly #bindingWriter: BindingWriter;
	readonly #connections = new Set<Connection>();
	readonly #caps: SocketCaps;
	/** Replication between instances, when there are others. */
	readonly #cluster: Cluster | null;
	readonly #heartbeat: NodeJS.Timeout;
	readonly #accessCheck: NodeJS.Timeout;
	readonly #unlisten: () => void;
	#checkingAccess = false;
	#closing = false;

	constructor(options: CollabServerOptions) {
		this.#options = options;
		this.#log = options.logger.child({ component: 'collab' });
		this.metrics = options.metrics ?? new Metrics();
		this.#fanout = options.fanout ?? localFanout;
		const limits = options.config.collab;
		this.#caps = new SocketCaps(limits);
		this.#wss = new WebSocketServer({
			noServer: true,
			// One catch-up of offline work may be as large as the board may be (Connection checks the rest).
			maxPayload: Math.max(limits.maxMessageBytes, limits.maxDocBytes),
			perMessageDeflate: false,
			clientTracking: false,
			WebSocket: BoardSocket
		});
		const fanout = this.#fanout;
		this.#cluster = fanout.enabled ? new Cluster({ fanout, docs: options.docs, logger: this.#log, metrics: this.metrics }) : null;
		this.#bindingWriter = new BindingWriter(options.database.db, (error, count) =>
			this.#log.warn({ err: error, count }, 'could not store client id bindings')
		);
		this.#rooms = new Rooms({
			docs: options.docs,
			db: options.database.db,
			bindingWriter: this.#bindingWriter,
			logger: this.#log,
			metrics: this.metrics,
			limits,
			activity: options.activity ?? null,
			replicate: this.#cluster?.attach ?? null
		});
		this.#heartbeat = setInterval(() => this.#sweep(), limits.pingIntervalMs);
		this.#heartbeat.unref();
		this.#accessCheck = setInterval(() => void this.#recheckAccess(), ACCESS_CHECK_MS);
		this.#accessCheck.unref();
		const unlistenRevocations = revocation.listen((event) => this.#revoke(event));
		const unlistenBoardEvents = boardEvents.listen((boardId, event) => this.#announce(boardId, event));
		this.#unlisten = () => {
			unlistenRevocations();
			unlistenBoardEvents();
		};
		const cluster = this.#cluster;
		if (cluster) {
			fanout.setHandlers({
				control: (event) => void this.#control(event),
				peerGone: (instanceId) => cluster.peerGone(instanceId)
			});
		}
	}

	/** Whether an upgrade request is for the collaboration server (anything else is not ours to answer). */
	static owns(request: IncomingMessage): boolean {
		return (request.url ?? '').startsWith(COLLAB_PATH);
	}

	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
		socket.on('error', (error) => this.#log.debug({ err: error }, 'upgrade socket error'));
		if (this.#closing) {
			refuse(socket, 503);
			return;
		}
		void this.#upgrade(request, socket, head);
	}

	/** Applies here and on every other instance: the member's sockets may be open anywhere. */
	async membershipChanged(boardId: string, userId: string): Promise<void> {
		await this.#revoke({ type: 'membership', boardId, userId });
	}

	/** Announced by session.ts and membership.ts (or asked for through CollabControl): here and on every other instance. */
	async #revoke(event: revocation.Revocation): Promise<void> {
		this.#fanout.publishControl(event);
		await this.#revokeHere(event);
	}

	async #revokeHere(event: revocation.Revocation): Promise<void> {
		await accessCheck.revoke(this.#options.database.db, this.#connections, event);
	}

	/** The backstop: every connection's session and membership re-read, once a second. */
	async #recheckAccess(): Promise<void> {
		if (this.#checkingAccess || this.#closing || this.#connections.size === 0) return;
		this.#checkingAccess = true;
		try {
			await accessCheck.recheck(this.#options.database.db, [...this.#connections], this.#options.config.session);
		} catch (error) {
			this.#log.warn({ err: error }, 'access check failed');
		} finally {
			this.#checkingAccess = false;
		}
	}

	async change(boardId: string, userId: string | null, fn: (doc: Y.Doc) => void): Promise<void> {
		if (this.#closing) throw new Error('the collaboration server is shutting down');
		const room = await this.#rooms.acquire(boardId);
		await room.change(userId, fn);
	}

	/**
	 * The live board as one update (a snapshot, a round's reveal). Read from storage once the loaded room's edits
	 * are stored, so a large board is merged in a worker thread instead of encoded on the event loop (a 5,000-row
	 * board: 30-140 ms); every edit anyone has been sent is in it, as they are sent once stored. While storage is
	 * failing the room's document is encoded, as it holds edits the store does not.
	 */
	async state(boardId: string): Promise<Uint8Array> {
		const room = this.#rooms.get(boardId);
		if (room && !(await room.storedWithin(STATE_STORED_WAIT_MS))) return Y.encodeStateAsUpdate(room.doc);
		const stored = await this.#options.docs.load(boardId);
		if (stored.whole) return stored.whole;
		return stored.updates.length === 1 && stored.updates[0] ? stored.updates[0] : Y.mergeUpdates(stored.updates);
	}

	/** Graceful stop: refuse new upgrades, store what is pending, then close every socket as "restarting". */
	async close(): Promise<void> {
		if (this.#closing) return;
		this.#closing = true;
		clearInterval(this.#heartbeat);
		this.#cluster?.stop();
		clearInterval(this.#accessCheck);
		this.#unlisten();
		await Promise.all(this.#rooms.all().map((room) => room.shutdown(SHUTDOWN_FLUSH_MS)));
		for (const connection of this.#connections) connection.close(CloseCode.serviceRestart, 'server restarting');
		await this.#waitForSockets();
		await this.#bindingWriter.flush();
		this.#wss.close();
	}

	async #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		const { config, database } = this.#options;
		let timer: NodeJS.Timeout | undefined;
		try {
			const timeout = new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error('authorisation timed out')), config.collab.authTimeoutMs);
			});
			const decision = await Promise.race([authorise(request, database.db, config), timeout]);
			if (!decision.ok) {
				this.metrics.upgradesRefused++;
				this.#log.info({ status: decision.status, reason: decision.reason, url: request.url }, 'websocket upgrade refused');
				refuse(socket, decision.status);
				return;
			}
			if (socket.destroyed || this.#closing) {
				refuse(socket, 503);
				return;
			}
			this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, decision.identity));
		} catch (error) {
			this.metrics.upgradesRefused++;
			this.#log.error({ err: error }, 'websocket upgrade failed');
			refuse(socket, 503);
		} finally {
			clearTimeout(timer);
		}
	}

	#accept(ws: WebSocket, identity: Identity): void {
		const admitted = this.#caps.admit(identity.sessionId, identity.address);
		if (admitted !== 'ok') {
			// Closed after the upgrade, not refused before it: a refused upgrade makes the stock client retry for ever.
			this.metrics.upgradesRefused++;
			this.#log.info({ userId: identity.user.id, cap: admitted }, 'too many sockets');
			ws.close(CloseCode.tooManySockets, admitted === 'session' ? 'too many open tabs' : 'too many connections from this address');
			return;
		}
		const connection = new Connection(ws, identity, this.#options.config.collab, this.#log, this.metrics);
		this.#connections.add(connection);
		this.metrics.connectionsOpen++;
		this.metrics.connectionsTotal++;
		ws.on('error', (error) => connection.log.info({ err: error }, 'websocket error'));
		ws.once('close', (code, reason) => {
			this.#caps.release(identity.sessionId, identity.address);
			this.#connections.delete(connection);
			this.metrics.connectionsOpen--;
			connection.log.debug({ code, reason: reason.toString() }, 'connection closed');
		});
		this.#rooms.acquire(identity.boardId).then(
			(room) => {
				if (connection.open && !this.#closing) room.join(connection);
			},
			(error: unknown) => {
				this.metrics.roomLoadFailures++;
				connection.log.error({ err: error }, 'could not load a board');
				connection.close(CloseCode.internalError, 'could not load the board');
			}
		);
	}

	/** Here and on every other instance: the board's members may be connected anywhere. */
	#announce(boardId: string, event: boardEvents.BoardEvent): void {
		this.#fanout.publishControl({ type: 'board-event', boardId, event });
		this.#announceHere(boardId, event);
	}

	#announceHere(boardId: string, event: boardEvents.BoardEvent): void {
		const audience = event.to ? new Set(event.to) : null;
		const notice = encodeNotice({ type: 'event', kind: event.kind, text: event.text, by: event.by ?? null, data: event.data ?? {} });
		for (const connection of this.#connections) {
			if (connection.boardId !== boardId || !connection.acks) continue;
			if (audience && !audience.has(connection.user.id)) continue;
			connection.send(notice);
		}
	}

	async #control(event: ControlEvent): Promise<void> {
		try {
			if (event.type === 'board-event') this.#announceHere(event.boardId, event.event);
			else await this.#revokeHere(event);
		} catch (error) {
			this.#log.error({ err: error, event }, 'could not apply a change made through another instance');
		}
	}

	/** Pings every socket; one that answered neither the last ping nor sent anything since is gone. */
	#sweep(): void {
		const idleBefore = Date.now() - this.#options.config.collab.idleTimeoutMs;
		for (const connection of this.#connections) {
			if (!connection.alive) {
				connection.ws.terminate();
				continue;
			}
			if (connection.lastMessageAt < idleBefore) {
				connection.close(CloseCode.idle, 'idle');
				continue;
			}
			connection.alive = false;
			connection.ws.ping();
		}
	}

	async #waitForSockets(): Promise<void> {
		const deadline = Date.now() + CLOSE_HANDSHAKE_MS;
		while (this.#connections.size > 0 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		for (const connection of this.#connections) connection.ws.terminate();
	}
}
