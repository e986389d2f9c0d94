import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import type { DocStore, LogEntry } from '../../src/lib/server/doc-store.ts';
import { filterAwarenessEntries } from './awareness-entries.ts';
import { EarlyUpdates, sameBytes } from './early-updates.ts';
import type { BoardListener, Fanout } from './fanout.ts';
import type { Metrics } from './metrics.ts';
import { PEER_EARLY, PEER_RELEASING, PEER_STORED, type Origin } from './origin.ts';
import type { ReplicatedRoom, Replication } from './replication.ts';
import { SeqTracker } from './seq-tracker.ts';

export interface ReplicaDeps {
	room: ReplicatedRoom;
	docs: DocStore;
	fanout: Fanout;
	logger: Logger;
	metrics: Metrics;
	/** The replica closed (its room unloaded). */
	onClose?(): void;
}

/** How long an out-of-order entry waits for the ones before it before they are read from the database. */
const GAP_GRACE_MS = 100;
const READ_BATCH = 1_000;
/**
 * How long an early update may stay unstored before this instance stores it itself. Its sender normally
 * commits within milliseconds, and a lost numbered message is found by the 3 s head check first; this bounds
 * how long a sender that died (or cannot commit) holds back this instance's confirmations, without every
 * instance appending everyone's edits again whenever the database is merely slow.
 */
const EARLY_STORE_AFTER_MS = 5_000;
/** Early updates remembered until their numbered message comes (normally the next few), so it is not applied again. */
const APPLIED_EARLY_MAX = 256;

/**
 * Keeps one room's document in step with the other instances serving the board. The database log is the
 * truth and the fan-out only a fast path: an update arrives early (before its sender stored it, shown at once
 * but confirmed to no one until it is known stored, see EarlyUpdates) and again as an entry with its seq;
 * entries are applied at once (Yjs applies repeats as no-ops and holds updates whose dependencies are
 * missing), and a hole in the seqs, a resubscribe or the periodic head check reads what is missing with
 * `readSince`. Presence of other instances' clients is tracked by instance, so it disappears with the instance.
 */
export class RoomReplica implements BoardListener, Replication {
	readonly #deps: ReplicaDeps;
	readonly #log: Logger;
	readonly #seqs: SeqTracker;
	/** Awareness client id -> the instance whose connection owns it. */
	readonly #remoteOwners = new Map<number, string>();
	readonly #leave: () => void;
	readonly #early = new EarlyUpdates();
	/** Early updates applied here, oldest first, whose numbered message has not come yet. */
	#appliedEarly: Uint8Array[] = [];
	#earlyTimer: NodeJS.Timeout | undefined;
	#catchingUp: Promise<void> | null = null;
	#again = false;
	#gapTimer: NodeJS.Timeout | undefined;
	#closed = false;

	constructor(deps: ReplicaDeps) {
		this.#deps = deps;
		this.#log = deps.logger;
		this.#seqs = new SeqTracker(deps.room.loadedSeq);
		this.#leave = deps.fanout.join(deps.room.boardId, this);
	}

	get boardId(): string {
		return this.#deps.room.boardId;
	}

	/** Whether anyone is connected to the room here. */
	get active(): boolean {
		return this.#deps.room.active();
	}

	/** Every log entry up to this seq is in the document. */
	get appliedSeq(): number {
		return this.#seqs.applied;
	}

	/** Whether the document holds another instance's updates that no instance is known to have stored yet. */
	get holdsUnstored(): boolean {
		return !this.#early.storedThrough(this.#early.mark);
	}

	/** Identifies the early updates in the document now: a cut records it, see `whenStored`. */
	get earlyMark(): number {
		return this.#early.mark;
	}

	/** Runs `confirm` once every early update the document held at `earlyMark` is stored. */
	whenStored(earlyMark: number, confirm: () => void): void {
		this.#early.whenStored(earlyMark, confirm);
	}

	/** This instance applied an update and is storing it: the others may show it now (see EarlyUpdates). */
	applied(update: Uint8Array, userId: string | null): void {
		this.#deps.fanout.publishEarly(this.#deps.room.boardId, update, userId);
	}

	/** This instance stored `updates` ending at `lastSeq`: tell the others, and fetch what they stored in between. */
	stored(lastSeq: number, updates: Uint8Array[]): void {
		const firstSeq = lastSeq - updates.length + 1;
		this.#seqs.add(firstSeq, lastSeq);
		this.#deps.fanout.publishUpdates(this.#deps.room.boardId, firstSeq, updates);
		this.#early.stored(updates);
		this.#checkGap();
	}

	/** Presence changed on this instance's connections (identity already stamped). */
	localAwareness(update: Uint8Array): void {
		this.#deps.fanout.publishAwareness(this.#deps.room.boardId, update);
	}

	/** A connection here announced an awareness id: if another instance held it, the client moved here. */
	claim(clientId: number): void {
		// Its clock may be behind what the old instance last sent; forgetting the clock lets its state in.
		if (this.#remoteOwners.delete(clientId)) this.#deps.room.awareness.meta.delete(clientId);
	}

	/** The periodic head check: the log is at `seq` in the database. */
	observeHead(seq: number): void {
		this.#seqs.observe(seq);
		if (this.#seqs.behind) void this.catchUp();
	}

	peerGone(instanceId: string): void {
		this.#storeEarly(this.#early.takeDue(0, instanceId));
		const ids = [...this.#remoteOwners].filter(([, owner]) => owner === instanceId).map(([id]) => id);
		if (ids.length === 0) return;
		for (const id of ids) this.#remoteOwners.delete(id);
		awarenessProtocol.removeAwarenessStates(this.#deps.room.awareness, ids, PEER_STORED);
		// A client that reconnects through another instance is then accepted whatever clock it carries.
		for (const id of ids) this.#deps.room.awareness.meta.delete(id);
	}

	close(): void {
		this.#closed = true;
		clearTimeout(this.#gapTimer);
		clearTimeout(this.#earlyTimer);
		this.#early.clear();
		this.#appliedEarly = [];
		this.#leave();
		this.#deps.onClose?.();
	}

	early(from: string, update: Uint8Array, userId: string | null): void {
		const { doc } = this.#deps.room;
		if (this.#closed || doc.isDestroyed) return;
		// Readers get it first, as it came: their copy then waits for nothing of this instance's work. Its sender
		// applied it, so it is whole; what this document cannot apply yet, theirs holds as this one does.
		this.#deps.room.forward(update);
		// Releasing a local update makes the room store the whole transaction, this update included.
		const origin = peerOrigin(doc, PEER_EARLY);
		let applied: Y.Transaction | undefined;
		try {
			doc.transact((transaction) => {
				applied = transaction;
				Y.applyUpdate(doc, update, origin);
			}, origin);
		} catch (error) {
			this.#log.error({ err: error }, 'could not apply an early update from another instance');
			return;
		}
		this.#appliedEarly.push(update);
		if (this.#appliedEarly.length > APPLIED_EARLY_MAX) this.#appliedEarly.shift();
		// Content the document already had is covered by whatever stored it, and content held back for a missing
		// dependency by the transaction that integrates it later (stored, as PEER_RELEASING).
		if (origin !== PEER_EARLY || !applied || !changedDocument(applied)) return;
		this.#early.add(from, { update, userId }, Date.now());
		this.#scheduleEarlyStore();
	}

	updates(firstSeq: number, updates: Uint8Array[]): void {
		// An entry that came early is in the document already: applying the same bytes again changes nothing, and
		// costs this instance a second decode and transaction per edit, on the core the next edit's forward needs.
		const fresh = updates.filter((update, i) => !this.#seqs.has(firstSeq + i) && !this.#takeAppliedEarly(update));
		if (fresh.length > 0) this.#apply(fresh);
		this.#seqs.add(firstSeq, firstSeq + updates.length - 1);
		this.#early.stored(updates);
		this.#checkGap();
	}

	head(seq: number): void {
		this.#seqs.observe(seq);
		if (this.#seqs.behind) void this.catchUp();
	}

	awareness(from: string, update: Uint8Array): void {
		if (this.#closed) return;
		const accepted = filterAwarenessEntries(update, (clientId, state) => {
			// A client that moved here from `from` is ours now, whatever its old instance still says about it.
			if (this.#deps.room.ownsLocally(clientId)) return false;
			if (state === 'null') this.#remoteOwners.delete(clientId);
			else this.#remoteOwners.set(clientId, from);
			return true;
		});
		if (accepted) awarenessProtocol.applyAwarenessUpdate(this.#deps.room.awareness, accepted, PEER_STORED);
	}

	awarenessQuery(): void {
		const { awareness, boardId } = this.#deps.room;
		const ids = this.#deps.room.localClients().filter((id) => awareness.getStates().has(id));
		const { fanout } = this.#deps;
		if (ids.length > 0) fanout.publishAwareness(boardId, awarenessProtocol.encodeAwarenessUpdate(awareness, ids));
	}

	resync(): void {
		void this.catchUp();
		this.#deps.fanout.queryAwareness(this.#deps.room.boardId);
	}

	/** Reads every entry past `appliedSeq` from the database and applies what the document lacks. */
	catchUp(): Promise<void> {
		if (this.#catchingUp) {
			this.#again = true;
			return this.#catchingUp;
		}
		this.#catchingUp = this.#readMissing().finally(() => {
			this.#catchingUp = null;
		});
		return this.#catchingUp;
	}

	async #readMissing(): Promise<void> {
		const { docs, metrics } = this.#deps;
		const { boardId } = this.#deps.room;
		let repaired = 0;
		do {
			this.#again = false;
			for (;;) {
				const after = this.#seqs.applied;
				let rows;
				try {
					rows = await docs.readSince(boardId, after, READ_BATCH);
				} catch (error) {
					metrics.fanoutCatchUpFailures++;
					this.#log.warn({ err: error }, 'catching up from the database failed; the next head check retries');
					return;
				}
				if (this.#closed) return;
				const fresh = rows.filter((row) => !this.#seqs.has(row.seq)).map((row) => row.update);
				if (fresh.length > 0) this.#apply(fresh);
				this.#early.stored(rows.map((row) => row.update));
				repaired += fresh.length;
				const last = rows.at(-1);
				// Seqs are dense and commit-ordered: the read returned every committed entry after `after`.
				if (last) this.#seqs.add(after + 1, last.seq);
				if (rows.length < READ_BATCH) break;
			}
		} while (this.#again && !this.#closed);
		if (repaired > 0) {
			metrics.fanoutGapsRepaired++;
			metrics.fanoutEntriesRepaired += repaired;
			this.#log.debug({ entries: repaired, seq: this.#seqs.applied }, 'caught up from the database');
		}
	}

	#apply(updates: Uint8Array[]): void {
		const { doc } = this.#deps.room;
		if (this.#closed || doc.isDestroyed) return;
		const origin = peerOrigin(doc, PEER_STORED);
		try {
			doc.transact(() => {
				for (const update of updates) Y.applyUpdate(doc, update, origin);
			}, origin);
		} catch (error) {
			this.#log.error({ err: error }, 'could not apply a stored update from another instance');
		}
	}

	#takeAppliedEarly(update: Uint8Array): boolean {
		const at = this.#appliedEarly.findIndex((early) => sameBytes(early, update));
		if (at < 0) return false;
		this.#appliedEarly.splice(at, 1);
		return true;
	}

	#scheduleEarlyStore(): void {
		const oldest = this.#early.oldestWaiting;
		if (this.#closed || oldest === null || this.#earlyTimer) return;
		this.#earlyTimer = setTimeout(
			() => {
				this.#earlyTimer = undefined;
				this.#storeEarly(this.#early.takeDue(Date.now() - EARLY_STORE_AFTER_MS));
				this.#scheduleEarlyStore();
			},
			Math.max(0, oldest + EARLY_STORE_AFTER_MS - Date.now())
		);
		this.#earlyTimer.unref();
	}

	#storeEarly(entries: LogEntry[]): void {
		if (this.#closed || entries.length === 0) return;
		this.#deps.metrics.fanoutEarlyStored += entries.length;
		this.#log.info({ entries: entries.length }, "storing other instances' early updates that were not stored in time");
		for (const entry of entries) this.#deps.room.store(entry);
	}

	#checkGap(): void {
		if (this.#closed || !this.#seqs.behind || this.#gapTimer) return;
		this.#gapTimer = setTimeout(() => {
			this.#gapTimer = undefined;
			if (this.#seqs.behind) void this.catchUp();
		}, GAP_GRACE_MS);
		this.#gapTimer.unref();
	}
}

/**
 * A peer update applied while the document holds updates waiting for a dependency may release a local
 * client's update, which is not stored yet: such a transaction is stored here, all of it (PEER_RELEASING).
 */
function peerOrigin(doc: Y.Doc, otherwise: Origin): Origin {
	return doc.store.pendingStructs || doc.store.pendingDs ? PEER_RELEASING : otherwise;
}

/** Whether a finished transaction changed the document (what decides whether Yjs emits an update for it). */
function changedDocument(transaction: Y.Transaction): boolean {
	if (transaction.deleteSet.clients.size > 0) return true;
	for (const [client, clock] of transaction.afterState) if ((transaction.beforeState.get(client) ?? 0) !== clock) return true;
	return false;
}
