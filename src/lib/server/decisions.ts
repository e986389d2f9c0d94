import type { Kysely } from 'kysely';
import * as values from '../board/values.ts';
import * as datetime from '../board/datetime.ts';
import * as format from '../board/format.ts';
import type { BoardView } from '../board/read.ts';
import type { MinutedAction, MinutedDecision } from './papers/minutes.ts';
import type { Schema } from './db/schema.ts';
import * as audit from './audit.ts';
import { newId } from './ids.ts';

/**
 * The board's record of what it decided and what it asked people to do:
 * numbered decisions (resolution, rationale, the board parts concerned,
 * proposer and seconder, consensus or a vote with its counts, the agenda
 * item, the snapshot taken with it) and actions (owner, due date, status,
 * linked to a decision or a board part). Decisions are never edited: a
 * board corrects one by recording another.
 */

export type PartKind = 'service' | 'model' | 'criterion';
export interface PartRef {
	kind: PartKind;
	id: string;
}

export type Method = 'consensus' | 'vote';
export const ACTION_STATUSES = ['open', 'in-progress', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: 'Open', 'in-progress': 'In progress', done: 'Done' };

export const LIMITS = { resolution: 2000, rationale: 4000, agendaItem: 200, name: 120, description: 1000, parts: 50, votes: 1000 } as const;

export interface Decision {
	id: string;
	number: number;
	meetingDate: string;
	agendaItem: string;
	resolution: string;
	rationale: string;
	parts: PartRef[];
	proposer: string;
	seconder: string;
	method: Method;
	votes: { for: number; against: number; abstentions: number } | null;
	snapshotId: string | null;
	createdBy: string;
	createdAt: number;
}

export interface Action {
	id: string;
	decisionId: string | null;
	part: PartRef | null;
	description: string;
	owner: string;
	dueDate: string;
	status: ActionStatus;
	createdAt: number;
	updatedAt: number;
}

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

function clean(text: string, max: number, multiline = false): string {
	const tidy = text.slice(0, max * 2).replace(/[\p{Cc}\p{Cf}]/gu, (c) => (multiline && c === '\n' ? c : ' '));
	return tidy.replace(/\r\n?/g, '\n').trim();
}

/** The parts of the board a decision or action names: each must exist on the board now. */
export function partsOf(view: BoardView): { ref: PartRef; label: string }[] {
	const service = view.scope.columns.find((c) => c.role === 'service') ?? view.scope.columns[0];
	return [
		...view.scope.rows.map((r) => ({
			ref: { kind: 'service' as const, id: r.id },
			label: `Service: ${String((service && r.cells[service.id]) ?? 'Unnamed service')}`
		})),
		...view.models.rows.map((m) => ({ ref: { kind: 'model' as const, id: m.id }, label: `Model: ${m.name || 'Unnamed model'}` })),
		...view.models.criteria.map((c) => ({
			ref: { kind: 'criterion' as const, id: c.id },
			label: `Criterion: ${c.name || 'Unnamed criterion'}`
		}))
	];
}

/** `service:svc-adoption` as sent by a form. */
export function encodePart(ref: PartRef): string {
	return `${ref.kind}:${ref.id}`;
}

function decodePart(text: string, view: BoardView): PartRef | null {
	const known = partsOf(view).find((p) => encodePart(p.ref) === text);
	return known ? known.ref : null;
}

/** The name of a part in a given version of the board, or a note that it is no longer there. */
export function partLabel(ref: PartRef, view: BoardView): string {
	return partsOf(view).find((p) => p.ref.kind === ref.kind && p.ref.id === ref.id)?.label ?? `A ${ref.kind} since removed from the board`;
}

function count(text: string): number | null {
	return /^\d{1,4}$/.test(text.trim()) && Number(text) <= LIMITS.votes ? Number(text.trim()) : null;
}

export interface DecisionForm {
	meetingDate: string;
	agendaItem: string;
	resolution: string;
	rationale: string;
	parts: string[];
	proposer: string;
	seconder: string;
	method: string;
	votesFor: string;
	votesAgainst: string;
	abstentions: string;
}

export type DecisionInput = Omit<Decision, 'id' | 'number' | 'snapshotId' | 'createdBy' | 'createdAt'>;

export function readDecision(form: DecisionForm, view: BoardView): Read<DecisionInput> {
	const resolution = clean(form.resolution, LIMITS.resolution, true);
	const rationale = clean(form.rationale, LIMITS.rationale, true);
	const agendaItem = clean(form.agendaItem, LIMITS.agendaItem);
	const proposer = clean(form.proposer, LIMITS.name);
	const seconder = clean(form.seconder, LIMITS.name);
	if (!values.isIsoDate(form.meetingDate.trim())) return { ok: false, message: 'Give the date of the meeting.' };
	if (!resolution) return { ok: false, message: 'Write the resolution: what the board decided.' };
	if (resolution.length > LIMITS.resolution) return { ok: false, message: `Keep the resolution under ${LIMITS.resolution} characters.` };
	if (rationale.length > LIMITS.rationale) return { ok: false, message: `Keep the rationale under ${LIMITS.rationale} characters.` };
	if (agendaItem.length > LIMITS.agendaItem) return { ok: false, message: `Keep the agenda item under ${LIMITS.agendaItem} characters.` };
	if (proposer.length > LIMITS.name || seconder.length > LIMITS.name)
		return { ok: false, message: `Keep names under ${LIMITS.name} characters.` };
	if (form.parts.length > LIMITS.parts) return { ok: false, message: `Link at most ${LIMITS.parts} parts of the board.` };
	const parts: PartRef[] = [];
	for (const text of new Set(form.parts)) {
		const ref = decodePart(text, view);
		if (!ref) return { ok: false, message: 'A linked part is no longer on the board; choose again.' };
		parts.push(ref);
	}
	if (form.method !== 'consensus' && form.method !== 'vote')
		return { ok: false, message: 'Say how the decision was reached: by consensus or by a vote.' };
	let votes: DecisionInput['votes'] = null;
	if (form.method === 'vote') {
		const [f, a, x] = [count(form.votesFor), count(form.votesAgainst), count(form.abstentions || '0')];
		if (f === null || a === null || x === null)
			return { ok: false, message: 'Give the votes for, against and abstentions as whole numbers.' };
		if (f <= a)
			return {
				ok: false,
				message: 'A motion carried by vote needs more votes for than against; record a lost motion in the minutes text instead.'
			};
		votes = { for: f, against: a, abstentions: x };
	}
	return {
		ok: true,
		value: {
			meetingDate: form.meetingDate.trim(),
			agendaItem,
			resolution,
			rationale,
			parts,
			proposer,
			seconder,
			method: form.method,
			votes
		}
	};
}

export interface ActionForm {
	description: string;
	owner: string;
	dueDate: string;
	link: string;
}

export type ActionInput = Pick<Action, 'description' | 'owner' | 'dueDate' | 'decisionId' | 'part'>;

/** `link` is `decision:<id>`, a part (`service:<id>`…) or empty. Decision ids are checked when stored. */
export function readAction(form: ActionForm, view: BoardView): Read<ActionInput> {
	const description = clean(form.description, LIMITS.description, true);
	const owner = clean(form.owner, LIMITS.name);
	if (!description) return { ok: false, message: 'Say what is to be done.' };
	if (description.length > LIMITS.description) return { ok: false, message: `Keep the action under ${LIMITS.description} characters.` };
	if (!owner) return { ok: false, message: 'Name who owns the action.' };
	if (owner.length > LIMITS.name) return { ok: false, message: `Keep the owner under ${LIMITS.name} characters.` };
	if (!values.isIsoDate(form.dueDate.trim())) return { ok: false, message: 'Give a due date.' };
	const link = form.link.trim();
	let decisionId: string | null = null;
	let part: PartRef | null = null;
	if (link.startsWith('decision:')) decisionId = link.slice('decision:'.length);
	else if (link) {
		part = decodePart(link, view);
		if (!part) return { ok: false, message: 'The linked part is no longer on the board; choose again.' };
	}
	return { ok: true, value: { description, owner, dueDate: form.dueDate.trim(), decisionId, part } };
}

type DecisionRow = Schema['decisions'];

function toDecision(row: DecisionRow): Decision {
	return {
		id: row.id,
		number: row.number,
		meetingDate: row.meeting_date,
		agendaItem: row.agenda_item,
		resolution: row.resolution,
		rationale: row.rationale,
		parts: JSON.parse(row.parts) as PartRef[],
		proposer: row.proposer,
		seconder: row.seconder,
		method: row.method,
		votes: row.method === 'vote' ? { for: row.votes_for ?? 0, against: row.votes_against ?? 0, abstentions: row.abstentions ?? 0 } : null,
		snapshotId: row.snapshot_id,
		createdBy: row.created_by,
		createdAt: Number(row.created_at)
	};
}

function toAction(row: Schema['actions']): Action {
	return {
		id: row.id,
		decisionId: row.decision_id,
		part: row.part ? (JSON.parse(row.part) as PartRef) : null,
		description: row.description,
		owner: row.owner,
		dueDate: row.due_date,
		status: row.status,
		createdAt: Number(row.created_at),
		updatedAt: Number(row.updated_at)
	};
}

/** Records a decision with the next number on its board (retried once if two are recorded at the same moment). */
export async function record(
	db: Kysely<Schema>,
	boardId: string,
	userId: string,
	input: DecisionInput,
	snapshotId: string | null,
	now = Date.now()
): Promise<Decision> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await db.transaction().execute(async (trx) => {
				const last = await trx
					.selectFrom('decisions')
					.select(({ fn }) => fn.max('number').as('n'))
					.where('board_id', '=', boardId)
					.executeTakeFirst();
				const row: DecisionRow = {
					id: newId(),
					board_id: boardId,
					number: Number(last?.n ?? 0) + 1,
					meeting_date: input.meetingDate,
					agenda_item: input.agendaItem,
					resolution: input.resolution,
					rationale: input.rationale,
					parts: JSON.stringify(input.parts),
					proposer: input.proposer,
					seconder: input.seconder,
					method: input.method,
					votes_for: input.votes?.for ?? null,
					votes_against: input.votes?.against ?? null,
					abstentions: input.votes?.abstentions ?? null,
					snapshot_id: snapshotId,
					created_by: userId,
					created_at: now
				};
				await trx.insertInto('decisions').values(row).execute();
				await audit.record(trx, { boardId, userId, type: 'decision.recorded', detail: { decision: row.id, number: row.number } });
				return toDecision(row);
			});
		} catch (error) {
			if (attempt > 0) throw error;
		}
	}
}

export async function list(db: Kysely<Schema>, boardId: string): Promise<Decision[]> {
	const rows = await db.selectFrom('decisions').selectAll().where('board_id', '=', boardId).orderBy('number').execute();
	return rows.map(toDecision);
}

/** Adds an action; null if it names a decision that is not this board's. */
export async function addAction(
	db: Kysely<Schema>,
	boardId: string,
	userId: string,
	input: ActionInput,
	now = Date.now()
): Promise<Action | null> {
	return db.transaction().execute(async (trx) => {
		if (input.decisionId) {
			const found = await trx
				.selectFrom('decisions')
				.select('id')
				.where('board_id', '=', boardId)
				.where('id', '=', input.decisionId)
				.executeTakeFirst();
			if (!found) return null;
		}
		const row: Schema['actions'] = {
			id: newId(),
			board_id: boardId,
			decision_id: input.decisionId,
			part: input.part ? JSON.stringify(input.part) : null,
			description: input.description,
			owner: input.owner,
			due_date: input.dueDate,
			status: 'open',
			created_by: userId,
			created_at: now,
			updated_at: now
		};
		await trx.insertInto('actions').values(row).execute();
		await audit.record(trx, { boardId, userId, type: 'action.created', detail: { action: row.id } });
		return toAction(row);
	});
}

export async function setActionStatus(
	db: Kysely<Schema>,
	boardId: string,
	actionId: string,
	status: ActionStatus,
	userId: string,
	now = Date.now()
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('actions')
			.set({ status, updated_at: now })
			.where('board_id', '=', boardId)
			.where('id', '=', actionId)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		await audit.record(trx, { boardId, userId, type: 'action.status_changed', detail: { action: actionId, status } });
		return true;
	});
}

export async function actions(db: Kysely<Schema>, boardId: string): Promise<Action[]> {
	const rows = await db
		.selectFrom('actions')
		.selectAll()
		.where('board_id', '=', boardId)
		.orderBy('due_date')
		.orderBy('created_at')
		.execute();
	return rows.map(toAction);
}

export function isActionStatus(value: unknown): value is ActionStatus {
	return typeof value === 'string' && (ACTION_STATUSES as readonly string[]).includes(value);
}

/** "Carried by vote: 5 for, 1 against, 2 abstentions" or "Agreed by consensus". */
export function howReached(decision: Pick<Decision, 'method' | 'votes'>): string {
	if (decision.method === 'consensus' || !decision.votes) return 'Agreed by consensus';
	const { for: f, against, abstentions } = decision.votes;
	return `Carried by vote: ${f} for, ${against} against, ${abstentions} abstention${abstentions === 1 ? '' : 's'}`;
}

/**
 * The decisions and actions a meeting's minutes carry, in words: decisions
 * recorded for that meeting date, and the actions arising from them or
 * recorded on that UK day. Part names are read from `view`, the version
 * being minuted.
 */
export async function forMinutes(
	db: Kysely<Schema>,
	boardId: string,
	meetingDate: string,
	view: BoardView,
	snapshotTitles: ReadonlyMap<string, string>
): Promise<{ decisions: MinutedDecision[]; actions: MinutedAction[] }> {
	const all = await list(db, boardId);
	const made = all.filter((d) => d.meetingDate === meetingDate);
	const numbers = new Map(all.map((d) => [d.id, `D${d.number}`]));
	const ids = new Set(made.map((d) => d.id));
	const arising = (await actions(db, boardId)).filter(
		(a) => (a.decisionId && ids.has(a.decisionId)) || datetime.ukIsoDay(a.createdAt) === meetingDate
	);
	return {
		decisions: made.map((d) => ({
			number: `D${d.number}`,
			agendaItem: d.agendaItem,
			resolution: d.resolution,
			rationale: d.rationale,
			parts: d.parts.map((p) => partLabel(p, view)),
			proposer: d.proposer,
			seconder: d.seconder,
			how: howReached(d),
			snapshot: d.snapshotId ? (snapshotTitles.get(d.snapshotId) ?? '') : ''
		})),
		actions: arising.map((a) => ({
			description: a.description,
			owner: a.owner,
			due: format.formatDate(a.dueDate),
			status: ACTION_STATUS_LABELS[a.status],
			linkedTo: a.decisionId ? (numbers.get(a.decisionId) ?? '') : a.part ? partLabel(a.part, view) : ''
		}))
	};
}
