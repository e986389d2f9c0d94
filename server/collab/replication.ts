import type * as Y from 'yjs';
import type * as awarenessProtocol from 'y-protocols/awareness';
import type { LogEntry } from '../../src/lib/server/doc-store.ts';

/**
 * Replication between instances serving one board, as a room sees it: an attachment made only when there are
 * other instances (cluster.ts attaches RoomReplica), absent when the server runs alone. The room's ledger
 * tells it what was applied and stored, and asks it before a confirmation whether everything the cut holds is
 * stored; the room tells it about presence.
 */
export interface Replication {
	/** This instance applied an update and is storing it: the other instances may show it now. */
	applied(update: Uint8Array, userId: string | null): void;
	/** This instance stored `updates` as log entries ending at `lastSeq`. */
	stored(lastSeq: number, updates: Uint8Array[]): void;
	/** Identifies the other instances' updates in the document that are not known stored yet; a cut records it. */
	readonly earlyMark: number;
	/** Runs `run` once every such update up to `earlyMark` is stored. */
	whenStored(earlyMark: number, run: () => void): void;
	/** Whether the document holds another instance's update that no instance is known to have stored. */
	readonly holdsUnstored: boolean;
	/** Every log entry up to this seq is in the document. */
	readonly appliedSeq: number;
	/** Presence changed on this instance's connections. */
	localAwareness(update: Uint8Array): void;
	/** A connection here announced this presence id (a client that moved from another instance). */
	claim(clientId: number): void;
	close(): void;
}

/** What a replication needs of the room it is attached to. */
export interface ReplicatedRoom {
	boardId: string;
	doc: Y.Doc;
	awareness: awarenessProtocol.Awareness;
	/** The log position the room loaded at. */
	loadedSeq: number;
	/** Whether a connection on this instance owns the presence id. */
	ownsLocally(clientId: number): boolean;
	/** Presence ids of this instance's connections. */
	localClients(): number[];
	/** Whether anyone is connected here (only such boards are checked against the database's log head). */
	active(): boolean;
	/**
	 * Sends another instance's early update to this instance's connections as it came, called before the document
	 * applies it: their wait is then one Redis hop, not that plus this instance's apply, board rules and encoding.
	 * While the server is behind, it is gathered with the board's other updates as any forward is (outbox.ts).
	 */
	forward(update: Uint8Array): void;
	/** Appends an entry through the room's ledger (which then calls `stored`). */
	store(entry: LogEntry): void;
}

/** Makes the attachment for a room as it loads. */
export type Replicate = (room: ReplicatedRoom) => Replication;
