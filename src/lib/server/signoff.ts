import type { Kysely } from 'kysely';
import * as datetime from '../board/datetime.ts';
import type { Schema } from './db/schema.ts';
import * as audit from './audit.ts';

/**
 * Sign-off of the minutes: a minuted snapshot is a draft until the chair
 * agrees it (recording who attended, apologies and whether the meeting was
 * quorate), and can then be published. An agreed or published snapshot is
 * immutable: snapshot.ts refuses to delete it or change its meeting, and its
 * content was never editable. Every paper of it is stamped with its status.
 */

export type Status = 'draft' | 'agreed' | 'published';

export interface SignOff {
	snapshotId: string;
	status: Exclude<Status, 'draft'>;
	attendees: string[];
	apologies: string[];
	membersPresent: number;
	quorum: number;
	agreedBy: string;
	agreedByName: string | null;
	agreedAt: number;
	publishedByName: string | null;
	publishedAt: number | null;
}

export const NAMES_MAX = 60;
export const NAME_MAX = 120;
export const COUNT_MAX = 500;

export interface AgreeInput {
	attendees: string[];
	apologies: string[];
	membersPresent: number;
	quorum: number;
}

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

/** One name a line, blank lines dropped, duplicates kept once. */
function names(text: string): string[] {
	const lines = text.slice(0, NAMES_MAX * (NAME_MAX + 2) * 2).split(/\r\n|\r|\n/);
	return [...new Set(lines.map((line) => line.replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ').trim()).filter(Boolean))];
}

function count(text: string): number | null {
	return /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** Reads the chair's sign-off form: attendees and apologies one per line, two whole numbers. */
export function readAgreeForm(form: { attendees: string; apologies: string; membersPresent: string; quorum: string }): Read<AgreeInput> {
	const attendees = names(form.attendees);
	const apologies = names(form.apologies);
	const membersPresent = count(form.membersPresent);
	const quorum = count(form.quorum);
	if (attendees.length === 0) return { ok: false, message: 'List who attended, one name a line.' };
	if (attendees.length > NAMES_MAX || apologies.length > NAMES_MAX)
		return { ok: false, message: `At most ${NAMES_MAX} names in each list.` };
	if ([...attendees, ...apologies].some((name) => name.length > NAME_MAX))
		return { ok: false, message: `Each name must be at most ${NAME_MAX} characters.` };
	if (membersPresent === null || membersPresent > COUNT_MAX)
		return { ok: false, message: 'Give the number of board members present as a whole number.' };
	if (quorum === null || quorum < 1 || quorum > COUNT_MAX)
		return { ok: false, message: 'Give the quorum as a whole number of members, at least 1.' };
	return { ok: true, value: { attendees, apologies, membersPresent, quorum } };
}

function query(db: Kysely<Schema>) {
	return db
		.selectFrom('snapshot_signoffs as s')
		.leftJoin('users as a', 'a.id', 's.agreed_by')
		.leftJoin('users as p', 'p.id', 's.published_by')
		.select([
			's.snapshot_id',
			's.attendees',
			's.apologies',
			's.members_present',
			's.quorum',
			's.agreed_by',
			'a.display_name as agreed_by_name',
			's.agreed_at',
			'p.display_name as published_by_name',
			's.published_at'
		]);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

function toSignOff(row: Row): SignOff {
	return {
		snapshotId: row.snapshot_id,
		status: row.published_at === null ? 'agreed' : 'published',
		attendees: JSON.parse(row.attendees) as string[],
		apologies: JSON.parse(row.apologies) as string[],
		membersPresent: row.members_present,
		quorum: row.quorum,
		agreedBy: row.agreed_by,
		agreedByName: row.agreed_by_name,
		agreedAt: Number(row.agreed_at),
		publishedByName: row.published_by_name,
		publishedAt: row.published_at === null ? null : Number(row.published_at)
	};
}

export async function get(db: Kysely<Schema>, boardId: string, snapshotId: string): Promise<SignOff | null> {
	const row = await query(db).where('s.board_id', '=', boardId).where('s.snapshot_id', '=', snapshotId).executeTakeFirst();
	return row ? toSignOff(row) : null;
}

/** Every signed-off snapshot of a board, by snapshot id, for the history list. */
export async function forBoard(db: Kysely<Schema>, boardId: string): Promise<Map<string, SignOff>> {
	const rows = await query(db).where('s.board_id', '=', boardId).execute();
	return new Map(rows.map((row) => [row.snapshot_id, toSignOff(row)]));
}

export type AgreeResult = 'agreed' | 'not-found' | 'already';

/**
 * The chair agrees a minuted snapshot. Only a live (not deleted) named
 * snapshot marked as a meeting's minutes can be agreed, once.
 */
export async function agree(
	db: Kysely<Schema>,
	boardId: string,
	snapshotId: string,
	userId: string,
	input: AgreeInput,
	now = Date.now()
): Promise<AgreeResult> {
	return db.transaction().execute(async (trx) => {
		const target = await trx
			.selectFrom('snapshots')
			.select('id')
			.where('board_id', '=', boardId)
			.where('id', '=', snapshotId)
			.where('kind', '=', 'named')
			.where('is_minutes', '=', 1)
			.where('deleted_at', 'is', null)
			.executeTakeFirst();
		if (!target) return 'not-found';
		const inserted = await trx
			.insertInto('snapshot_signoffs')
			.values({
				snapshot_id: snapshotId,
				board_id: boardId,
				attendees: JSON.stringify(input.attendees),
				apologies: JSON.stringify(input.apologies),
				members_present: input.membersPresent,
				quorum: input.quorum,
				agreed_by: userId,
				agreed_at: now,
				published_by: null,
				published_at: null
			})
			.onConflict((c) => c.column('snapshot_id').doNothing())
			.executeTakeFirst();
		if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return 'already';
		await audit.record(trx, { boardId, userId, type: 'snapshot.agreed', detail: { snapshot: snapshotId, ...input } });
		return 'agreed';
	});
}

export type PublishResult = 'published' | 'not-agreed' | 'already';

export async function publish(
	db: Kysely<Schema>,
	boardId: string,
	snapshotId: string,
	userId: string,
	now = Date.now()
): Promise<PublishResult> {
	return db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('snapshot_signoffs')
			.select('published_at')
			.where('board_id', '=', boardId)
			.where('snapshot_id', '=', snapshotId)
			.executeTakeFirst();
		if (!current) return 'not-agreed';
		if (current.published_at !== null) return 'already';
		await trx
			.updateTable('snapshot_signoffs')
			.set({ published_by: userId, published_at: now })
			.where('snapshot_id', '=', snapshotId)
			.where('published_at', 'is', null)
			.execute();
		await audit.record(trx, { boardId, userId, type: 'snapshot.published', detail: { snapshot: snapshotId } });
		return 'published';
	});
}

export function status(signOff: SignOff | null | undefined): Status {
	return signOff?.status ?? 'draft';
}

/** "Quorate: 6 members present (quorum 5)." */
export function quorumText(signOff: Pick<SignOff, 'membersPresent' | 'quorum'>): string {
	const quorate = signOff.membersPresent >= signOff.quorum;
	return `${quorate ? 'Quorate' : 'Not quorate'}: ${signOff.membersPresent} board member${signOff.membersPresent === 1 ? '' : 's'} present (quorum ${signOff.quorum}).`;
}

/** What the papers of a version print as its stamp. */
export function stampOf(signOff: SignOff | null | undefined): { stamp: 'DRAFT' | 'AGREED' | 'PUBLISHED'; note: string } {
	if (!signOff) return { stamp: 'DRAFT', note: 'Not agreed by the board: figures may change.' };
	const agreed = `Agreed by ${signOff.agreedByName ?? 'a former member'} (chair) on ${datetime.formatDateTime(signOff.agreedAt)}`;
	if (signOff.publishedAt === null) return { stamp: 'AGREED', note: `${agreed}.` };
	return {
		stamp: 'PUBLISHED',
		note: `${agreed}; published by ${signOff.publishedByName ?? 'a former member'} on ${datetime.formatDateTime(signOff.publishedAt)}.`
	};
}
