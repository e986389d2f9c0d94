import type { Kysely } from 'kysely';
import type { Role, Schema } from './db/schema.ts';
import * as audit from './audit.ts';
import * as revocation from './revocation.ts';

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

/** Adds a member, or keeps an existing membership's role when it is at least as strong (open sockets follow a raise). */
export async function add(db: Kysely<Schema>, boardId: string, userId: string, role: Role, byUserId: string | null): Promise<void> {
	const changed = await db.transaction().execute(async (trx) => {
		const existing = await trx
			.selectFrom('memberships')
			.select('role')
			.where('board_id', '=', boardId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (existing) {
			if (strength(existing.role) >= strength(role)) return false;
			await trx.updateTable('memberships').set({ role }).where('board_id', '=', boardId).where('user_id', '=', userId).execute();
		} else {
			await trx.insertInto('memberships').values({ board_id: boardId, user_id: userId, role, created_at: Date.now() }).execute();
		}
		await audit.record(trx, { boardId, userId: byUserId ?? userId, type: 'member.added', detail: { member: userId, role } });
		return true;
	});
	if (changed) await revocation.announce({ type: 'membership', boardId, userId });
}

function strength(role: Role): number {
	return role === 'chair' ? 3 : role === 'editor' ? 2 : 1;
}

export type ChangeResult = { ok: true } | { ok: false; reason: 'not_member' | 'last_chair' };

/**
 * A board always keeps at least one chair: the last one can be neither demoted nor removed. The member's open
 * sockets to the board follow at once (downgraded to read-only, or writable again).
 */
export async function setRole(db: Kysely<Schema>, boardId: string, userId: string, role: Role, byUserId: string): Promise<ChangeResult> {
	const result = await db.transaction().execute(async (trx) => {
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
		await audit.record(trx, {
			boardId,
			userId: byUserId,
			type: 'member.role_changed',
			detail: { member: userId, from: current.role, to: role }
		});
		return { ok: true } as const;
	});
	if (result.ok) await revocation.announce({ type: 'membership', boardId, userId });
	return result;
}

/** Removes a member; their open sockets to the board close at once (4403). */
export async function remove(db: Kysely<Schema>, boardId: string, userId: string, byUserId: string): Promise<ChangeResult> {
	const result = await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('memberships')
			.select('role')
			.where('board_id', '=', boardId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (!current) return { ok: false, reason: 'not_member' } as const;
		if (current.role === 'chair' && (await chairCount(trx, boardId)) <= 1) return { ok: false, reason: 'last_chair' } as const;
		await trx.deleteFrom('memberships').where('board_id', '=', boardId).where('user_id', '=', userId).execute();
		// The links they joined with would let them walk straight back in.
		await trx
			.updateTable('invites')
			.set({ revoked_at: Date.now() })
			.where('board_id', '=', boardId)
			.where('revoked_at', 'is', null)
			.where('id', 'in', trx.selectFrom('invite_uses').select('invite_id').where('board_id', '=', boardId).where('user_id', '=', userId))
			.execute();
		await audit.record(trx, { boardId, userId: byUserId, type: 'member.removed', detail: { member: userId } });
		return { ok: true } as const;
	});
	if (result.ok) await revocation.announce({ type: 'membership', boardId, userId });
	return result;
}

export interface Access {
	role: Role;
	archived: boolean;
}

/**
 * The role of each of these users on each of these boards, with whether the board is archived, keyed by
 * `accessKey`; a pair with no entry is not a membership. The collaboration server re-reads this every second
 * for its open sockets, so a change made by any means reaches them.
 */
export async function accessFor(db: Kysely<Schema>, boardIds: string[], userIds: string[]): Promise<Map<string, Access>> {
	const access = new Map<string, Access>();
	for (let i = 0; i < boardIds.length; i += IN_LIST_CHUNK) {
		for (let j = 0; j < userIds.length; j += IN_LIST_CHUNK) {
			const rows = await db
				.selectFrom('memberships')
				.innerJoin('boards', 'boards.id', 'memberships.board_id')
				.select(['memberships.board_id', 'memberships.user_id', 'memberships.role', 'boards.archived_at'])
				.where('memberships.board_id', 'in', boardIds.slice(i, i + IN_LIST_CHUNK))
				.where('memberships.user_id', 'in', userIds.slice(j, j + IN_LIST_CHUNK))
				.execute();
			for (const row of rows) access.set(accessKey(row.board_id, row.user_id), { role: row.role, archived: row.archived_at !== null });
		}
	}
	return access;
}

export function accessKey(boardId: string, userId: string): string {
	return `${boardId}\n${userId}`;
}

const IN_LIST_CHUNK = 500;

async function chairCount(db: Kysely<Schema>, boardId: string): Promise<number> {
	const row = await db
		.selectFrom('memberships')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('board_id', '=', boardId)
		.where('role', '=', 'chair')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
