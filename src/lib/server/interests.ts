import type { Kysely } from 'kysely';
import type { InterestEventsTable, InterestsTable, Schema } from './db/schema.ts';
import { newId } from './ids.ts';

/**
 * The register of declared interests. A member declares an interest (in a model, a scope row, or generally);
 * the chair records what follows. Every change is an attributed event, and the register at any moment (for
 * the minutes of a snapshot) is replayed from them, so nothing is ever overwritten.
 */

export type SubjectKind = InterestsTable['subject_kind'];
export type Outcome = NonNullable<InterestEventsTable['outcome']>;

export const SUBJECT_KINDS: readonly SubjectKind[] = ['model', 'scopeRow', 'general'];
export const OUTCOMES: readonly Outcome[] = ['maySpeak', 'mayNotScore', 'withdraws'];
export const OUTCOME_LABELS: Record<Outcome, string> = {
	maySpeak: 'May speak and score',
	mayNotScore: 'May speak, may not score',
	withdraws: 'Withdraws from the item'
};
export const TEXT_MAX = 500;

export interface InterestEvent {
	kind: InterestEventsTable['kind'];
	outcome: Outcome | null;
	note: string;
	byUserId: string;
	at: number;
}

export interface Interest {
	id: string;
	userId: string;
	subjectKind: SubjectKind;
	subjectId: string | null;
	text: string;
	declaredAt: number;
	/** The chair's latest outcome, or null while none is recorded. */
	outcome: Outcome | null;
	/** The member took the declaration back. */
	withdrawn: boolean;
	history: InterestEvent[];
}

export async function declare(
	db: Kysely<Schema>,
	input: { boardId: string; userId: string; subjectKind: SubjectKind; subjectId: string | null; text: string }
): Promise<string> {
	const id = newId();
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('interests')
			.values({
				id,
				board_id: input.boardId,
				user_id: input.userId,
				subject_kind: input.subjectKind,
				subject_id: input.subjectId,
				text: input.text,
				declared_at: now
			})
			.execute();
		await trx
			.insertInto('interest_events')
			.values({
				interest_id: id,
				board_id: input.boardId,
				user_id: input.userId,
				kind: 'declared',
				outcome: null,
				note: '',
				created_at: now
			})
			.execute();
	});
	return id;
}

/** Records the chair's outcome, or the declarer's withdrawal; false if the interest is not on this board. */
export async function record(
	db: Kysely<Schema>,
	input: { boardId: string; interestId: string; byUserId: string; kind: 'outcome' | 'withdrawn'; outcome: Outcome | null; note: string }
): Promise<boolean> {
	const found = await db
		.selectFrom('interests')
		.select('id')
		.where('id', '=', input.interestId)
		.where('board_id', '=', input.boardId)
		.executeTakeFirst();
	if (!found) return false;
	await db
		.insertInto('interest_events')
		.values({
			interest_id: input.interestId,
			board_id: input.boardId,
			user_id: input.byUserId,
			kind: input.kind,
			outcome: input.outcome,
			note: input.note,
			created_at: Date.now()
		})
		.execute();
	return true;
}

export async function get(db: Kysely<Schema>, boardId: string, interestId: string): Promise<Interest | null> {
	return (await register(db, boardId)).find((i) => i.id === interestId) ?? null;
}

/** The register as it stood at `asOf` (epoch ms; now by default), oldest declaration first. */
export async function register(db: Kysely<Schema>, boardId: string, asOf: number = Date.now()): Promise<Interest[]> {
	const rows = await db
		.selectFrom('interests')
		.selectAll()
		.where('board_id', '=', boardId)
		.where('declared_at', '<=', asOf)
		.orderBy('declared_at')
		.orderBy('id')
		.execute();
	const events = await db
		.selectFrom('interest_events')
		.selectAll()
		.where('board_id', '=', boardId)
		.where('created_at', '<=', asOf)
		.orderBy('id')
		.execute();
	return rows.map((row) => {
		const history = events
			.filter((e) => e.interest_id === row.id)
			.map((e) => ({ kind: e.kind, outcome: e.outcome, note: e.note, byUserId: e.user_id, at: e.created_at }));
		const outcomes = history.filter((e) => e.kind === 'outcome');
		return {
			id: row.id,
			userId: row.user_id,
			subjectKind: row.subject_kind,
			subjectId: row.subject_id,
			text: row.text,
			declaredAt: row.declared_at,
			outcome: outcomes[outcomes.length - 1]?.outcome ?? null,
			withdrawn: history.some((e) => e.kind === 'withdrawn'),
			history
		};
	});
}

/** Models each member may not score, from the register: an interest in a model whose outcome bars scoring. */
export function barredModels(interests: readonly Interest[]): Map<string, Set<string>> {
	const barred = new Map<string, Set<string>>();
	for (const i of interests) {
		if (i.withdrawn || i.subjectKind !== 'model' || !i.subjectId) continue;
		if (i.outcome !== 'mayNotScore' && i.outcome !== 'withdraws') continue;
		const set = barred.get(i.userId) ?? new Set<string>();
		set.add(i.subjectId);
		barred.set(i.userId, set);
	}
	return barred;
}
