import type { Kysely } from 'kysely';
import type { Schema, UserRow } from './db/schema.ts';
import { newId } from './ids.ts';
import * as password from './password.ts';

export interface User {
	id: string;
	username: string;
	displayName: string;
	isAdmin: boolean;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export function normaliseUsername(value: unknown): string {
	return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

export function validateUsername(username: string): string | null {
	return USERNAME_PATTERN.test(username)
		? null
		: 'Use 3 to 32 characters: letters, digits, dots, dashes or underscores, starting with a letter or digit.';
}

export const DISPLAY_NAME_MAX = 80;

export function normaliseDisplayName(value: unknown): string {
	// Control characters would garble presence labels and exported sheets.
	return typeof value === 'string' ? value.replace(/[\p{Cc}\p{Cf}]/gu, '').trim() : '';
}

/** A name longer than the form allows is refused, not cut short without a word. */
export function validateDisplayName(displayName: string): string | null {
	return displayName.length > DISPLAY_NAME_MAX ? `Keep your name under ${DISPLAY_NAME_MAX} characters.` : null;
}

export function toUser(row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'is_admin'>): User {
	return { id: row.id, username: row.username, displayName: row.display_name, isAdmin: row.is_admin === 1 };
}

export async function count(db: Kysely<Schema>): Promise<number> {
	const row = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export type CreateResult = { ok: true; user: User } | { ok: false; reason: 'taken' };

/**
 * Creates an account. The first account on an instance becomes its admin: it is the one whose insert of the
 * single 'first_admin' setting succeeds, which stays true when two first sign-ups race on PostgreSQL.
 */
/** The stored hash of an account that signs in only with its organisation: no password can match it. */
export const NO_PASSWORD = '';

export async function create(
	db: Kysely<Schema>,
	input: { username: string; displayName: string; password: string | null }
): Promise<CreateResult> {
	const passwordHash = input.password === null ? NO_PASSWORD : await password.hashPassword(input.password);
	const now = Date.now();
	const id = newId();
	const displayName = input.displayName || input.username;
	try {
		return await db.transaction().execute(async (trx) => {
			await trx
				.insertInto('users')
				.values({
					id,
					username: input.username,
					display_name: displayName,
					password_hash: passwordHash,
					is_admin: 0,
					created_at: now,
					updated_at: now
				})
				.execute();
			const claimed = await trx
				.insertInto('instance_settings')
				.values({ key: 'first_admin', value: id })
				.onConflict((oc) => oc.column('key').doNothing())
				.returning('key')
				.executeTakeFirst();
			if (claimed) await trx.updateTable('users').set({ is_admin: 1 }).where('id', '=', id).execute();
			return { ok: true as const, user: { id, username: input.username, displayName, isAdmin: Boolean(claimed) } };
		});
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, reason: 'taken' };
		throw error;
	}
}

export function isUniqueViolation(error: unknown): boolean {
	const e = error as { code?: string; message?: string };
	return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export async function getById(db: Kysely<Schema>, id: string): Promise<User | null> {
	const row = await db.selectFrom('users').select(['id', 'username', 'display_name', 'is_admin']).where('id', '=', id).executeTakeFirst();
	return row ? toUser(row) : null;
}

export async function getByUsername(db: Kysely<Schema>, username: string): Promise<User | null> {
	const row = await db
		.selectFrom('users')
		.select(['id', 'username', 'display_name', 'is_admin'])
		.where('username', '=', username)
		.executeTakeFirst();
	return row ? toUser(row) : null;
}

/** Checks a username and password; unknown usernames cost the same time as wrong passwords. */
export async function authenticate(db: Kysely<Schema>, username: string, plain: string): Promise<User | null> {
	const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
	if (!row || row.password_hash === NO_PASSWORD) return password.verifyAgainstDummy(plain).then(() => null);
	return (await password.verifyPassword(row.password_hash, plain)) ? toUser(row) : null;
}

export async function changePassword(db: Kysely<Schema>, userId: string, plain: string): Promise<void> {
	const passwordHash = await password.hashPassword(plain);
	await db.updateTable('users').set({ password_hash: passwordHash, updated_at: Date.now() }).where('id', '=', userId).execute();
}

export async function rename(db: Kysely<Schema>, userId: string, displayName: string): Promise<void> {
	await db.updateTable('users').set({ display_name: displayName, updated_at: Date.now() }).where('id', '=', userId).execute();
}

export async function hasPassword(db: Kysely<Schema>, userId: string): Promise<boolean> {
	const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
	return Boolean(row && row.password_hash !== NO_PASSWORD);
}
