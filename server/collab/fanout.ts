import type { ControlEvent } from './fanout-codec.ts';

/** What one loaded board hears from the other instances. */
export interface BoardListener {
	/** An update another instance applied and is still storing (see EarlyUpdates). */
	early(from: string, update: Uint8Array, userId: string | null): void;
	/** Durable log entries `firstSeq, firstSeq + 1, ...` written by another instance. */
	updates(firstSeq: number, updates: Uint8Array[]): void;
	/** The log reached `seq` (entries too large to carry; read them from the database). */
	head(seq: number): void;
	/** Presence of another instance's connections. */
	awareness(from: string, update: Uint8Array): void;
	/** Another instance asks for this instance's connections' presence. */
	awarenessQuery(): void;
	/** (Re)subscribed: messages may have been missed, catch up from the database. */
	resync(): void;
}

export interface FanoutHandlers {
	/** A membership or session change made through another instance. */
	control(event: ControlEvent): void;
	/** An instance stopped or stopped sending heartbeats: its connections are gone. */
	peerGone(instanceId: string): void;
}

/**
 * Cross-instance fan-out. It is only a doorbell and a fast path: every update is sent early (before it is
 * stored, unnumbered) and again once it is in the database (numbered), and receivers repair anything it drops
 * or reorders from there. One instance alone uses `localFanout`, which carries nothing.
 */
export interface Fanout {
	readonly enabled: boolean;
	readonly instanceId: string;
	/** Starts listening to a board; the returned function stops. One listener per board. */
	join(boardId: string, listener: BoardListener): () => void;
	publishEarly(boardId: string, update: Uint8Array, userId: string | null): void;
	publishUpdates(boardId: string, firstSeq: number, updates: Uint8Array[]): void;
	publishAwareness(boardId: string, update: Uint8Array): void;
	queryAwareness(boardId: string): void;
	publishControl(event: ControlEvent): void;
	setHandlers(handlers: FanoutHandlers): void;
	close(): Promise<void>;
}

export const localFanout: Fanout = {
	enabled: false,
	instanceId: 'local',
	join: () => () => {},
	publishEarly() {},
	publishUpdates() {},
	publishAwareness() {},
	queryAwareness() {},
	publishControl() {},
	setHandlers() {},
	async close() {}
};
