import type { Kysely } from 'kysely';
import type { Role, Schema } from './db/schema.ts';
import * as audit from './audit.ts';
import { newId } from './ids.ts';

export interface Board {
	id: string;
	title: string;
	createdAt: number;
	updatedAt: number;
	archivedAt: number | null;
}

export interface BoardWithRole extends Board {
	role: Role;
}

export const TITLE_MAX = 120;

export function normaliseTitle(value: unknown): string {
	return typeof value === 'string'
		? value
				.replace(/[\p{Cc}\p{Cf}]/gu, ' ')
				.replace(/\s+/g, ' ')
				.trim()
		: '';
}

export function validateTitle(title: string): string | null {
	if (!title) return 'Give the board a title.';
	if (title.length > TITLE_MAX) return `Keep the title under ${TITLE_MAX} characters.`;
	return null;
}

/**
 * Creates a board with its creator as chair, and its first document state as update 1 of the log, in one
 * transaction: a board never exists without its content.
 */
export async function create(db: Kysely<Schema>, input: { title: string; createdBy: string; initialUpdate: Uint8Array }): Promise<Board> {
	const id = newId();
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('boards')
			.values({ id, title: input.title, created_by: input.createdBy, created_at: now, updated_at: now, archived_at: null })
			.execute();
		await trx.insertInto('memberships').values({ board_id: id, user_id: input.createdBy, role: 'chair', created_at: now }).execute();
		await trx.insertInto('board_heads').values({ board_id: id, seq: 1 }).execute();
		await trx
			.insertInto('board_updates')
			.values({ board_id: id, seq: 1, data: Buffer.from(input.initialUpdate), user_id: input.createdBy, created_at: now })
			.execute();
		await audit.record(trx, { boardId: id, userId: input.createdBy, type: 'board.created', detail: { title: input.title } });
	});
	return { id, title: input.title, createdAt: now, updatedAt: now, archivedAt: null };
}

export async function get(db: Kysely<Schema>, id: string): Promise<Board | null> {
	const row = await db.selectFrom('boards').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at, archivedAt: row.archived_at } : null;
}

/** The boards a user belongs to, newest activity first. */
/**
 * The user's boards, the most recently changed first. The last change is the
 * newest logged update, or the compacted state's time once the log has been
 * folded into it, or the board's own row (created, renamed, archived).
 */
export async function listForUser(db: Kysely<Schema>, userId: string): Promise<BoardWithRole[]> {
	const rows = await db
		.selectFrom('boards')
		.innerJoin('memberships', 'memberships.board_id', 'boards.id')
		.select(['boards.id', 'boards.title', 'boards.created_at', 'boards.updated_at', 'boards.archived_at', 'memberships.role'])
		.select((eb) => [
			eb
				.selectFrom('board_updates')
				.select('board_updates.created_at')
				.whereRef('board_updates.board_id', '=', 'boards.id')
				.orderBy('board_updates.seq', 'desc')
				.limit(1)
				.as('last_update'),
			eb
				.selectFrom('board_states')
				.select('board_states.updated_at')
				.whereRef('board_states.board_id', '=', 'boards.id')
				.limit(1)
				.as('last_state')
		])
		.where('memberships.user_id', '=', userId)
		.execute();
	return rows
		.map((row) => ({
			id: row.id,
			title: row.title,
			createdAt: row.created_at,
			updatedAt: Math.max(Number(row.updated_at), Number(row.last_update ?? 0), Number(row.last_state ?? 0)),
			archivedAt: row.archived_at,
			role: row.role
		}))
		.sort((a, b) => b.updatedAt - a.updatedAt || a.title.localeCompare(b.title));
}

export async function rename(db: Kysely<Schema>, id: string, title: string, byUserId: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('boards').set({ title, updated_at: Date.now() }).where('id', '=', id).execute();
		await audit.record(trx, { boardId: id, userId: byUserId, type: 'board.renamed', detail: { title } });
	});
}

/** Mirrors the live document's title into the board list without an audit entry (the update log has it). */
export async function syncTitle(db: Kysely<Schema>, id: string, title: string): Promise<void> {
	await db.updateTable('boards').set({ title, updated_at: Date.now() }).where('id', '=', id).where('title', '!=', title).execute();
}

export async function touch(db: Kysely<Schema>, id: string): Promise<void> {
	await db.updateTable('boards').set({ updated_at: Date.now() }).where('id', '=', id).execute();
}

export async function setArchived(db: Kysely<Schema>, id: string, archived: boolean, byUserId: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('boards')
			.set({ archived_at: archived ? Date.now() : null })
			.where('id', '=', id)
			.execute();
		await audit.record(trx, { boardId: id, userId: byUserId, type: archived ? 'board.archived' : 'board.unarchived' });
	});
}
