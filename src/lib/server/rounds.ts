import type { Kysely } from 'kysely';
import type { Schema, ScoringRoundsTable } from './db/schema.ts';
import { newId } from './ids.ts';

/**
 * Independent scoring rounds. A member's private scores live only in round_scores and leave the server only
 * to their owner until the chair reveals the round: no function here returns another member's scores for a
 * round that is not revealed, so every route that reads rounds goes through `view`.
 */

export interface Cell {
	modelId: string;
	criterionId: string;
}

export type RoundStatus = 'open' | 'closed' | 'revealed';

export interface Round {
	id: string;
	boardId: string;
	title: string;
	cells: Cell[];
	anonymous: boolean;
	openedBy: string;
	openedAt: number;
	deadlineAt: number | null;
	closedAt: number | null;
	revealedAt: number | null;
}

export interface PrivateScore extends Cell {
	score: number;
	rationale: string;
	updatedAt: number;
}

export interface RevealedScore extends Cell {
	/** null when the round is anonymous. */
	userId: string | null;
	score: number;
	rationale: string;
	/** The member may not score this model (a declared interest): shown, but left out of the spread. */
	excluded: boolean;
}

export interface Agreed extends Cell {
	score: number;
	rationale: string;
	agreedBy: string;
	agreedAt: number;
}

export interface RoundView extends Omit<Round, 'boardId'> {
	status: RoundStatus;
	/** Who has said they are finished (never what they scored). */
	finished: string[];
	/** Who has entered at least one score (never what). */
	started: string[];
	/** The viewer's own private scores. */
	mine: PrivateScore[];
	/** Every score, once revealed; null before. */
	revealed: RevealedScore[] | null;
	agreed: Agreed[];
}

export const TITLE_MAX = 120;
export const RATIONALE_MAX = 2000;
export const CELLS_MAX = 2000;

function fromRow(row: ScoringRoundsTable): Round {
	return {
		id: row.id,
		boardId: row.board_id,
		title: row.title,
		cells: JSON.parse(row.cells) as Cell[],
		anonymous: row.anonymous === 1,
		openedBy: row.opened_by,
		openedAt: row.opened_at,
		deadlineAt: row.deadline_at,
		closedAt: row.closed_at,
		revealedAt: row.revealed_at
	};
}

export function statusOf(round: Round, now: number = Date.now()): RoundStatus {
	if (round.revealedAt !== null) return 'revealed';
	if (round.closedAt !== null || (round.deadlineAt !== null && now >= round.deadlineAt)) return 'closed';
	return 'open';
}

export function hasCell(round: Round, cell: Cell): boolean {
	return round.cells.some((c) => c.modelId === cell.modelId && c.criterionId === cell.criterionId);
}

export async function open(
	db: Kysely<Schema>,
	input: { boardId: string; title: string; cells: Cell[]; anonymous: boolean; deadlineAt: number | null; openedBy: string }
): Promise<Round> {
	const round: Round = {
		id: newId(),
		boardId: input.boardId,
		title: input.title,
		cells: input.cells,
		anonymous: input.anonymous,
		openedBy: input.openedBy,
		openedAt: Date.now(),
		deadlineAt: input.deadlineAt,
		closedAt: null,
		revealedAt: null
	};
	await db
		.insertInto('scoring_rounds')
		.values({
			id: round.id,
			board_id: round.boardId,
			title: round.title,
			cells: JSON.stringify(round.cells),
			anonymous: round.anonymous ? 1 : 0,
			opened_by: round.openedBy,
			opened_at: round.openedAt,
			deadline_at: round.deadlineAt,
			closed_at: null,
			revealed_at: null
		})
		.execute();
	return round;
}

export async function get(db: Kysely<Schema>, boardId: string, roundId: string): Promise<Round | null> {
	const row = await db
		.selectFrom('scoring_rounds')
		.selectAll()
		.where('id', '=', roundId)
		.where('board_id', '=', boardId)
		.executeTakeFirst();
	return row ? fromRow(row) : null;
}

export async function list(db: Kysely<Schema>, boardId: string): Promise<Round[]> {
	const rows = await db.selectFrom('scoring_rounds').selectAll().where('board_id', '=', boardId).orderBy('opened_at', 'desc').execute();
	return rows.map(fromRow);
}

/** Enters, changes or (score null) clears the member's private score on one cell. */
export async function setScore(
	db: Kysely<Schema>,
	input: Cell & { roundId: string; userId: string; score: number | null; rationale: string }
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.deleteFrom('round_scores')
			.where('round_id', '=', input.roundId)
			.where('user_id', '=', input.userId)
			.where('model_id', '=', input.modelId)
			.where('criterion_id', '=', input.criterionId)
			.execute();
		if (input.score === null) return;
		await trx
			.insertInto('round_scores')
			.values({
				round_id: input.roundId,
				user_id: input.userId,
				model_id: input.modelId,
				criterion_id: input.criterionId,
				score: input.score,
				rationale: input.rationale,
				updated_at: Date.now()
			})
			.execute();
	});
}

/** Whether the member has entered any score in the round (never which). */
export async function hasStarted(db: Kysely<Schema>, roundId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('round_scores')
		.select('user_id')
		.where('round_id', '=', roundId)
		.where('user_id', '=', userId)
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}

export async function setFinished(db: Kysely<Schema>, roundId: string, userId: string, finished: boolean): Promise<void> {
	await db.deleteFrom('round_finished').where('round_id', '=', roundId).where('user_id', '=', userId).execute();
	if (finished) await db.insertInto('round_finished').values({ round_id: roundId, user_id: userId, finished_at: Date.now() }).execute();
}

export async function close(db: Kysely<Schema>, roundId: string): Promise<void> {
	await db.updateTable('scoring_rounds').set({ closed_at: Date.now() }).where('id', '=', roundId).where('closed_at', 'is', null).execute();
}

export async function reveal(db: Kysely<Schema>, roundId: string, anonymous: boolean): Promise<void> {
	const now = Date.now();
	await db.updateTable('scoring_rounds').set({ closed_at: now }).where('id', '=', roundId).where('closed_at', 'is', null).execute();
	await db
		.updateTable('scoring_rounds')
		.set({ revealed_at: now, anonymous: anonymous ? 1 : 0 })
		.where('id', '=', roundId)
		.execute();
}

export async function agree(
	db: Kysely<Schema>,
	input: Cell & { roundId: string; score: number; rationale: string; agreedBy: string }
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.deleteFrom('round_consensus')
			.where('round_id', '=', input.roundId)
			.where('model_id', '=', input.modelId)
			.where('criterion_id', '=', input.criterionId)
			.execute();
		await trx
			.insertInto('round_consensus')
			.values({
				round_id: input.roundId,
				model_id: input.modelId,
				criterion_id: input.criterionId,
				score: input.score,
				rationale: input.rationale,
				agreed_by: input.agreedBy,
				agreed_at: Date.now()
			})
			.execute();
	});
}

/**
 * What `viewerId` may see of a round: who has started and finished, their own scores, and everyone's only
 * once revealed. `barred` maps each member to the models a declared interest bars them from scoring.
 */
export async function view(
	db: Kysely<Schema>,
	round: Round,
	viewerId: string,
	barred: ReadonlyMap<string, ReadonlySet<string>>
): Promise<RoundView> {
	const status = statusOf(round);
	const finished = await db
		.selectFrom('round_finished')
		.select('user_id')
		.where('round_id', '=', round.id)
		.orderBy('finished_at')
		.execute();
	const started = await db.selectFrom('round_scores').select('user_id').distinct().where('round_id', '=', round.id).execute();
	const mine = await db.selectFrom('round_scores').selectAll().where('round_id', '=', round.id).where('user_id', '=', viewerId).execute();
	let revealed: RevealedScore[] | null = null;
	if (status === 'revealed') {
		const all = await db.selectFrom('round_scores').selectAll().where('round_id', '=', round.id).orderBy('user_id').execute();
		revealed = all.map((s) => ({
			modelId: s.model_id,
			criterionId: s.criterion_id,
			userId: round.anonymous ? null : s.user_id,
			score: s.score,
			rationale: s.rationale,
			excluded: barred.get(s.user_id)?.has(s.model_id) ?? false
		}));
		// Anonymous scores are listed in no member's order, so position gives nobody away.
		if (round.anonymous) revealed.sort((a, b) => a.score - b.score || a.rationale.localeCompare(b.rationale));
	}
	const agreed = await db.selectFrom('round_consensus').selectAll().where('round_id', '=', round.id).execute();
	return {
		id: round.id,
		title: round.title,
		cells: round.cells,
		anonymous: round.anonymous,
		openedBy: round.openedBy,
		openedAt: round.openedAt,
		deadlineAt: round.deadlineAt,
		closedAt: round.closedAt,
		revealedAt: round.revealedAt,
		status,
		finished: finished.map((f) => f.user_id),
		started: started.map((s) => s.user_id),
		mine: mine.map((s) => ({
			modelId: s.model_id,
			criterionId: s.criterion_id,
			score: s.score,
			rationale: s.rationale,
			updatedAt: s.updated_at
		})),
		revealed,
		agreed: agreed.map((a) => ({
			modelId: a.model_id,
			criterionId: a.criterion_id,
			score: a.score,
			rationale: a.rationale,
			agreedBy: a.agreed_by,
			agreedAt: a.agreed_at
		}))
	};
}
