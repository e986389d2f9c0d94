import type { Kysely } from 'kysely';
import type { Role, Schema } from './db/schema.ts';
import * as audit from './audit.ts';

export interface Member {
	userId: string;
	username: string;
	displayName: string;
	role: Role;
	joinedAt: number;
}

export async function getRole(db: Kysely<Schema>, boardId: string, userId: string): Promise<Role | null> {
	const row = await db
		.selectFrom('memberships')
		.select('role')
		.where('board_id', '=', boardId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row?.role ?? null;
}

export async function list(db: Kysely<Schema>, boardId: string): Promise<Member[]> {
	const rows = await db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select(['users.id', 'users.username', 'users.display_name', 'memberships.role', 'memberships.created_at'])
		.where('memberships.board_id', '=', boardId)
		.orderBy('users.display_name')
		.execute();
	return rows.map((row) => ({
		userId: row.id,
		username: row.username,
		displayName: row.display_name,
		role: row.role,
		joinedAt: row.created_at
	}));
}

/** Adds a member, or keeps an existing membership's role when it is at least as strong. */
export async function add(db: Kysely<Schema>, boardId: string, userId: string, role: Role, byUserId: string | null): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const existing = await trx
			.selectFrom('memberships')
			.select('role')
			.where('board_id', '=', boardId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (existing) {
			if (strength(existing.role) >= strength(role)) return;
			await trx.updateTable('memberships').set({ role }).where('board_id', '=', boardId).where('user_id', '=', userId).execute();
		} else {
			await trx.insertInto('memberships').values({ board_id: boardId, user_id: userId, role, created_at: Date.now() }).execute();
		}
		await audit.record(trx, { boardId, userId: byUserId ?? userId, type: 'member.added', detail: { member: userId, role } });
	});
}

function strength(role: Role): number {
	return role === 'chair' ? 3 : role === 'editor' ? 2 : 1;
}

export type ChangeResult = { ok: true } | { ok: false; reason: 'not_member' | 'last_chair' };

/** A board always keeps at least one chair: the last one can be neither demoted nor removed. */
export async function setRole(db: Kysely<Schema>, boardId: string, userId: string, role: Role, byUserId: string): Promise<ChangeResult> {
	return db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('memberships')
			.select('role')
			.where('board_id', '=', boardId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (!current) return { ok: false, reason: 'not_member' } as const;
		if (current.role === role) return { ok: true } as const;
		if (current.role === 'chair' && (await chairCount(trx, boardId)) <= 1) return { ok: false, reason: 'last_chair' } as const;
		await trx.updateTable('memberships').set({ role }).where('board_id', '=', boardId).where('user_id', '=', userId).execute();
		await audit.record(trx, { boardId, userId: byUserId, type: 'member.role_changed', detail: { member: userId, from: current.role, to: role } });
		return { ok: true } as const;
	});
}

export async function remove(db: Kysely<Schema>, boardId: string, userId: string, byUserId: string): Promise<ChangeResult> {
	return db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('memberships')
			.select('role')
			.where('board_id', '=', boardId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (!current) return { ok: false, reason: 'not_member' } as const;
		if (current.role === 'chair' && (await chairCount(trx, boardId)) <= 1) return { ok: false, reason: 'last_chair' } as const;
		await trx.deleteFrom('memberships').where('board_id', '=', boardId).where('user_id', '=', userId).execute();
		await audit.record(trx, { boardId, userId: byUserId, type: 'member.removed', detail: { member: userId } });
		return { ok: true } as const;
	});
}

async function chairCount(db: Kysely<Schema>, boardId: string): Promise<number> {
	const row = await db
		.selectFrom('memberships')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('board_id', '=', boardId)
		.where('role', '=', 'chair')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
