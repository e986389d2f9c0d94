import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { CollabLimits } from '../../src/lib/server/config.ts';
import * as boardEvents from '../../src/lib/server/board-events.ts';
import type { BindingWriter } from '../../src/lib/server/client-ids.ts';
import * as locks from '../../src/lib/board/locks.ts';
import { CloseCode, encodeNotice } from '../../src/lib/protocol/messages.ts';
import { prepareBoard } from './board-model.ts';
import { ClientIdRegistry } from './client-ids.ts';
import type { Connection } from './connection.ts';
import { HeldUpdates } from './held-updates.ts';
import type { Metrics } from './metrics.ts';
import { fromClient, fromServer, senderOf } from './origin.ts';
import { RefusedUpdate, admitUpdate } from './update-admission.ts';
import { canApply } from './update-shape.ts';

export interface IntakeDeps {
	boardId: string;
	doc: Y.Doc;
	/** Stores the client id bindings the board's members make (shared by every board). */
	bindingWriter: BindingWriter;
	logger: Logger;
	metrics: Metrics;
	limits: CollabLimits;
	/** Client id owners stored for the board. */
	bindings: Map<number, string>;
	/** How large the board is now (Ledger.bytes). */
	boardBytes(): number;
}

/** A read-only client sending this many edits is not a stale tab but a misbehaving one. */
const MAX_DROPPED_WRITES = 20;
/** Bounds on client updates held until what they build on arrives (see HeldUpdates). */
const HELD_CAP_BYTES = 1024 * 1024;
/** An honest client has an update or two in flight before the sync reply; more is a client sending what cannot apply. */
const HELD_PER_SENDER = 32;
const HELD_MAX_MS = 5_000;

/**
 * Everything a client's edit passes before it is in the room's document, in this order: a read-only
 * connection's edit is dropped (and the client told once); one that would make the board too large is
 * refused; update admission checks that the member writes only under their own client ids
 * (update-admission.ts); an update that builds on content the board lacks is held until it can apply whole;
 * then it is applied, tagged with its connection. After each transaction the board's rules run (the schema
 * guard, the chair-only rule for services kept by law, and the chair's locks) and undo what a member may not
 * do, telling its sender why (a `repaired` or `locked` notice); the chair locking or unlocking something is
 * announced to everyone on the board (board-events.ts). Refusals throw RefusedUpdate: the room closes the sender, and nothing of
 * the update is applied, stored or confirmed.
 */
export class Intake {
	readonly #deps: IntakeDeps;
	readonly #log: Logger;
	readonly #held = new HeldUpdates<Connection>();
	readonly #clientIds: ClientIdRegistry;
	readonly #unguard: () => void;
	#heldTimer: NodeJS.Timeout | undefined;
	#closed = false;

	constructor(deps: IntakeDeps) {
		this.#deps = deps;
		this.#log = deps.logger;
		this.#clientIds = new ClientIdRegistry(deps.bindings, deps.doc.clientID, (clientId, userId) =>
			deps.bindingWriter.bind(deps.boardId, clientId, userId)
		);
		this.#unguard = this.#guard();
	}

	/** A document update (sync step 2 or update) from a client: dropped, held or applied; throws RefusedUpdate. */
	receive(connection: Connection, update: Uint8Array): 'dropped' | 'taken' {
		if (connection.readOnly) {
			this.#dropWrite(connection, update);
			return 'dropped';
		}
		if (this.#deps.boardBytes() + update.byteLength > this.#deps.limits.maxDocBytes) {
			// Sending it again would not make it fit: a code that stops the stock client from retrying.
			throw new RefusedUpdate(CloseCode.tooLarge, 'board is full');
		}
		connection.lastWriteFrame = connection.frames;
		this.#deps.metrics.updatesIn++;
		this.#apply(connection, update);
		return 'taken';
	}

	/** A connection's presence under its client id: refused if the id belongs to another member. */
	admitPresence(connection: Connection): void {
		if (connection.clientId === null) return;
		if (this.#clientIds.claim([connection.clientId], connection.user.id) !== null) {
			throw new RefusedUpdate(CloseCode.forgedUpdate, 'presence under a client id of another member');
		}
	}

	/** Presence from another instance carries its member: those ids are bound there already. */
	learnOwners(clientIds: number[], states: Map<number, unknown>): void {
		this.#clientIds.learnFromPresence(clientIds, states);
	}

	/** The frame of the connection's earliest update still held, or null: confirmations stop short of it. */
	firstHeldFrame(connection: Connection): number | null {
		return this.#held.firstHeldFrame(connection);
	}

	close(): void {
		this.#closed = true;
		clearTimeout(this.#heldTimer);
		this.#unguard();
	}

	/**
	 * Applies a client's update whole, once admitted, or holds it until what it builds on has arrived (bounded
	 * per sender, in bytes and in time). Admission refuses deletions ahead of the board under anyone else's
	 * client id, and an update deleting its own content still to come waits for it, so nothing a client sends
	 * leaves deletions waiting inside Yjs.
	 */
	#apply(connection: Connection, update: Uint8Array): void {
		const { doc } = this.#deps;
		const shape = admitUpdate(doc, this.#clientIds, connection.user.id, update);
		if (!canApply(doc, shape.needs)) {
			const mine = this.#held.heldBy(connection);
			if (mine.count >= HELD_PER_SENDER || this.#held.bytes + update.byteLength > HELD_CAP_BYTES) {
				throw new RefusedUpdate(CloseCode.invalidPayload, 'update depends on content this board does not have');
			}
			this.#held.hold(connection, update, { needs: shape.needs, frame: connection.frames });
			this.#heldTimer ??= setTimeout(() => this.#expireHeld(), HELD_MAX_MS);
			this.#heldTimer.unref();
			return;
		}
		Y.applyUpdate(doc, update, fromClient(connection));
		for (let ready = this.#held.takeReady(doc); ready.length > 0; ready = this.#held.takeReady(doc)) {
			for (const entry of ready) Y.applyUpdate(doc, entry.update, fromClient(entry.sender));
		}
	}

	/** Held updates whose base never came: the sender's client resends what is missing when it reconnects. */
	#expireHeld(): void {
		this.#heldTimer = undefined;
		if (this.#closed) return;
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
		if (connection.droppedWrites > MAX_DROPPED_WRITES) throw new RefusedUpdate(CloseCode.policy, 'read-only');
	}

	/** Whether an update holds content the document lacks; decoding it also rejects malformed bytes. */
	#isNew(update: Uint8Array): boolean {
		const { to } = Y.parseUpdateMeta(update);
		for (const [client, clock] of to) {
			if (clock > Y.getState(this.#deps.doc.store, client)) return true;
		}
		return false;
	}

	/** Migrates the loaded board and installs its rules (schema, chair-only rules, locks); returns their teardown. */
	#guard(): () => void {
		const { doc, boardId } = this.#deps;
		try {
			return prepareBoard(doc, {
				origin: fromServer(null),
				author: (origin) => {
					const sender = senderOf(origin);
					return sender && { isChair: sender.role === 'chair' };
				},
				onRepair: ({ origin, kind, reason }) => {
					this.#log.info({ kind, reason }, kind === 'locked' ? 'undid an edit of a locked part' : 'repaired a schema violation');
					const sender = senderOf(origin);
					if (sender?.acks) sender.send(encodeNotice({ type: kind, reason }));
				},
				onLocksChanged: (changes, origin) => {
					const by = senderOf(origin)?.user;
					for (const { target, locked } of changes) {
						const what = locks.describeLock(target, locks.lockNames(doc, target));
						const text = `${by?.name ?? 'The chair'} ${locked ? 'locked' : 'unlocked'} ${what}`;
						const event = {
							kind: locked ? 'locked' : 'unlocked',
							text,
							by: by ? { id: by.id, name: by.name } : null,
							data: { key: locks.lockKey(target) }
						};
						boardEvents.announce(boardId, event).catch((error: unknown) => this.#log.warn({ err: error }, 'could not announce a lock'));
					}
				}
			});
		} catch (error) {
			this.#log.error({ err: error }, 'board not migrated or guarded');
			return () => {};
		}
	}
}
