import { GUARD_ORIGIN } from '../../src/lib/board/guard.ts';
import type { Connection } from './connection.ts';

/**
 * Where a change to a room's document or presence came from. Every transaction the server applies carries one
 * of these as its Yjs origin, and one function per kind of change (`updatePolicy`, `presencePolicy`) says
 * what follows from it, so no part of the room decides by ruling other origins out.
 */
export type Origin =
	/** A client's update (applied on arrival or, once what it builds on has come, from the held updates). */
	| { readonly source: 'client'; readonly connection: Connection }
	/** The server changing the board for the app (rename, restore) or for itself (a migration when it loads). */
	| { readonly source: 'server'; readonly userId: string | null }
	/** The schema guard or a board rule undoing what a transaction broke (tagged GUARD_ORIGIN by the board model). */
	| { readonly source: 'repair' }
	/** The stored log, applied when the room loads. */
	| { readonly source: 'load' }
	/**
	 * Another instance's update: `stored` there already, `early` (still being stored there, see EarlyUpdates), or
	 * `releasing`: applied while this document holds updates waiting for a dependency, so the transaction may
	 * integrate a local client's update that is not stored yet.
	 */
	| { readonly source: 'peer'; readonly stage: 'stored' | 'early' | 'releasing' }
	/** A connection closed, taking its presence with it (presence only). */
	| { readonly source: 'left' };

export const fromClient = (connection: Connection): Origin => ({ source: 'client', connection });
export const fromServer = (userId: string | null): Origin => ({ source: 'server', userId });
export const LOAD: Origin = { source: 'load' };
export const LEFT: Origin = { source: 'left' };
export const PEER_STORED: Origin = { source: 'peer', stage: 'stored' };
export const PEER_EARLY: Origin = { source: 'peer', stage: 'early' };
export const PEER_RELEASING: Origin = { source: 'peer', stage: 'releasing' };
const REPAIR: Origin = { source: 'repair' };
/** A transaction nobody tagged: stored, as storing too much is harmless and storing too little loses an edit. */
const UNTAGGED: Origin = { source: 'server', userId: null };

const SOURCES = new Set(['client', 'server', 'repair', 'load', 'peer', 'left']);

/** The tagged origin of a transaction (the board model tags its repairs with its own symbol). */
export function originOf(raw: unknown): Origin {
	if (raw === GUARD_ORIGIN) return REPAIR;
	if (typeof raw === 'object' && raw !== null && SOURCES.has((raw as { source?: unknown }).source as string)) return raw as Origin;
	return UNTAGGED;
}

/** The connection a change came from, if a client sent it. */
export function senderOf(raw: unknown): Connection | null {
	const origin = originOf(raw);
	return origin.source === 'client' ? origin.connection : null;
}

export interface UpdatePolicy {
	/** Append it to the log from this instance. */
	store: boolean;
	/** Whom the log entry (and so the history and activity feed) attributes it to. */
	userId: string | null;
	/** Show it to the other instances before it is stored (they confirm nothing on it until it is, see EarlyUpdates). */
	publishEarly: boolean;
	/**
	 * When this instance's connections get it: once stored (forward-when-stored.ts says why), at once (another
	 * instance stored it, or is storing it and this one stores it if that one does not in time), or never (nobody
	 * is connected while a room loads).
	 */
	forward: 'when-stored' | 'now' | 'never';
	/** The connection it came from: it has it already. */
	sender: Connection | null;
}

/** What happens to a document update, by where it came from. */
export function updatePolicy(raw: unknown): UpdatePolicy {
	const origin = originOf(raw);
	switch (origin.source) {
		case 'client':
			return { store: true, userId: origin.connection.user.id, publishEarly: true, forward: 'when-stored', sender: origin.connection };
		case 'server':
			return { store: true, userId: origin.userId, publishEarly: true, forward: 'when-stored', sender: null };
		case 'repair':
			// The offending client too must get the repair: it is nobody's edit, and goes to everyone.
			return { store: true, userId: null, publishEarly: true, forward: 'when-stored', sender: null };
		case 'peer':
			// A releasing transaction may hold a local client's unstored update: all of it is stored (again) here.
			if (origin.stage === 'releasing') return { store: true, userId: null, publishEarly: true, forward: 'when-stored', sender: null };
			// An early update went to the connections as it came, before it was applied (RoomReplica.early).
			return { store: false, userId: null, publishEarly: false, forward: origin.stage === 'early' ? 'never' : 'now', sender: null };
		case 'load':
		case 'left':
			return { store: false, userId: null, publishEarly: false, forward: 'never', sender: null };
	}
}

export interface PresencePolicy {
	/** Send it to the other instances (this instance's own connections' presence, renewals included). */
	publish: boolean;
	/** Learn client id owners from it (presence stamped by another instance with its member). */
	learnOwners: boolean;
}

/** What happens to a presence change, by where it came from (y-protocols' own timeouts are untagged). */
export function presencePolicy(raw: unknown): PresencePolicy {
	const origin = originOf(raw);
	if (origin.source === 'client' || origin.source === 'left') return { publish: true, learnOwners: false };
	return { publish: false, learnOwners: true };
}
