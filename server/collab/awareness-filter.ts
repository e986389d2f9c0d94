import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PresenceUser } from '../../src/lib/protocol/presence.ts';

/** A stock client's state is a few hundred bytes; this leaves room for a selection and a cursor. */
export const MAX_AWARENESS_STATE_BYTES = 8 * 1024;

export class AwarenessPolicyError extends Error {}

export interface AwarenessOwner {
	clientId: number | null;
	readonly user: PresenceUser;
}

/**
 * Rewrites an awareness update from one connection before it reaches the room: only the client id the
 * connection owns survives (the first it announced, or one its own user held on an older socket), and its
 * state's `user` is replaced with the authenticated identity, so no one can appear as someone else.
 * Returns null when nothing is left to apply.
 */
export function filterAwareness(
	update: Uint8Array,
	owner: AwarenessOwner,
	ownerOf: (clientId: number) => AwarenessOwner | undefined,
	serverClientId: number
): Uint8Array | null {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const encoder = encoding.createEncoder();
	let kept = 0;
	const entries = encoding.createEncoder();
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const json = decoding.readVarString(decoder);
		if (json.length > MAX_AWARENESS_STATE_BYTES) throw new AwarenessPolicyError('awareness state too large');
		if (!claim(owner, clientId, ownerOf, serverClientId)) continue;
		const state: unknown = JSON.parse(json);
		let rewritten: string;
		if (state === null) rewritten = 'null';
		else if (typeof state === 'object' && !Array.isArray(state)) rewritten = JSON.stringify({ ...state, user: owner.user });
		else continue;
		encoding.writeVarUint(entries, clientId);
		encoding.writeVarUint(entries, clock);
		encoding.writeVarString(entries, rewritten);
		kept++;
	}
	if (kept === 0) return null;
	encoding.writeVarUint(encoder, kept);
	encoding.writeUint8Array(encoder, encoding.toUint8Array(entries));
	return encoding.toUint8Array(encoder);
}

function claim(
	owner: AwarenessOwner,
	clientId: number,
	ownerOf: (clientId: number) => AwarenessOwner | undefined,
	serverClientId: number
): boolean {
	if (owner.clientId !== null) return owner.clientId === clientId;
	if (clientId === serverClientId) return false;
	const current = ownerOf(clientId);
	// A reconnecting tab keeps its client id while its old socket may not have timed out yet.
	if (current && current !== owner && current.user.id !== owner.user.id) return false;
	if (current && current !== owner) current.clientId = null;
	owner.clientId = clientId;
	return true;
}
