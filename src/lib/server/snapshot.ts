import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from './db/index.ts';
import type { Schema } from './db/schema.ts';
import * as audit from './audit.ts';
import { newId } from './ids.ts';
import { checkpointsToDrop, type RetentionPolicy } from './retention.ts';

export type SnapshotKind = 'named' | 'checkpoint';

export interface Meeting {
	title: string;
	/** yyyy-mm-dd */
	date: string;
}

export interface SnapshotMeta {
	id: string;
	boardId: string;
	kind: SnapshotKind;
	title: string;
	note: string;
	meeting: Meeting | null;
	isMinutes: boolean;
	createdBy: string | null;
	createdByName: string | null;
	createdAt: number;
	uptoSeq: number;
	bytes: number;
	deletedAt: number | null;
}

export const TITLE_MAX = 120;
export const NOTE_MAX = 2000;

export interface NewSnapshot {
	boardId: string;
	kind: SnapshotKind;
	title: string;
	note?: string;
	meeting?: Meeting | null;
	isMinutes?: boolean;
	createdBy: string | null;
	/** The whole board as one Yjs update. */
	state: Uint8Array;
	uptoSeq: number;
}

/**
 * Stores an immutable version of a board; one transaction, so it is there completely or not at all. A large
 * board's row is megabytes, which better-sqlite3 would write on the event loop (40-180 ms for 1.5 MB): it is
 * written by the update log's thread instead (Database.writeOffLoop), after the edits queued before it.
 */
export async function create(database: Pick<Database, 'db' | 'writeOffLoop'>, input: NewSnapshot): Promise<SnapshotMeta> {
	const { db } = database;
	const meta: SnapshotMeta = {
		id: newId(),
		boardId: input.boardId,
		kind: input.kind,
		title: input.title,
		note: input.note ?? '',
		meeting: input.meeting ?? null,
		isMinutes: Boolean(input.isMinutes && input.meeting),
		createdBy: input.createdBy,
		createdByName: null,
		createdAt: Date.now(),
		uptoSeq: input.uptoSeq,
		bytes: input.state.byteLength,
		deletedAt: null
	};
	const statements = [
		db
			.insertInto('snapshots')
			.values({
				id: meta.id,
				board_id: meta.boardId,
				kind: meta.kind,
				title: meta.title,
				note: meta.note,
				meeting_title: meta.meeting?.title ?? null,
				meeting_date: meta.meeting?.date ?? null,
				is_minutes: meta.isMinutes ? 1 : 0,
				created_by: meta.createdBy,
				created_at: meta.createdAt,
				upto_seq: meta.uptoSeq,
				state: Buffer.from(input.state.buffer, input.state.byteOffset, input.state.byteLength),
				bytes: meta.bytes,
				deleted_at: null,
				deleted_by: null
			})
			.compile()
	];
	if (meta.kind === 'named') {
		statements.push(
			audit.recordQuery(db, {
				boardId: meta.boardId,
				userId: meta.createdBy,
				type: 'snapshot.created',
				detail: { snapshot: meta.id, title: meta.title }
			})
		);
	}
	await database.writeOffLoop(statements);
	return meta;
}

function baseQuery(db: Kysely<Schema>) {
	return db
		.selectFrom('snapshots')
		.leftJoin('users', 'users.id', 'snapshots.created_by')
		.select([
			'snapshots.id',
			'snapshots.board_id',
			'snapshots.kind',
			'snapshots.title',
			'snapshots.note',
			'snapshots.meeting_title',
			'snapshots.meeting_date',
			'snapshots.is_minutes',
			'snapshots.created_by',
			'users.display_name',
			'snapshots.created_at',
			'snapshots.upto_seq',
			'snapshots.bytes',
			'snapshots.deleted_at'
		]);
}

type MetaRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toMeta(row: MetaRow): SnapshotMeta {
	return {
		id: row.id,
		boardId: row.board_id,
		kind: row.kind,
		title: row.title,
		note: row.note,
		meeting: row.meeting_title && row.meeting_date ? { title: row.meeting_title, date: row.meeting_date } : null,
		isMinutes: row.is_minutes === 1,
		createdBy: row.created_by,
		createdByName: row.display_name,
		createdAt: row.created_at,
		uptoSeq: row.upto_seq,
		bytes: Number(row.bytes),
		deletedAt: row.deleted_at
	};
}

/** A board's versions, newest first; deleted named snapshots stay listed (as deleted) so the record is whole. */
export async function list(db: Kysely<Schema>, boardId: string): Promise<SnapshotMeta[]> {
	const rows = await baseQuery(db).where('snapshots.board_id', '=', boardId).orderBy('snapshots.created_at', 'desc').execute();
	return rows.map(toMeta);
}

/** One version of one board; an id from another board is as unknown as a made-up one. */
export async function get(db: Kysely<Schema>, boardId: string, id: string): Promise<{ meta: SnapshotMeta; state: Uint8Array } | null> {
	const row = await baseQuery(db)
		.select('snapshots.state')
		.where('snapshots.board_id', '=', boardId)
		.where('snapshots.id', '=', id)
		.where('snapshots.deleted_at', 'is', null)
		.executeTakeFirst();
	if (!row || !row.state) return null;
	return { meta: toMeta(row), state: new Uint8Array(row.state) };
}

/** Agreed and published minutes (signoff.ts) are immutable: no delete, no change of meeting. */
function notSignedOff(eb: ExpressionBuilder<Schema, 'snapshots'>) {
	return eb.not(
		eb.exists(
			eb
				.selectFrom('snapshot_signoffs')
				.select('snapshot_signoffs.snapshot_id')
				.whereRef('snapshot_signoffs.snapshot_id', '=', 'snapshots.id')
		)
	);
}

/** Deletes a version's content (not agreed minutes); the row stays as the record that it existed and who deleted it. */
export async function remove(db: Kysely<Schema>, boardId: string, id: string, byUserId: string): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('snapshots')
			.set({ state: null, deleted_at: Date.now(), deleted_by: byUserId, is_minutes: 0 })
			.where('board_id', '=', boardId)
			.where('id', '=', id)
			.where('deleted_at', 'is', null)
			.where(notSignedOff)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		await audit.record(trx, { boardId, userId: byUserId, type: 'snapshot.deleted', detail: { snapshot: id } });
		return true;
	});
}

/** Marks a named snapshot as the record of a meeting. */
export async function setMinutes(db: Kysely<Schema>, boardId: string, id: string, meeting: Meeting, byUserId: string): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('snapshots')
			.set({ meeting_title: meeting.title, meeting_date: meeting.date, is_minutes: 1 })
			.where('board_id', '=', boardId)
			.where('id', '=', id)
			.where('kind', '=', 'named')
			.where('deleted_at', 'is', null)
			.where(notSignedOff)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		await audit.record(trx, { boardId, userId: byUserId, type: 'snapshot.minuted', detail: { snapshot: id, meeting } });
		return true;
	});
}

export async function latestCheckpoint(db: Kysely<Schema>, boardId: string): Promise<{ createdAt: number; uptoSeq: number } | null> {
	const row = await db
		.selectFrom('snapshots')
		.select(['created_at', 'upto_seq'])
		.where('board_id', '=', boardId)
		.where('kind', '=', 'checkpoint')
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? { createdAt: row.created_at, uptoSeq: row.upto_seq } : null;
}

/** Applies the retention policy to a board's automatic checkpoints; returns how many were dropped. */
export async function thinCheckpoints(db: Kysely<Schema>, boardId: string, now = Date.now(), policy?: RetentionPolicy): Promise<number> {
	const rows = await db
		.selectFrom('snapshots')
		.select(['id', 'created_at'])
		.where('board_id', '=', boardId)
		.where('kind', '=', 'checkpoint')
		.execute();
	const drop = checkpointsToDrop(
		rows.map((row) => ({ id: row.id, createdAt: row.created_at })),
		now,
		policy
	);
	if (drop.length === 0) return 0;
	await db.deleteFrom('snapshots').where('board_id', '=', boardId).where('kind', '=', 'checkpoint').where('id', 'in', drop).execute();
	return drop.length;
}
