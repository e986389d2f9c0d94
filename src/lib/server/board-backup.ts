import type { Kysely, Selectable } from 'kysely';
import type { BoardRow, Role, Schema, SnapshotsTable } from './db/schema.ts';
import * as audit from './audit.ts';
import { newId } from './ids.ts';

/**
 * One board as portable JSON: its row, members (with usernames, to match accounts in another instance), the
 * whole update log with its compacted state, and its snapshots. Binary columns are base64. The same format
 * for SQLite and PostgreSQL, so a board can also move between them.
 */
export interface BoardBackup {
	format: 'trustboard-board';
	version: 1;
	exportedAt: number;
	board: BoardRow;
	/** Username of the board's creator, for matching in another instance. */
	createdByUsername: string | null;
	members: Array<{ userId: string; username: string; role: Role; createdAt: number }>;
	head: number;
	updates: Array<{ seq: number; data: string; userId: string | null; createdAt: number }>;
	state: { data: string; uptoSeq: number; updatedAt: number } | null;
	snapshots: Array<Omit<Selectable<SnapshotsTable>, 'state'> & { state: string | null }>;
}

export interface RestoreOptions {
	/** Restore under a new board id (and new snapshot ids): safe while servers run, and alongside the original. */
	asNew: boolean;
	/** Username made chair of the restored board (needed when its creator has no account here). */
	chair?: string;
}

export interface RestoreResult {
	boardId: string;
	/** Members without an account in this instance (matched by id, then username). */
	skippedMembers: string[];
}

const base64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const bytes = (data: string) => Buffer.from(data, 'base64');
const CHUNK = 500;

/** Reads the board in one transaction, so the log, state, head and snapshots agree with each other. */
export async function exportBoard(db: Kysely<Schema>, boardId: string): Promise<BoardBackup | null> {
	return db
		.transaction()
		.setIsolationLevel('repeatable read')
		.execute(async (trx) => {
			const board = await trx.selectFrom('boards').selectAll().where('id', '=', boardId).executeTakeFirst();
			if (!board) return null;
			const creator = await trx.selectFrom('users').select('username').where('id', '=', board.created_by).executeTakeFirst();
			const members = await trx
				.selectFrom('memberships')
				.innerJoin('users', 'users.id', 'memberships.user_id')
				.select(['memberships.user_id', 'users.username', 'memberships.role', 'memberships.created_at'])
				.where('memberships.board_id', '=', boardId)
				.execute();
			const head = await trx.selectFrom('board_heads').select('seq').where('board_id', '=', boardId).executeTakeFirst();
			const updates = await trx.selectFrom('board_updates').selectAll().where('board_id', '=', boardId).orderBy('seq').execute();
			const state = await trx.selectFrom('board_states').selectAll().where('board_id', '=', boardId).executeTakeFirst();
			const snapshots = await trx.selectFrom('snapshots').selectAll().where('board_id', '=', boardId).orderBy('created_at').execute();
			return {
				format: 'trustboard-board',
				version: 1,
				exportedAt: Date.now(),
				board,
				createdByUsername: creator?.username ?? null,
				members: members.map((m) => ({ userId: m.user_id, username: m.username, role: m.role, createdAt: m.created_at })),
				head: head ? Number(head.seq) : 0,
				updates: updates.map((u) => ({ seq: Number(u.seq), data: base64(u.data), userId: u.user_id, createdAt: u.created_at })),
				state: state ? { data: base64(state.state), uptoSeq: Number(state.upto_seq), updatedAt: state.updated_at } : null,
				snapshots: snapshots.map((s) => ({ ...s, state: s.state ? base64(s.state) : null }))
			} satisfies BoardBackup;
		});
}

/** Writes a backup in one transaction. Without `asNew`, refuses if the board id already exists. */
export async function restoreBoard(db: Kysely<Schema>, backup: BoardBackup, options: RestoreOptions): Promise<RestoreResult> {
	if (backup.format !== 'trustboard-board' || backup.version !== 1) throw new Error('not a trustboard board backup (version 1)');
	return db.transaction().execute(async (trx) => {
		const boardId = options.asNew ? newId() : backup.board.id;
		if (!options.asNew && (await trx.selectFrom('boards').select('id').where('id', '=', boardId).executeTakeFirst())) {
			throw new Error(`board ${boardId} exists; restore it with --as-new, or delete it first`);
		}
		const users = await trx.selectFrom('users').select(['id', 'username']).execute();
		const local = (id: string | null, username: string | null) =>
			users.find((u) => u.id === id)?.id ?? users.find((u) => u.username === username)?.id ?? null;
		const chair = options.chair ? local(null, options.chair) : null;
		if (options.chair && !chair) throw new Error(`no account named ${options.chair}`);
		const creator = local(backup.board.created_by, backup.createdByUsername) ?? chair;
		if (!creator) throw new Error('the board creator has no account here; name one with --chair <username>');
		const now = Date.now();

		await trx
			.insertInto('boards')
			.values({ ...backup.board, id: boardId, created_by: creator })
			.execute();
		const members = new Map<string, { role: Role; createdAt: number }>();
		const skippedMembers: string[] = [];
		for (const member of backup.members) {
			const userId = local(member.userId, member.username);
			if (userId) members.set(userId, { role: member.role, createdAt: member.createdAt });
			else skippedMembers.push(member.username);
		}
		if (chair) members.set(chair, { role: 'chair', createdAt: now });
		if (members.size > 0) {
			await trx
				.insertInto('memberships')
				.values([...members].map(([userId, m]) => ({ board_id: boardId, user_id: userId, role: m.role, created_at: m.createdAt })))
				.execute();
		}
		await trx.insertInto('board_heads').values({ board_id: boardId, seq: backup.head }).execute();
		for (let start = 0; start < backup.updates.length; start += CHUNK) {
			await trx
				.insertInto('board_updates')
				.values(
					backup.updates.slice(start, start + CHUNK).map((u) => ({
						board_id: boardId,
						seq: u.seq,
						data: bytes(u.data),
						user_id: u.userId,
						created_at: u.createdAt
					}))
				)
				.execute();
		}
		if (backup.state) {
			await trx
				.insertInto('board_states')
				.values({ board_id: boardId, state: bytes(backup.state.data), upto_seq: backup.state.uptoSeq, updated_at: backup.state.updatedAt })
				.execute();
		}
		for (const snapshot of backup.snapshots) {
			await trx
				.insertInto('snapshots')
				.values({
					...snapshot,
					id: options.asNew ? newId() : snapshot.id,
					board_id: boardId,
					state: snapshot.state === null ? null : bytes(snapshot.state)
				})
				.execute();
		}
		await audit.record(trx, {
			boardId,
			userId: null,
			type: 'board.created',
			detail: { title: backup.board.title, restoredFrom: backup.board.id, exportedAt: backup.exportedAt }
		});
		return { boardId, skippedMembers };
	});
}
