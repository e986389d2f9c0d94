import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { CollabLimits } from '../../src/lib/server/config.ts';
import type { DocStore, LiveState, LogEntry } from '../../src/lib/server/doc-store.ts';
import { encodeSaveFailed, encodeSaved } from '../../src/lib/protocol/messages.ts';
import type { EditingActivity } from './checkpoints.ts';
import type { Connection } from './connection.ts';
import { ForwardWhenStored } from './forward-when-stored.ts';
import type { Metrics } from './metrics.ts';
import type { UpdatePolicy } from './origin.ts';
import { GroupCommitWriter } from './persistence.ts';
import type { Replication } from './replication.ts';

export interface LedgerDeps {
	boardId: string;
	doc: Y.Doc;
	docs: DocStore;
	logger: Logger;
	metrics: Metrics;
	limits: CollabLimits;
	activity: EditingActivity | null;
	/** Bytes and log position of what the room loaded. */
	loaded: { bytes: number; seq: number };
	/** Present when other instances serve the board too. */
	replication: Replication | null;
	/** The connections that may be owed a confirmation. */
	connections(): Iterable<Connection>;
	/** The frame of a connection's earliest update the intake still holds (neither applied nor stored). */
	firstHeldFrame(connection: Connection): number | null;
	/** Sends an update to this instance's connections except `sender`. */
	forward(update: Uint8Array, sender: Connection | null): void;
}

/** What one write makes durable, captured when its batch is cut (before the write starts). */
interface Cut {
	stateVector: Uint8Array;
	/** Per connection owed one, the frames the write covers. */
	frames: Map<Connection, number>;
	/** Other instances' early updates in the document at the cut (Replication.earlyMark). */
	earlyMark: number;
}

/**
 * The one owner of saving and confirming for a room. Every document update passes here with its origin's
 * policy: what is to be stored goes to the group-commit writer, and readers get it once it is written
 * (forward-when-stored.ts). When a write is stored, the ledger tells the connections whose frames it covered
 * (`saved`, message 100), and only then: a cut records each connection's frames and the document's state vector before the write starts, so a
 * confirmation never covers an edit that came in while the write was in flight, nor an update the intake still
 * holds, nor (with other instances) another instance's edit not yet stored anywhere. When writes fail, it says
 * so once (`save failed`, message 101) and keeps retrying; readers then get edits at once.
 */
export class Ledger {
	readonly #deps: LedgerDeps;
	readonly #writer: GroupCommitWriter<Cut>;
	readonly #forwarder: ForwardWhenStored<Connection | null>;
	readonly #replication: Replication | null;
	#bytes: number;
	/** Counts document updates; the state vector only changes with one, so a cut reuses it until then. */
	#updates = 0;
	#lastCut: { updates: number; stateVector: Uint8Array } | null = null;
	/** The log position of this instance's last write (with no other instance writing, the log's head). */
	#storedSeq: number;
	#failing = false;
	#closed = false;

	constructor(deps: LedgerDeps) {
		this.#deps = deps;
		this.#replication = deps.replication;
		this.#bytes = deps.loaded.bytes;
		this.#storedSeq = deps.loaded.seq;
		this.#forwarder = new ForwardWhenStored<Connection | null>(deps.forward, (then) => this.#writer.whenWritten(then));
		this.#writer = new GroupCommitWriter<Cut>({
			boardId: deps.boardId,
			docs: deps.docs,
			logger: deps.logger,
			metrics: deps.metrics,
			compactAfterUpdates: deps.limits.compactAfterUpdates,
			compactAfterBytes: deps.limits.compactAfterBytes,
			cut: () => this.#cut(),
			onDurable: (cut, lastSeq, batch) => {
				this.#storedSeq = lastSeq;
				this.#replication?.stored(
					lastSeq,
					batch.map((entry) => entry.update)
				);
				this.#confirm(cut);
			},
			onFailure: (error) => this.#reportFailure(error),
			onIdle: () => this.confirmAll(),
			live: () => this.#liveState()
		});
	}

	/** Approximately how large the board is: what was loaded plus every update since. */
	get bytes(): number {
		return this.#bytes;
	}

	/** Takes a document update, as its origin's policy says. */
	record(update: Uint8Array, policy: UpdatePolicy): void {
		this.#bytes += update.byteLength;
		this.#updates++;
		if (policy.publishEarly) this.#replication?.applied(update, policy.userId);
		if (policy.store) {
			this.#writer.enqueue({ update, userId: policy.userId });
			this.#deps.activity?.edited(this.#deps.boardId);
		}
		if (policy.forward === 'when-stored') this.#forwarder.add(update, policy.sender);
		else if (policy.forward === 'now') this.#deps.forward(update, policy.sender);
	}

	/** Appends an entry that is not a change to this document (another instance's update stored from here). */
	store(entry: LogEntry): void {
		this.#writer.enqueue(entry);
	}

	/** A new connection hears at once that saving is failing. */
	greet(connection: Connection): void {
		if (this.#failing && connection.acks) connection.send(encodeSaveFailed('storage unavailable'));
	}

	/** A client's update was taken: if it added nothing (a resend after a reconnect), it is as durable as the rest. */
	settle(): void {
		if (this.#writer.idle) this.confirmAll();
	}

	/** Resolves once everything recorded so far is stored. */
	durable(): Promise<void> {
		return this.#writer.durable();
	}

	/** Waits for pending writes (bounded for a shutdown against a dead database); false if it gave up. */
	flush(giveUpAfterMs?: number): Promise<boolean> {
		return this.#writer.flush(giveUpAfterMs);
	}

	compact(): Promise<unknown> {
		return this.#writer.compact();
	}

	close(): void {
		this.#closed = true;
		this.#forwarder.close();
	}

	/** Confirms to every connection whatever it has sent that is stored now. */
	confirmAll(): void {
		if (this.#closed) return;
		this.#confirm(this.#cut());
	}

	/**
	 * The document as a compacted state, if it holds nothing unstored: a state must not make an edit durable that
	 * was never logged (nor confirmed). Otherwise null, and the compaction merges the log instead.
	 */
	#liveState(): LiveState | null {
		const { doc } = this.#deps;
		if (doc.isDestroyed || !this.#writer.idle || this.#replication?.holdsUnstored) return null;
		return { state: Y.encodeStateAsUpdate(doc), uptoSeq: this.#replication?.appliedSeq ?? this.#storedSeq };
	}

	#cut(): Cut {
		const frames = new Map<Connection, number>();
		for (const connection of this.#deps.connections()) {
			if (!connection.acks || connection.lastWriteFrame <= connection.confirmedFrames) continue;
			// A held update is neither applied nor stored: confirm only the frames before it.
			const held = this.#deps.firstHeldFrame(connection);
			frames.set(connection, held === null ? connection.frames : held - 1);
		}
		if (this.#lastCut?.updates !== this.#updates) {
			this.#lastCut = { updates: this.#updates, stateVector: Y.encodeStateVector(this.#deps.doc) };
		}
		return { stateVector: this.#lastCut.stateVector, frames, earlyMark: this.#replication?.earlyMark ?? 0 };
	}

	#confirm(cut: Cut): void {
		this.#failing = false;
		this.#forwarder.recovered();
		// Another instance's early update in the cut, not stored yet, would be covered by its state vector (and a
		// client's resend of it by its frames, adding nothing here): confirm once it is stored.
		if (this.#replication) this.#replication.whenStored(cut.earlyMark, () => this.#sendSaved(cut));
		else this.#sendSaved(cut);
	}

	#sendSaved(cut: Cut): void {
		for (const [connection, frames] of cut.frames) {
			if (frames <= connection.confirmedFrames) continue;
			connection.confirmedFrames = frames;
			connection.send(encodeSaved({ stateVector: cut.stateVector, frames }));
		}
	}

	#reportFailure(error: unknown): void {
		const reason = error instanceof Error && /SQLITE_FULL|ENOSPC|disk/i.test(error.message) ? 'storage is full' : 'storage unavailable';
		const first = !this.#failing;
		this.#failing = true;
		this.#forwarder.failing();
		if (!first) return;
		const message = encodeSaveFailed(reason);
		for (const connection of this.#deps.connections()) if (connection.acks) connection.send(message);
	}
}
