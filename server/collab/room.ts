import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CollabLimits } from '../../src/lib/server/config.ts';
import type { Schema } from '../../src/lib/server/db/schema.ts';
import type { DocStore } from '../../src/lib/server/doc-store.ts';
import { CloseCode, MessageType } from '../../src/lib/protocol/messages.ts';
import { AwarenessPolicyError, filterAwareness } from './awareness-filter.ts';
import type { EditingActivity } from './checkpoints.ts';
import type { Connection, MessageSink } from './connection.ts';
import type { BindingWriter } from '../../src/lib/server/client-ids.ts';
import { Intake } from './intake.ts';
import { Ledger } from './ledger.ts';
import { writeSyncStep2, type LoadedDocument } from './load-document.ts';
import type { Metrics } from './metrics.ts';
import { LEFT, fromClient, fromServer, presencePolicy, senderOf, updatePolicy } from './origin.ts';
import { GATHER_MS, UpdateOutbox } from './outbox.ts';
import type { Replicate, Replication } from './replication.ts';
import { TitleMirror } from './title-mirror.ts';
import type { Turns } from './turns.ts';
import { RefusedUpdate } from './update-admission.ts';

export interface RoomDeps {
	docs: DocStore;
	db: Kysely<Schema>;
	/** Stores client id bindings, gathered across the boards (src/lib/server/client-ids.ts). */
	bindingWriter: BindingWriter;
	logger: Logger;
	metrics: Metrics;
	limits: CollabLimits;
	activity: EditingActivity | null;
	/** Attaches replication between instances; absent when this instance serves its boards alone. */
	replicate: Replicate | null;
	/** The event loop shared with the other boards: every message is handled in a turn with budget (turns.ts). */
	turns: Turns;
	onClosed(room: Room): void;
}

/**
 * One loaded board: its document, presence and connections, and the y-websocket protocol spoken with them.
 * The path of an edit reads one way:
 *
 *   connection -> room (protocol) -> intake (read-only drops, size, client-id admission, held updates, board
 *   rules) -> document -> ledger (store, confirm, report failures) -> outbox (to the other connections)
 *
 * Every change to the document, whoever made it, leaves through the document's update event, tagged with its
 * origin (origin.ts); `updatePolicy` says whether the ledger stores it, whom it is attributed to and when the
 * other connections get it. Replication between instances (replication.ts) is attached only when there are
 * other instances; the ledger and the presence handler are the only parts that talk to it.
 */
export class Room implements MessageSink {
	readonly boardId: string;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly connections = new Set<Connection>();
	state: 'live' | 'unloading' | 'closed' = 'live';
	readonly closed: Promise<void>;

	readonly #deps: RoomDeps;
	readonly #log: Logger;
	readonly #outbox: UpdateOutbox<Connection>;
	readonly #replication: Replication | null;
	readonly #ledger: Ledger;
	readonly #intake: Intake;
	readonly #title: TitleMirror;
	/** When the frame being handled arrived; then, per member's update, when the frame carrying it arrived. */
	#frameArrivedAt = 0;
	readonly #arrivedAt = new WeakMap<Uint8Array, number>();
	/** The board as loaded, in one update, until the document changes: an empty client's first sync. */
	#whole: Uint8Array | null;
	#unloadTimer: NodeJS.Timeout | undefined;
	#resolveClosed!: () => void;

	constructor(boardId: string, loaded: LoadedDocument, bindings: Map<number, string>, deps: RoomDeps) {
		this.boardId = boardId;
		this.#deps = deps;
		this.#log = deps.logger.child({ boardId });
		this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
		this.doc = loaded.doc;
		this.#whole = loaded.whole;
		this.#title = new TitleMirror(boardId, this.doc, deps.db, this.#log);
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server is not a participant: it holds no presence of its own.
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.#onAwareness);
		this.#outbox = new UpdateOutbox(
			() => this.connections,
			(messages, updates) => this.#sent(messages, updates),
			{
				// A turn of its own, beside the board's frames: what is stored goes out without waiting behind their backlog.
				run: (send) => deps.turns.run(`${boardId}/outbox`, send),
				// Gathering a busy board's updates longer saves writes while the server is behind, and costs latency otherwise.
				gatherMs: () => (deps.turns.queued > 0 ? GATHER_MS : 0)
			}
		);
		this.#replication =
			deps.replicate?.({
				boardId,
				doc: this.doc,
				awareness: this.awareness,
				loadedSeq: loaded.seq,
				ownsLocally: (clientId) => this.#ownerOf(clientId) !== undefined,
				localClients: () => [...this.connections].flatMap((c) => (c.clientId === null ? [] : [c.clientId])),
				active: () => this.state === 'live' && this.connections.size > 0,
				forward: (update) => {
					this.#outbox.add(update, null);
					// Sent now, before it is applied, while the server keeps up; behind, it is gathered with the rest.
					if (deps.turns.queued === 0) this.#outbox.flush();
				},
				store: (entry) => this.#ledger.store(entry)
			}) ?? null;
		this.#ledger = new Ledger({
			boardId,
			doc: this.doc,
			docs: deps.docs,
			logger: this.#log,
			metrics: deps.metrics,
			limits: deps.limits,
			activity: deps.activity,
			loaded: { bytes: loaded.bytes, seq: loaded.seq },
			replication: this.#replication,
			connections: () => this.connections,
			firstHeldFrame: (connection) => this.#intake.firstHeldFrame(connection),
			forward: (update, sender) => this.#outbox.add(update, sender)
		});
		this.doc.on('update', this.#onUpdate);
		// After the update handler: migrating the loaded board is a change to store like any other.
		this.#intake = new Intake({
			boardId,
			doc: this.doc,
			bindingWriter: deps.bindingWriter,
			logger: this.#log,
			metrics: deps.metrics,
			limits: deps.limits,
			bindings,
			boardBytes: () => this.#ledger.bytes
		});
		this.#scheduleUnload();
	}

	/** Adds a connection: it gets the server's sync step 1 and everyone's presence, then its queued frames. */
	join(connection: Connection): void {
		clearTimeout(this.#unloadTimer);
		this.connections.add(connection);
		connection.ws.once('close', () => this.#leave(connection));
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.sync);
		syncProtocol.writeSyncStep1(encoder, this.doc);
		connection.send(encoding.toUint8Array(encoder));
		if (this.awareness.getStates().size > 0) {
			connection.send(this.#awarenessMessage([...this.awareness.getStates().keys()]));
		}
		this.#ledger.greet(connection);
		connection.attach(this);
	}

	/**
	 * A frame from a connection, handled in a turn with budget left (at once on a quiet server), after the board's
	 * earlier frames (too many waiting and the connection stops reading). A frame whose socket closed meanwhile is dropped, as if it had never come: the member may have
	 * been removed, and nothing of it was counted or confirmed (its client sends it again when it reconnects).
	 */
	receive(connection: Connection, data: Uint8Array): void {
		const arrived = performance.now();
		connection.waiting(data.byteLength);
		this.#deps.turns.run(this.boardId, () => {
			connection.handled(data.byteLength);
			if (connection.open) this.#receiveNow(connection, data, arrived);
		});
	}

	#receiveNow(connection: Connection, data: Uint8Array, arrived: number): void {
		if (this.state !== 'live') return;
		this.#frameArrivedAt = arrived;
		connection.frames++;
		try {
			this.#handle(connection, data);
		} catch (error) {
			this.#deps.metrics.protocolErrors++;
			const code =
				error instanceof RefusedUpdate ? error.code : error instanceof AwarenessPolicyError ? CloseCode.policy : CloseCode.invalidPayload;
			const reason = error instanceof RefusedUpdate || error instanceof AwarenessPolicyError ? error.message : 'malformed message';
			connection.log.warn({ err: error, code }, 'closing a connection that sent a bad message');
			connection.close(code, reason);
		}
	}

	/** Applies a server-side change, resolving once it is durable. */
	async change(userId: string | null, fn: (doc: Y.Doc) => void): Promise<void> {
		this.doc.transact(() => fn(this.doc), fromServer(userId));
		await this.#ledger.durable();
	}

	/** Whether everything applied so far is stored within `ms` (not while storage is failing). */
	storedWithin(ms: number): Promise<boolean> {
		let timer: NodeJS.Timeout | undefined;
		const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
		return Promise.race([this.#ledger.durable().then(() => true), late]).finally(() => clearTimeout(timer));
	}

	/** Unloads once everything is stored: a later connection loads a fresh room that has every update. */
	async unload(): Promise<void> {
		if (this.state !== 'live') return this.closed;
		this.state = 'unloading';
		clearTimeout(this.#unloadTimer);
		await this.#ledger.flush();
		await this.#ledger.compact();
		this.#destroy();
	}

	/** Stops the room for a shutdown: flush (bounded), then close every socket with a reconnectable code. */
	async shutdown(flushDeadlineMs: number): Promise<boolean> {
		if (this.state !== 'live') {
			await this.closed;
			return true;
		}
		this.state = 'unloading';
		clearTimeout(this.#unloadTimer);
		const flushed = await this.#ledger.flush(flushDeadlineMs);
		if (!flushed) this.#log.error('shutting down with unstored updates; none of them was confirmed');
		this.#outbox.flush();
		for (const connection of this.connections) connection.close(CloseCode.serviceRestart, 'server restarting');
		if (flushed) await this.#ledger.compact();
		this.#destroy();
		return flushed;
	}

	#destroy(): void {
		this.#ledger.close();
		this.#outbox.clear();
		void this.#title.mirror();
		this.#intake.close();
		this.#replication?.close();
		this.doc.off('update', this.#onUpdate);
		this.awareness.off('update', this.#onAwareness);
		this.awareness.destroy();
		this.doc.destroy();
		this.state = 'closed';
		this.#deps.onClosed(this);
		this.#resolveClosed();
	}

	#handle(connection: Connection, data: Uint8Array): void {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MessageType.sync:
				this.#handleSync(connection, decoder);
				return;
			case MessageType.awareness: {
				const update = decoding.readVarUint8Array(decoder);
				const filtered = filterAwareness(update, connection, (id) => this.#ownerOf(id), this.doc.clientID);
				if (!filtered) return;
				this.#intake.admitPresence(connection);
				if (connection.clientId !== null) this.#replication?.claim(connection.clientId);
				awarenessProtocol.applyAwarenessUpdate(this.awareness, filtered, fromClient(connection));
				return;
			}
			case MessageType.queryAwareness:
				connection.send(this.#awarenessMessage([...this.awareness.getStates().keys()]));
				return;
			case MessageType.auth:
				// Authentication happened at the upgrade; the stock client never sends this.
				return;
			default:
				throw new RefusedUpdate(CloseCode.unsupported, 'unknown message type');
		}
	}

	#handleSync(connection: Connection, decoder: decoding.Decoder): void {
		const syncType = decoding.readVarUint(decoder);
		if (syncType === syncProtocol.messageYjsSyncStep1) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.sync);
			writeSyncStep2(encoder, this.doc, this.#whole, decoding.readVarUint8Array(decoder));
			connection.send(encoding.toUint8Array(encoder));
			return;
		}
		if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
			throw new RefusedUpdate(CloseCode.unsupported, 'unknown sync message type');
		}
		const update = decoding.readVarUint8Array(decoder);
		if (this.#intake.receive(connection, update) === 'taken') this.#ledger.settle();
	}

	#ownerOf(clientId: number): Connection | undefined {
		for (const connection of this.connections) if (connection.clientId === clientId) return connection;
		return undefined;
	}

	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		this.#whole = null;
		if (senderOf(origin)) this.#arrivedAt.set(update, this.#frameArrivedAt);
		this.#ledger.record(update, updatePolicy(origin));
		this.#title.changed();
	};

	/** Counts what the outbox sent, and how long the server took to relay each member's edit in it. */
	#sent(messages: number, updates: Uint8Array[]): void {
		const metrics = this.#deps.metrics;
		metrics.updatesOut += messages;
		if (messages === 0) return;
		const now = performance.now();
		for (const update of updates) {
			const arrived = this.#arrivedAt.get(update);
			if (arrived !== undefined) metrics.recordRelay(now - arrived);
		}
	}

	#onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
		const policy = presencePolicy(origin);
		if (policy.learnOwners) this.#intake.learnOwners(added, this.awareness.getStates());
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, added.concat(updated, removed));
		const message = this.#wrapAwareness(update);
		// A cursor must not arrive before the text it points into.
		this.#outbox.flush();
		for (const connection of this.connections) connection.send(message);
		// Renewals too ('update' fires for them): they keep the state from timing out on the other instances.
		if (policy.publish) this.#replication?.localAwareness(update);
	};

	#awarenessMessage(clients: number[]): Uint8Array {
		return this.#wrapAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
	}

	#wrapAwareness(update: Uint8Array): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.awareness);
		encoding.writeVarUint8Array(encoder, update);
		return encoding.toUint8Array(encoder);
	}

	#leave(connection: Connection): void {
		this.connections.delete(connection);
		if (!connection.readOnly && ![...this.connections].some((other) => !other.readOnly)) {
			this.#deps.activity?.editorsLeft(this.boardId);
		}
		if (connection.clientId !== null && this.state === 'live') {
			awarenessProtocol.removeAwarenessStates(this.awareness, [connection.clientId], LEFT);
		}
		this.#scheduleUnload();
	}

	#scheduleUnload(): void {
		if (this.state !== 'live' || this.connections.size > 0) return;
		clearTimeout(this.#unloadTimer);
		this.#unloadTimer = setTimeout(() => void this.unload(), this.#deps.limits.unloadDelayMs);
		this.#unloadTimer.unref();
	}
}
