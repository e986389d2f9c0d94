import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CollabLimits } from '../../src/lib/server/config.ts';
import type { Schema } from '../../src/lib/server/db/schema.ts';
import type { DocStore, LiveState, StoredDoc } from '../../src/lib/server/doc-store.ts';
import * as board from '../../src/lib/server/board.ts';
import * as clientIds from '../../src/lib/server/client-ids.ts';
import { CloseCode, MessageType, encodeNotice, encodeSaveFailed, encodeSaved } from '../../src/lib/protocol/messages.ts';
import { AwarenessPolicyError, filterAwareness } from './awareness-filter.ts';
import { boardTitle, prepareBoard } from './board-model.ts';
import { Connection, type MessageSink } from './connection.ts';
import type { Fanout } from './fanout.ts';
import type { EditingActivity } from './checkpoints.ts';
import { ClientIdRegistry } from './client-ids.ts';
import { HeldUpdates } from './held-updates.ts';
import type { Metrics } from './metrics.ts';
import { GroupCommitWriter } from './persistence.ts';
import { ForwardWhenStored } from './forward-when-stored.ts';
import { UpdateOutbox } from './outbox.ts';
import { PEER, PEER_EARLY, RoomReplica } from './replica.ts';
import { RefusedUpdate, admitUpdate } from './update-admission.ts';
import { canApply } from './update-shape.ts';

export interface RoomDeps {
	docs: DocStore;
	db: Kysely<Schema>;
	logger: Logger;
	metrics: Metrics;
	limits: CollabLimits;
	fanout: Fanout;
	activity: EditingActivity | null;
	onClosed(room: Room): void;
}

/** Transaction origin of a change the server makes for the app (rename, restore), attributed to a user. */
export class ServerChange {
	readonly userId: string | null;
	constructor(userId: string | null) {
		this.userId = userId;
	}
}

/** Origin of the stored updates applied when the room loads: they are already durable. */
const LOAD = Symbol('load');
/** Origin of the awareness removal when a connection closes. */
const LEFT = 'connection closed';

/** A read-only client sending this many edits is not a stale tab but a misbehaving one. */
const MAX_DROPPED_WRITES = 20;
const TITLE_MIRROR_DELAY_MS = 1_000;
/** Bounds on client updates held until what they build on arrives (see HeldUpdates). */
const HELD_CAP_BYTES = 1024 * 1024;
/** An honest client has an update or two in flight before the sync reply; more is a client sending what cannot apply. */
const HELD_PER_SENDER = 32;
const HELD_MAX_MS = 5_000;
const WAITING_DELETIONS_CAP_BYTES = 16 * 1024;

interface Cut {
	stateVector: Uint8Array;
	frames: Map<Connection, number>;
	/** Other instances' early updates in the document at the cut (RoomReplica.earlyMark). */
	earlyMark: number;
}

/** A message the room refuses; its sender is closed with `code`. */
class ProtocolError extends RefusedUpdate {}

/**
 * One loaded board: its document, awareness and connections. Every change to the document, whoever made
 * it, leaves through the document's update event, which appends it to the log (group commit) and forwards it
 * to the other connections; a connection hears that its edits are durable only after the write that holds
 * them has committed.
 */
export class Room implements MessageSink {
	readonly boardId: string;
	readonly doc = new Y.Doc();
	readonly awareness: awarenessProtocol.Awareness;
	readonly connections = new Set<Connection>();
	/** Keeps the document in step with other instances serving the board (inert with one instance). */
	readonly replica: RoomReplica;
	state: 'live' | 'unloading' | 'closed' = 'live';
	readonly closed: Promise<void>;

	readonly #deps: RoomDeps;
	readonly #log: Logger;
	readonly #writer: GroupCommitWriter<Cut>;
	readonly #unguard: () => void;
	readonly #outbox: UpdateOutbox<Connection>;
	readonly #forwarder: ForwardWhenStored<unknown>;
	#bytes = 0;
	/** Counts document updates; the state vector only changes with one, so a cut reuses it until then. */
	#updates = 0;
	#lastCut: { updates: number; stateVector: Uint8Array } | null = null;
	#failing = false;
	readonly #held = new HeldUpdates<Connection>();
	readonly #clientIds: ClientIdRegistry;
	#heldTimer: NodeJS.Timeout | undefined;
	#mirroredTitle: string;
	#titleTimer: NodeJS.Timeout | undefined;
	#unloadTimer: NodeJS.Timeout | undefined;
	#resolveClosed!: () => void;

	constructor(boardId: string, stored: StoredDoc, bindings: Map<number, string>, deps: RoomDeps) {
		this.boardId = boardId;
		this.#deps = deps;
		this.#log = deps.logger.child({ boardId });
		this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
		this.#outbox = new UpdateOutbox(
			() => this.connections,
			(messages) => (deps.metrics.updatesOut += messages)
		);
		this.#forwarder = new ForwardWhenStored<unknown>(
			(update, origin) => this.#outbox.add(update, origin),
			() => this.#writer.durable()
		);
		this.doc.transact(() => {
			for (const update of stored.updates) {
				Y.applyUpdate(this.doc, update, LOAD);
				this.#bytes += update.byteLength;
			}
		}, LOAD);
		this.#mirroredTitle = boardTitle(this.doc);
		this.#clientIds = new ClientIdRegistry(bindings, this.doc.clientID, (clientId, userId) => {
			clientIds.bind(deps.db, boardId, clientId, userId).catch((error: unknown) => {
				this.#log.warn({ err: error, clientId }, 'could not store a client id binding');
			});
		});
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server is not a participant: it holds no presence of its own.
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.#onAwareness);
		this.replica = new RoomReplica(
			{
				boardId,
				doc: this.doc,
				awareness: this.awareness,
				docs: deps.docs,
				fanout: deps.fanout,
				logger: this.#log,
				metrics: deps.metrics,
				ownsLocally: (clientId) => this.#ownerOf(clientId) !== undefined,
				localClients: () => [...this.connections].flatMap((c) => (c.clientId === null ? [] : [c.clientId])),
				store: (entry) => this.#writer.enqueue(entry)
			},
			stored.seq
		);
		this.#writer = new GroupCommitWriter<Cut>({
			boardId,
			docs: deps.docs,
			logger: this.#log,
			metrics: deps.metrics,
			compactAfterUpdates: deps.limits.compactAfterUpdates,
			compactAfterBytes: deps.limits.compactAfterBytes,
			cut: () => this.#cut(),
			onDurable: (cut, lastSeq, batch) => {
				this.replica.stored(lastSeq, batch.map((entry) => entry.update));
				this.#confirm(cut);
			},
			onFailure: (error) => this.#reportFailure(error),
			onIdle: () => this.#confirmAll(),
			live: () => this.#liveState()
		});
		this.doc.on('update', this.#onUpdate);
		this.#unguard = this.#prepare();
		this.#scheduleUnload();
	}

	/**
	 * The document as a compacted state, if it holds nothing unstored: a state must not make an edit durable that
	 * was never logged (nor confirmed). Otherwise null, and the compaction merges the log instead.
	 */
	#liveState(): LiveState | null {
		if (this.doc.isDestroyed || !this.#writer.idle || this.replica.holdsUnstored) return null;
		return { state: Y.encodeStateAsUpdate(this.doc), uptoSeq: this.replica.appliedSeq };
	}

	#prepare(): () => void {
		try {
			const restricted = (origin: unknown) => origin instanceof Connection && origin.role !== 'chair';
			return prepareBoard(this.doc, new ServerChange(null), restricted, (repair) => {
				this.#log.info({ reason: repair.reason }, 'repaired a schema violation');
				if (repair.origin instanceof Connection && repair.origin.acks) {
					repair.origin.send(encodeNotice({ type: 'repaired', reason: repair.reason }));
				}
			});
		} catch (error) {
			this.#log.error({ err: error }, 'board not migrated or guarded');
			return () => {};
		}
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
		if (this.#failing && connection.acks) connection.send(encodeSaveFailed('storage unavailable'));
		connection.attach(this);
	}

	receive(connection: Connection, data: Uint8Array): void {
		if (this.state !== 'live') return;
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
		this.doc.transact(() => fn(this.doc), new ServerChange(userId));
		await this.#writer.durable();
	}

	/** Unloads once everything is stored: a later connection loads a fresh room that has every update. */
	async unload(): Promise<void> {
		if (this.state !== 'live') return this.closed;
		this.state = 'unloading';
		clearTimeout(this.#unloadTimer);
		await this.#writer.flush();
		await this.#writer.compact();
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
		const flushed = await this.#writer.flush(flushDeadlineMs);
		if (!flushed) this.#log.error('shutting down with unstored updates; none of them was confirmed');
		this.#outbox.flush();
		for (const connection of this.connections) connection.close(CloseCode.serviceRestart, 'server restarting');
		if (flushed) await this.#writer.compact();
		this.#destroy();
		return flushed;
	}

	#destroy(): void {
		clearTimeout(this.#titleTimer);
		clearTimeout(this.#heldTimer);
		this.#forwarder.close();
		this.#outbox.clear();
		void this.#mirrorTitle();
		this.#unguard();
		this.replica.close();
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
				if (connection.clientId !== null) {
					if (this.#clientIds.claim([connection.clientId], connection.user.id) !== null) {
						throw new ProtocolError(CloseCode.forgedUpdate, 'presence under a client id of another member');
					}
					this.replica.claim(connection.clientId);
				}
				awarenessProtocol.applyAwarenessUpdate(this.awareness, filtered, connection);
				return;
			}
			case MessageType.queryAwareness:
				connection.send(this.#awarenessMessage([...this.awareness.getStates().keys()]));
				return;
			case MessageType.auth:
				// Authentication happened at the upgrade; the stock client never sends this.
				return;
			default:
				throw new ProtocolError(CloseCode.unsupported, 'unknown message type');
		}
	}

	#handleSync(connection: Connection, decoder: decoding.Decoder): void {
		const syncType = decoding.readVarUint(decoder);
		if (syncType === syncProtocol.messageYjsSyncStep1) {
			if (!connection.takeFullStateRequest()) throw new ProtocolError(CloseCode.policy, 'too many full-state requests');
			const stateVector = decoding.readVarUint8Array(decoder);
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.sync);
			syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
			connection.send(encoding.toUint8Array(encoder));
			return;
		}
		if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
			throw new ProtocolError(CloseCode.unsupported, 'unknown sync message type');
		}
		const update = decoding.readVarUint8Array(decoder);
		if (connection.readOnly) {
			this.#dropWrite(connection, update);
			return;
		}
		if (this.#bytes + update.byteLength > this.#deps.limits.maxDocBytes) {
			// Sending it again would not make it fit: a code that stops the stock client from retrying.
			throw new ProtocolError(CloseCode.tooLarge, 'board is full');
		}
		connection.lastWriteFrame = connection.frames;
		this.#deps.metrics.updatesIn++;
		this.#applyFromClient(connection, update);
		// Nothing new (a resend after a reconnect): it is as durable as everything else already is.
		if (this.#writer.idle) this.#confirmAll();
	}

	/**
	 * Applies a client's update whole, once admitted (update-admission.ts), or holds it until what it builds on has
	 * arrived (bounded per sender, in bytes and in time).
	 */
	#applyFromClient(connection: Connection, update: Uint8Array): void {
		const shape = admitUpdate(this.doc, this.#clientIds, connection.user.id, update);
		if (!canApply(this.doc, shape.needs)) {
			const mine = this.#held.heldBy(connection);
			if (mine.count >= HELD_PER_SENDER || this.#held.bytes + update.byteLength > HELD_CAP_BYTES) {
				throw new ProtocolError(CloseCode.invalidPayload, 'update depends on content this board does not have');
			}
			this.#held.hold(connection, update, { needs: shape.needs, frame: connection.frames });
			this.#heldTimer ??= setTimeout(() => this.#expireHeld(), HELD_MAX_MS);
			this.#heldTimer.unref();
			return;
		}
		Y.applyUpdate(this.doc, update, connection);
		this.#boundWaitingDeletions();
		for (let ready = this.#held.takeReady(this.doc); ready.length > 0; ready = this.#held.takeReady(this.doc)) {
			for (const entry of ready) Y.applyUpdate(this.doc, entry.update, entry.sender);
		}
	}

	/**
	 * Deletions of items the board has never had wait inside Yjs, which retries them on every later update and
	 * sends them to everyone who joins: a large set of them is refused (it was never stored or confirmed).
	 */
	#boundWaitingDeletions(): void {
		const waiting = this.doc.store.pendingDs;
		if (!waiting || waiting.byteLength <= WAITING_DELETIONS_CAP_BYTES) return;
		this.doc.store.pendingDs = null;
		throw new ProtocolError(CloseCode.invalidPayload, 'update deletes content this board does not have');
	}

	/** Held updates whose base never came: the sender's client resends what is missing when it reconnects. */
	#expireHeld(): void {
		this.#heldTimer = undefined;
		if (this.state !== 'live') return;
		for (const entry of this.#held.expire(Date.now(), HELD_MAX_MS)) {
			this.#deps.metrics.protocolErrors++;
			entry.sender.close(CloseCode.invalidPayload, 'update depends on content this board does not have');
		}
		const oldest = this.#held.oldest();
		if (oldest !== null) {
			this.#heldTimer = setTimeout(() => this.#expireHeld(), Math.max(0, oldest + HELD_MAX_MS - Date.now()));
			this.#heldTimer.unref();
		}
	}

	#dropWrite(connection: Connection, update: Uint8Array): void {
		this.#deps.metrics.messagesDropped++;
		if (!this.#isNew(update)) return;
		connection.droppedWrites++;
		if (connection.droppedWrites === 1 && connection.acks) {
			connection.send(encodeNotice({ type: 'read-only', readOnly: true, reason: 'You can view this board but not change it.' }));
		}
		if (connection.droppedWrites > MAX_DROPPED_WRITES) throw new ProtocolError(CloseCode.policy, 'read-only');
	}

	/** Whether an update holds content the document lacks; decoding it also rejects malformed bytes. */
	#isNew(update: Uint8Array): boolean {
		const { to } = Y.parseUpdateMeta(update);
		for (const [client, clock] of to) {
			if (clock > Y.getState(this.doc.store, client)) return true;
		}
		return false;
	}

	#ownerOf(clientId: number): Connection | undefined {
		for (const connection of this.connections) if (connection.clientId === clientId) return connection;
		return undefined;
	}

	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		const userId = origin instanceof Connection ? origin.user.id : origin instanceof ServerChange ? origin.userId : null;
		this.#bytes += update.byteLength;
		this.#updates++;
		// Another instance stored it (or is storing it) already; storing it again would be harmless, but it is not needed.
		if (origin !== PEER && origin !== PEER_EARLY) {
			this.replica.applied(update, userId);
			this.#writer.enqueue({ update, userId });
			this.#deps.activity?.edited(this.boardId);
			// Readers here get it once it is stored (forward-when-stored.ts says why).
			this.#forwarder.add(update, origin);
		} else {
			this.#outbox.add(update, origin);
		}
		this.#scheduleTitleMirror();
	};

	#onAwareness = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		if (!(origin instanceof Connection) && origin !== LEFT) this.#clientIds.learnFromPresence(added, this.awareness.getStates());
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, added.concat(updated, removed));
		const message = this.#wrapAwareness(update);
		// A cursor must not arrive before the text it points into.
		this.#outbox.flush();
		for (const connection of this.connections) connection.send(message);
		// Renewals too ('update' fires for them): they keep the state from timing out on the other instances.
		if (origin instanceof Connection || origin === LEFT) this.replica.localAwareness(update);
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

	#cut(): Cut {
		const frames = new Map<Connection, number>();
		for (const connection of this.connections) {
			if (!connection.acks || connection.lastWriteFrame <= connection.confirmedFrames) continue;
			// A held update is neither applied nor stored: confirm only the frames before it.
			const held = this.#held.firstHeldFrame(connection);
			frames.set(connection, held === null ? connection.frames : held - 1);
		}
		if (this.#lastCut?.updates !== this.#updates) this.#lastCut = { updates: this.#updates, stateVector: Y.encodeStateVector(this.doc) };
		return { stateVector: this.#lastCut.stateVector, frames, earlyMark: this.replica.earlyMark };
	}

	#confirm(cut: Cut): void {
		this.#failing = false;
		this.#forwarder.recovered();
		// Another instance's early update in the cut, not stored yet, would be covered by its state vector (and a
		// client's resend of it by its frames, adding nothing here): confirm once it is stored.
		this.replica.whenStored(cut.earlyMark, () => this.#sendSaved(cut));
	}

	#sendSaved(cut: Cut): void {
		for (const [connection, frames] of cut.frames) {
			if (frames <= connection.confirmedFrames) continue;
			connection.confirmedFrames = frames;
			connection.send(encodeSaved({ stateVector: cut.stateVector, frames }));
		}
	}

	#confirmAll(): void {
		if (this.state === 'closed') return;
		this.#confirm(this.#cut());
	}

	#reportFailure(error: unknown): void {
		const reason = error instanceof Error && /SQLITE_FULL|ENOSPC|disk/i.test(error.message) ? 'storage is full' : 'storage unavailable';
		const first = !this.#failing;
		this.#failing = true;
		this.#forwarder.failing();
		if (!first) return;
		const message = encodeSaveFailed(reason);
		for (const connection of this.connections) if (connection.acks) connection.send(message);
	}

	#scheduleTitleMirror(): void {
		if (this.#titleTimer) return;
		this.#titleTimer = setTimeout(() => {
			this.#titleTimer = undefined;
			void this.#mirrorTitle();
		}, TITLE_MIRROR_DELAY_MS);
		this.#titleTimer.unref();
	}

	async #mirrorTitle(): Promise<void> {
		if (this.doc.isDestroyed) return;
		const title = board.normaliseTitle(boardTitle(this.doc)).slice(0, board.TITLE_MAX);
		if (!title || title === this.#mirroredTitle) return;
		this.#mirroredTitle = title;
		try {
			await board.syncTitle(this.#deps.db, this.boardId, title);
		} catch (error) {
			this.#log.warn({ err: error }, 'could not mirror the board title');
		}
	}
}
