import type { Kysely } from 'kysely';
import type { Schema } from './db/schema.ts';
import * as audit from './audit.ts';
import * as session from './session.ts';
import * as user from './user.ts';

/**
 * What an administrator does to other people's accounts: deactivate and reactivate them, and issue one-time
 * links (a password reset, or linking an organisation account) to hand over by any channel, since trustboard
 * sends no email.
 */

type Db = Kysely<Schema>;

export const LINK_LIFETIME_MS = 24 * 3600_000;
export type LinkPurpose = 'reset' | 'link';

export interface AccountSummary {
	id: string;
	username: string;
	displayName: string;
	isAdmin: boolean;
	deactivatedAt: number | null;
	twoFactor: boolean;
	hasPassword: boolean;
	identities: string[];
	lastSeenAt: number | null;
}

export async function list(db: Db): Promise<AccountSummary[]> {
	const rows = await db
		.selectFrom('users')
		.select(['id', 'username', 'display_name', 'is_admin', 'deactivated_at', 'totp_key', 'password_hash'])
		.select((eb) =>
			eb
				.selectFrom('sessions')
				.select((s) => s.fn.max('last_seen_at').as('seen'))
				.whereRef('sessions.user_id', '=', 'users.id')
				.as('last_seen_at')
		)
		.orderBy('display_name')
		.execute();
	const identities = await db.selectFrom('identities').select(['user_id', 'email']).execute();
	return rows.map((row) => ({
		id: row.id,
		username: row.username,
		displayName: row.display_name,
		isAdmin: row.is_admin === 1,
		deactivatedAt: row.deactivated_at === null ? null : Number(row.deactivated_at),
		twoFactor: Boolean(row.totp_key),
		hasPassword: row.password_hash !== '',
		identities: identities.filter((i) => i.user_id === row.id).map((i) => i.email),
		lastSeenAt: row.last_seen_at === null || row.last_seen_at === undefined ? null : Number(row.last_seen_at)
	}));
}

export async function isDeactivated(db: Db, userId: string): Promise<boolean> {
	const row = await db.selectFrom('users').select('deactivated_at').where('id', '=', userId).executeTakeFirst();
	return !row || row.deactivated_at !== null;
}

/** Deactivates an account and ends all its sessions; the caller closes its open connections. */
export async function deactivate(db: Db, userId: string, byUserId: string): Promise<boolean> {
	const changed = await db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('users')
			.set({ deactivated_at: Date.now() })
			.where('id', '=', userId)
			.where('deactivated_at', 'is', null)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		await audit.record(trx, { boardId: null, userId: byUserId, type: 'account.deactivated', detail: { account: userId } });
		return true;
	});
	if (changed) await session.invalidateAllForUser(db, userId);
	return changed;
}

export async function reactivate(db: Db, userId: string, byUserId: string): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('users')
			.set({ deactivated_at: null })
			.where('id', '=', userId)
			.where('deactivated_at', 'is not', null)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		await audit.record(trx, { boardId: null, userId: byUserId, type: 'account.reactivated', detail: { account: userId } });
		return true;
	});
}

/** A new one-time link; any earlier unused link of the same purpose for the account stops working. */
export async function createLink(db: Db, userId: string, purpose: LinkPurpose, byUserId: string): Promise<string> {
	const token = session.generateToken();
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		await trx
			.deleteFrom('account_links')
			.where('user_id', '=', userId)
			.where('purpose', '=', purpose)
			.where('used_at', 'is', null)
			.execute();
		await trx
			.insertInto('account_links')
			.values({
				token_hash: session.idFromToken(token),
				user_id: userId,
				purpose,
				created_by: byUserId,
				created_at: now,
				expires_at: now + LINK_LIFETIME_MS,
				used_at: null
			})
			.execute();
		const type = purpose === 'reset' ? 'account.reset_link_created' : 'account.link_created';
		await audit.record(trx, { boardId: null, userId: byUserId, type, detail: { account: userId } });
	});
	return token;
}

/** The account a usable link is for; used, expired, unknown and malformed links all answer null. */
export async function findLink(db: Db, token: string, purpose: LinkPurpose): Promise<user.User | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const row = await db
		.selectFrom('account_links')
		.innerJoin('users', 'users.id', 'account_links.user_id')
		.select(['users.id', 'users.username', 'users.display_name', 'users.is_admin'])
		.where('account_links.token_hash', '=', session.idFromToken(token))
		.where('account_links.purpose', '=', purpose)
		.where('account_links.used_at', 'is', null)
		.where('account_links.expires_at', '>', Date.now())
		.where('users.deactivated_at', 'is', null)
		.executeTakeFirst();
	return row ? user.toUser(row) : null;
}

/** Marks a link used; false when another request used it first. */
export async function useLink(db: Db, token: string, purpose: LinkPurpose): Promise<boolean> {
	const result = await db
		.updateTable('account_links')
		.set({ used_at: Date.now() })
		.where('token_hash', '=', session.idFromToken(token))
		.where('purpose', '=', purpose)
		.where('used_at', 'is', null)
		.where('expires_at', '>', Date.now())
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Sets a new password through a reset link and ends every session of the account. */
export async function resetPassword(db: Db, token: string, plain: string): Promise<user.User | null> {
	const owner = await findLink(db, token, 'reset');
	if (!owner || !(await useLink(db, token, 'reset'))) return null;
	await user.changePassword(db, owner.id, plain);
	await session.invalidateAllForUser(db, owner.id);
	await audit.record(db, { boardId: null, userId: owner.id, type: 'account.password_reset' });
	return owner;
}
