import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The wire protocol between the collaboration server and its clients: the y-websocket protocol (one message
 * per frame) plus three opt-in message types for clients that connect with `?acks=1`. Shared by the server
 * and the browser client so the numbers cannot drift. docs/collab-protocol.md describes the byte layouts.
 */
export const MessageType = {
	sync: 0,
	awareness: 1,
	auth: 2,
	queryAwareness: 3,
	/** Server to client: what is now durable. */
	saved: 100,
	/** Server to client: a write failed; nothing after the last `saved` is durable yet. */
	saveFailed: 101,
	/** Server to client: a JSON notice (the connection became read-only or writable, a repair happened). */
	notice: 102
} as const;

/** The URL parameter that opts a connection in to the custom messages; stock clients never see them. */
export const ACKS_PARAM = 'acks';

/**
 * Close codes. 4400-4499 tell the stock y-websocket client not to reconnect (its default shouldReconnect);
 * everything else is treated as transient and retried with backoff.
 */
export const CloseCode = {
	normal: 1000,
	/** Malformed frame or unknown message type. */
	unsupported: 1003,
	/** A frame that parses but carries an invalid Yjs update or awareness update. */
	invalidPayload: 1007,
	/** Rate limit, repeated writes on a read-only connection, awareness abuse. */
	policy: 1008,
	/** Too much queued while the board loads: reconnect. */
	tooBig: 1009,
	internalError: 1011,
	/** The server is restarting: reconnect. */
	serviceRestart: 1012,
	/** No message (not even a pong) for too long. */
	idle: 4000,
	/** The client did not read what the server sent (more than COLLAB_MAX_UNSENT_BYTES waiting): reconnect. */
	backlog: 4008,
	/** An update wrote under a client id that belongs to another member, or used a placeholder it may not: do not retry. */
	forgedUpdate: 4422,
	/** Too many open sockets for this session or address: close a tab and retry later. */
	tooManySockets: 4429,
	/** A message over the size limit (one over the board's own limit too), or an update that would take the board over it: do not retry. */
	tooLarge: 4413,
	/** The session ended (signed out, password changed, expired): sign in again. */
	sessionEnded: 4401,
	/** No longer a member of this board. */
	forbidden: 4403
} as const;

/** An announcement to everyone on the board (see src/lib/server/board-events.ts). */
export interface EventNotice {
	type: 'event';
	kind: string;
	text: string;
	by: { id: string; name: string } | null;
	data: Record<string, unknown>;
}

export type Notice =
	| { type: 'read-only'; readOnly: boolean; reason: string }
	| { type: 'repaired'; reason: string }
	/** An edit touched something the chair locked and was undone. */
	| { type: 'locked'; reason: string }
	| EventNotice;

export interface Saved {
	/** Y.encodeStateVector of the server's document when the durable batch was cut. */
	stateVector: Uint8Array;
	/** How many frames this connection had sent when the batch was cut: all of their updates are durable. */
	frames: number;
}

export function encodeSaved(saved: Saved): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.saved);
	encoding.writeVarUint8Array(encoder, saved.stateVector);
	encoding.writeVarUint(encoder, saved.frames);
	return encoding.toUint8Array(encoder);
}

/** Reads the body of a `saved` message (after its type). */
export function readSaved(decoder: decoding.Decoder): Saved {
	const stateVector = decoding.readVarUint8Array(decoder);
	const frames = decoding.readVarUint(decoder);
	return { stateVector, frames };
}

export function encodeSaveFailed(reason: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.saveFailed);
	encoding.writeVarString(encoder, reason);
	return encoding.toUint8Array(encoder);
}

export function readSaveFailed(decoder: decoding.Decoder): string {
	return decoding.readVarString(decoder);
}

export function encodeNotice(notice: Notice): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.notice);
	encoding.writeVarString(encoder, JSON.stringify(notice));
	return encoding.toUint8Array(encoder);
}

export function readNotice(decoder: decoding.Decoder): Notice | null {
	try {
		const value: unknown = JSON.parse(decoding.readVarString(decoder));
		if (typeof value !== 'object' || value === null) return null;
		const notice = value as Partial<Notice>;
		if (notice.type === 'read-only' && typeof notice.readOnly === 'boolean') return notice as Notice;
		if ((notice.type === 'repaired' || notice.type === 'locked') && typeof notice.reason === 'string') return notice as Notice;
		if (notice.type === 'event') return readEventNotice(value as Record<string, unknown>);
		return null;
	} catch {
		return null;
	}
}

/** An event notice with every field checked, so page code can trust its shape. */
function readEventNotice(value: Record<string, unknown>): EventNotice | null {
	const { kind, text, by, data } = value;
	if (typeof kind !== 'string' || typeof text !== 'string') return null;
	const byValid =
		typeof by === 'object' &&
		by !== null &&
		typeof (by as { id?: unknown }).id === 'string' &&
		typeof (by as { name?: unknown }).name === 'string';
	const dataValid = typeof data === 'object' && data !== null && !Array.isArray(data);
	return {
		type: 'event',
		kind,
		text,
		by: byValid ? { id: (by as { id: string }).id, name: (by as { name: string }).name } : null,
		data: dataValid ? (data as Record<string, unknown>) : {}
	};
}
