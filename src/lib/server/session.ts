import type { Kysely } from 'kysely';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Schema } from './db/schema.ts';
import * as revocation from './revocation.ts';
import { toUser, type User } from './user.ts';

export const COOKIE_NAME = 'trustboard_session';

export type SessionUser = User;

export interface Session {
	id: string;
	userId: string;
	createdAt: number;
	expiresAt: number;
}

export interface SessionPolicy {
	/** Sliding expiry: a session unused for this long ends. */
	idleMs: number;
	/** Absolute maximum lifetime, however active the session. */
	absoluteMs: number;
}

/** 160 random bits; only the SHA-256 of the token is ever stored, so a database dump yields no usable token. */
export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function idFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Where a session was started from, shown to its owner in "Your sessions". */
export interface Device {
	userAgent: string;
	address: string;
}

export async function create(
	db: Kysely<Schema>,
	token: string,
	userId: string,
	policy: SessionPolicy,
	device: Device = { userAgent: '', address: '' }
): Promise<Session> {
	const now = Date.now();
	const session: Session = { id: idFromToken(token), userId, createdAt: now, expiresAt: now + Math.min(policy.idleMs, policy.absoluteMs) };
	await db
		.insertInto('sessions')
		.values({
			id: session.id,
			user_id: userId,
			created_at: session.createdAt,
			expires_at: session.expiresAt,
			user_agent: device.userAgent.slice(0, 300),
			address: device.address.slice(0, 64),
			last_seen_at: now
		})
		.execute();
	return session;
}

const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** Resolves a token to its session and user, extending the session when it is past half its idle window. */
export async function validate(db: Kysely<Schema>, token: string, policy: SessionPolicy): Promise<{ session: Session; user: User } | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const id = idFromToken(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id as session_id',
			'sessions.created_at',
			'sessions.expires_at',
			'users.id',
			'users.username',
			'users.display_name',
			'users.is_admin'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const now = Date.now();
	const session: Session = { id, userId: row.id, createdAt: row.created_at, expiresAt: row.expires_at };
	const hardLimit = session.createdAt + policy.absoluteMs;
	if (now >= session.expiresAt || now >= hardLimit) {
		await invalidate(db, id);
		return null;
	}
	if (session.expiresAt - now < policy.idleMs / 2) {
		const extended = Math.min(now + policy.idleMs, hardLimit);
		if (extended > session.expiresAt) {
			session.expiresAt = extended;
			await db.updateTable('sessions').set({ expires_at: extended }).where('id', '=', id).execute();
		}
	}
	return { session, user: toUser(row) };
}

/** Ends a session; its open websockets close at once (4401), on every instance. */
export async function invalidate(db: Kysely<Schema>, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
	await revocation.announce({ type: 'session', sessionId });
}

/** Ends every session of a user, optionally keeping the one in use (after a password change); their websockets close at once. */
export async function invalidateAllForUser(db: Kysely<Schema>, userId: string, except?: string): Promise<void> {
	let query = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (except) query = query.where('id', '!=', except);
	await query.execute();
	await revocation.announce(except ? { type: 'sessions', userId, keepSessionId: except } : { type: 'sessions', userId });
}

/**
 * Which of these sessions are still valid now (present, not past their sliding or absolute expiry). The
 * collaboration server asks this every second for its open sockets, which catches expiry and sessions ended
 * by any other means.
 */
export async function stillValid(db: Kysely<Schema>, sessionIds: string[], policy: SessionPolicy): Promise<Set<string>> {
	const valid = new Set<string>();
	const now = Date.now();
	for (let i = 0; i < sessionIds.length; i += IN_LIST_CHUNK) {
		const rows = await db
			.selectFrom('sessions')
			.select(['id', 'created_at', 'expires_at'])
			.where('id', 'in', sessionIds.slice(i, i + IN_LIST_CHUNK))
			.execute();
		for (const row of rows) {
			if (now < Number(row.expires_at) && now < Number(row.created_at) + policy.absoluteMs) valid.add(row.id);
		}
	}
	return valid;
}

const IN_LIST_CHUNK = 500;
/** Ends one session, only if it belongs to `userId` (someone signing out one of their own devices); its websockets close at once. */
export async function invalidateForUser(db: Kysely<Schema>, userId: string, sessionId: string): Promise<boolean> {
	const result = await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
	const ended = Number(result.numDeletedRows) > 0;
	if (ended) await revocation.announce({ type: 'session', sessionId });
	return ended;
}

/** How stale "last seen" may get before a request refreshes it: one write a minute per session at most. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export async function touch(db: Kysely<Schema>, sessionId: string, now = Date.now()): Promise<void> {
	await db
		.updateTable('sessions')
		.set({ last_seen_at: now })
		.where('id', '=', sessionId)
		.where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', now - LAST_SEEN_RESOLUTION_MS)]))
		.execute();
}

export interface SessionSummary {
	id: string;
	createdAt: number;
	lastSeenAt: number;
	userAgent: string;
	address: string;
}

/** A user's live sessions, most recently used first. */
export async function listForUser(db: Kysely<Schema>, userId: string, now = Date.now()): Promise<SessionSummary[]> {
	const rows = await db
		.selectFrom('sessions')
		.select(['id', 'created_at', 'last_seen_at', 'user_agent', 'address'])
		.where('user_id', '=', userId)
		.where('expires_at', '>', now)
		.orderBy('last_seen_at', 'desc')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		createdAt: Number(row.created_at),
		lastSeenAt: Number(row.last_seen_at ?? row.created_at),
		userAgent: row.user_agent,
		address: row.address
	}));
}

export async function deleteExpired(db: Kysely<Schema>): Promise<void> {
	await db.deleteFrom('sessions').where('expires_at', '<=', Date.now()).execute();
}

/** Parses one cookie out of a raw Cookie header (used by the websocket upgrade, which has no SvelteKit). */
export function tokenFromCookieHeader(header: string | undefined): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq === -1) continue;
		if (part.slice(0, eq).trim() === COOKIE_NAME) {
			const value = part.slice(eq + 1).trim();
			return value || null;
		}
	}
	return null;
}

export function cookieOptions(expiresAt: number, secure: boolean) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure,
		expires: new Date(expiresAt)
	};
}
