import type { Kysely } from 'kysely';
import type { Role, Schema } from './db/schema.ts';
import * as audit from './audit.ts';
import * as membership from './membership.ts';
import { newId } from './ids.ts';
import { generateToken, idFromToken } from './session.ts';

export interface Invite {
	id: string;
	boardId: string;
	role: Role;
	createdBy: string;
	createdAt: number;
	expiresAt: number;
	revokedAt: number | null;
	uses: number;
	/** Single-use by default; a multi-use link is for a meeting, where everyone joins with the same one. */
	multiUse: boolean;
}

export interface InviteForToken extends Invite {
	boardTitle: string;
}

export const EXPIRY_CHOICES = [
	{ label: '1 day', ms: 24 * 3600_000 },
	{ label: '7 days', ms: 7 * 24 * 3600_000 },
	{ label: '30 days', ms: 30 * 24 * 3600_000 }
] as const;

/** Creates an invite link. The token is shown once to the chair; only its hash is kept. */
export async function create(
	db: Kysely<Schema>,
	input: { boardId: string; role: Role; expiresInMs: number; createdBy: string; multiUse?: boolean }
): Promise<{ invite: Invite; token: string }> {
	const token = generateToken();
	const now = Date.now();
	const invite: Invite = {
		id: newId(),
		boardId: input.boardId,
		role: input.role,
		createdBy: input.createdBy,
		createdAt: now,
		expiresAt: now + input.expiresInMs,
		revokedAt: null,
		uses: 0,
		multiUse: input.multiUse ?? false
	};
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('invites')
			.values({
				id: invite.id,
				token_hash: idFromToken(token),
				board_id: invite.boardId,
				role: invite.role,
				created_by: invite.createdBy,
				created_at: invite.createdAt,
				expires_at: invite.expiresAt,
				revoked_at: null,
				uses: 0,
				multi_use: invite.multiUse ? 1 : 0
			})
			.execute();
		await audit.record(trx, {
			boardId: input.boardId,
			userId: input.createdBy,
			type: 'invite.created',
			detail: { invite: invite.id, role: input.role, multiUse: invite.multiUse }
		});
	});
	return { invite, token };
}

/** An invite that can still be used, or null: expired, revoked, used up, unknown and malformed all look the same. */
export async function findUsable(db: Kysely<Schema>, token: string): Promise<InviteForToken | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const row = await db
		.selectFrom('invites')
		.innerJoin('boards', 'boards.id', 'invites.board_id')
		.selectAll('invites')
		.select('boards.title as board_title')
		.where('invites.token_hash', '=', idFromToken(token))
		.where('boards.archived_at', 'is', null)
		.executeTakeFirst();
	if (!row || row.revoked_at !== null || row.expires_at <= Date.now()) return null;
	if (!row.multi_use && Number(row.uses) > 0) return null;
	return { ...fromRow(row), boardTitle: row.board_title };
}

/**
 * Joins the board with the link. A single-use link is taken in the same statement that checks it, so two
 * people racing for one link cannot both get in. Returns false when the link is no longer usable.
 */
export async function accept(db: Kysely<Schema>, invite: Invite, userId: string): Promise<boolean> {
	const now = Date.now();
	const taken = await db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('invites')
			.set((eb) => ({ uses: eb('uses', '+', 1) }))
			.where('id', '=', invite.id)
			.where('revoked_at', 'is', null)
			.where('expires_at', '>', now)
			.where((eb) => eb.or([eb('multi_use', '=', 1), eb('uses', '=', 0)]))
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		await trx.insertInto('invite_uses').values({ invite_id: invite.id, board_id: invite.boardId, user_id: userId, used_at: now }).execute();
		await audit.record(trx, { boardId: invite.boardId, userId, type: 'invite.accepted', detail: { invite: invite.id, role: invite.role } });
		return true;
	});
	if (taken) await membership.add(db, invite.boardId, userId, invite.role, invite.createdBy);
	return taken;
}

export async function list(db: Kysely<Schema>, boardId: string): Promise<Invite[]> {
	const rows = await db.selectFrom('invites').selectAll().where('board_id', '=', boardId).orderBy('created_at', 'desc').execute();
	return rows.map(fromRow);
}

export async function revoke(db: Kysely<Schema>, boardId: string, inviteId: string, byUserId: string): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('invites')
			.set({ revoked_at: Date.now() })
			.where('id', '=', inviteId)
			.where('board_id', '=', boardId)
			.where('revoked_at', 'is', null)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		await audit.record(trx, { boardId, userId: byUserId, type: 'invite.revoked', detail: { invite: inviteId } });
		return true;
	});
}

function fromRow(row: {
	id: string;
	board_id: string;
	role: Role;
	created_by: string;
	created_at: number;
	expires_at: number;
	revoked_at: number | null;
	uses: number;
	multi_use: number;
}): Invite {
	return {
		id: row.id,
		boardId: row.board_id,
		role: row.role,
		createdBy: row.created_by,
		createdAt: row.created_at,
		expiresAt: row.expires_at,
		revokedAt: row.revoked_at,
		uses: Number(row.uses),
		multiUse: Number(row.multi_use) === 1
	};
}
