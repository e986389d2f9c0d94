import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { BoardEvent } from '../../src/lib/server/board-events.ts';
import type { Revocation } from '../../src/lib/server/revocation.ts';

/**
 * Messages between instances, one per pub/sub message, binary (lib0 encoding): a kind, the sending instance's
 * id, then the body. Board channels carry `early`, `updates`, `head`, `awareness` and `awareness-query`; the
 * instances channel carries `heartbeat`, `bye` and `control`. A kind is only ever appended, so an instance of an
 * older version ignores the kinds it does not know.
 */
export type PeerMessage =
	/** Log entries `firstSeq, firstSeq + 1, ...`, already durable. */
	| { kind: 'updates'; from: string; firstSeq: number; updates: Uint8Array[] }
	/** The log reached `seq`; the entries were too large to inline, read them from the database. */
	| { kind: 'head'; from: string; seq: number }
	/** An awareness update of the sender's own connections, identity already stamped. */
	| { kind: 'awareness'; from: string; update: Uint8Array }
	/** "Send me your connections' presence": a subscriber that may have missed some. */
	| { kind: 'awareness-query'; from: string }
	| { kind: 'heartbeat'; from: string }
	/** The sender is shutting down: drop its presence now instead of waiting for its heartbeat to lapse. */
	| { kind: 'bye'; from: string }
	| { kind: 'control'; from: string; event: ControlEvent }
	/** An update the sender applied and is storing, sent before its commit: not durable yet (see EarlyUpdates). */
	| { kind: 'early'; from: string; update: Uint8Array; userId: string | null };

/** The app's requests on open connections, which must reach the instance holding the connection. */
export type ControlEvent = Revocation | { type: 'board-event'; boardId: string; event: BoardEvent };

const KINDS = ['updates', 'head', 'awareness', 'awareness-query', 'heartbeat', 'bye', 'control', 'early'] as const;

export function encodePeerMessage(message: PeerMessage): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
	encoding.writeVarString(encoder, message.from);
	switch (message.kind) {
		case 'updates':
			encoding.writeVarUint(encoder, message.firstSeq);
			encoding.writeVarUint(encoder, message.updates.length);
			for (const update of message.updates) encoding.writeVarUint8Array(encoder, update);
			break;
		case 'head':
			encoding.writeVarUint(encoder, message.seq);
			break;
		case 'awareness':
			encoding.writeVarUint8Array(encoder, message.update);
			break;
		case 'control':
			encoding.writeVarString(encoder, JSON.stringify(message.event));
			break;
		case 'early':
			encoding.writeVarUint8Array(encoder, message.update);
			encoding.writeVarString(encoder, message.userId ?? '');
			break;
	}
	return encoding.toUint8Array(encoder);
}

/** Decodes a message; null for anything malformed or of a kind this version does not know. */
export function decodePeerMessage(data: Uint8Array): PeerMessage | null {
	try {
		const decoder = decoding.createDecoder(data);
		const kind = KINDS[decoding.readVarUint(decoder)];
		const from = decoding.readVarString(decoder);
		switch (kind) {
			case 'updates': {
				const firstSeq = decoding.readVarUint(decoder);
				const count = decoding.readVarUint(decoder);
				const updates: Uint8Array[] = [];
				for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
				return { kind, from, firstSeq, updates };
			}
			case 'head':
				return { kind, from, seq: decoding.readVarUint(decoder) };
			case 'awareness':
				return { kind, from, update: decoding.readVarUint8Array(decoder) };
			case 'control':
				return { kind, from, event: JSON.parse(decoding.readVarString(decoder)) as ControlEvent };
			case 'early': {
				const update = decoding.readVarUint8Array(decoder);
				return { kind, from, update, userId: decoding.readVarString(decoder) || null };
			}
			case 'awareness-query':
			case 'heartbeat':
			case 'bye':
				return { kind, from };
			default:
				return null;
		}
	} catch {
		return null;
	}
}
