import type { Kysely, Transaction } from 'kysely';
import type { BoardView } from '../board/read.ts';
import { isIsoDate } from '../board/values.ts';
import { ukIsoDay } from '../board/datetime.ts';
import {
	LIMITS,
	agendaPartsOf,
	currentItem,
	elapsedAt,
	encodePart,
	formatMinutes,
	partLabel,
	type AgendaItem,
	type AgendaPart,
	type AgendaState
} from '../meeting/agenda.ts';
import type { Schema } from './db/schema.ts';
import type { MinutedAgendaItem } from './papers/minutes.ts';
import { newId } from './ids.ts';

/**
 * The agenda the chair runs a meeting from, stored in SQL beside the decision
 * log (not in the board's document, so no member's raw websocket write can
 * touch it): items for a meeting date, and one clock per board. Every change
 * is a transaction that raises the clock's revision; routes check the role,
 * then announce the new state on the board's events channel.
 */

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

export interface ItemInput {
	title: string;
	minutes: number;
	parts: AgendaPart[];
}

type Db = Kysely<Schema> | Transaction<Schema>;

function clean(text: string, max: number): string {
	return text
		.slice(0, max * 2)
		.replace(/[\p{Cc}\p{Cf}]/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** A form's item, checked: a title, a whole number of minutes, and parts that exist on the live board. */
export function readItem(form: { title: string; minutes: string; parts: readonly string[] }, view: BoardView): Read<ItemInput> {
	const title = clean(form.title, LIMITS.title);
	if (!title) return { ok: false, message: 'Give the item a title.' };
	if (title.length > LIMITS.title) return { ok: false, message: `Keep the title within ${LIMITS.title} characters.` };
	const minutesText = form.minutes.trim();
	const minutes = /^\d{1,3}$/.test(minutesText) ? Number(minutesText) : NaN;
	if (!(minutes >= 1 && minutes <= LIMITS.minutes))
		return { ok: false, message: `Give the time allowed in whole minutes, 1 to ${LIMITS.minutes}.` };
	if (form.parts.length > LIMITS.parts) return { ok: false, message: `Link at most ${LIMITS.parts} parts of the board.` };
	const known = new Map(agendaPartsOf(view).map((p) => [encodePart(p.part), p.part]));
	const parts: AgendaPart[] = [];
	for (const text of new Set(form.parts)) {
		const part = known.get(text);
		if (!part) return { ok: false, message: 'One of the linked parts is no longer on the board; choose again.' };
		parts.push(part);
	}
	return { ok: true, value: { title, minutes, parts } };
}

function parseParts(json: string): AgendaPart[] {
	try {
		const parsed: unknown = JSON.parse(json);
		return Array.isArray(parsed) ? (parsed as AgendaPart[]) : [];
	} catch {
		return [];
	}
}

function toItem(row: Schema['agenda_items']): AgendaItem {
	return { id: row.id, title: row.title, minutes: Number(row.minutes), parts: parseParts(row.parts), spentMs: Number(row.spent_ms) };
}

async function clockRow(db: Db, boardId: string, now: number): Promise<Schema['agenda_clocks']> {
	const row = await db.selectFrom('agenda_clocks').selectAll().where('board_id', '=', boardId).executeTakeFirst();
	if (row) {
		return {
			...row,
			running_since: row.running_since === null ? null : Number(row.running_since),
			elapsed_ms: Number(row.elapsed_ms),
			revision: Number(row.revision),
			updated_at: Number(row.updated_at)
		};
	}
	// No agenda yet: today's meeting, nothing started.
	return {
		board_id: boardId,
		meeting_date: ukIsoDay(now),
		current_id: null,
		running_since: null,
		elapsed_ms: 0,
		revision: 0,
		updated_by: '',
		updated_at: now
	};
}

async function items(db: Db, boardId: string, meetingDate: string): Promise<AgendaItem[]> {
	const rows = await db
		.selectFrom('agenda_items')
		.selectAll()
		.where('board_id', '=', boardId)
		.where('meeting_date', '=', meetingDate)
		.orderBy('position')
		.orderBy('created_at')
		.execute();
	return rows.map(toItem);
}

async function read(db: Db, boardId: string, now: number): Promise<AgendaState> {
	const clock = await clockRow(db, boardId, now);
	return {
		meetingDate: clock.meeting_date,
		items: await items(db, boardId, clock.meeting_date),
		clock: { currentId: clock.current_id, runningSince: clock.running_since, elapsedMs: clock.elapsed_ms },
		revision: clock.revision,
		serverNow: now
	};
}

/** The agenda and clock as members see them. */
export function get(db: Kysely<Schema>, boardId: string, now = Date.now()): Promise<AgendaState> {
	return read(db, boardId, now);
}

/** The items of a past or present meeting, with the time each used, for its minutes. */
export async function forMeeting(db: Kysely<Schema>, boardId: string, meetingDate: string): Promise<AgendaItem[]> {
	return items(db, boardId, meetingDate);
}

/** A meeting's agenda in words for its minutes, parts named as they stand in the version minuted. */
export async function forMinutes(db: Kysely<Schema>, boardId: string, meetingDate: string, view: BoardView): Promise<MinutedAgendaItem[]> {
	return (await items(db, boardId, meetingDate)).map((item) => ({
		title: item.title,
		allowed: formatMinutes(item.minutes),
		taken: item.spentMs <= 0 ? '' : item.spentMs < 60_000 ? 'under 1 min' : formatMinutes(Math.round(item.spentMs / 60_000)),
		parts: item.parts.map((part) => partLabel(part, view))
	}));
}

/** Runs a change to the agenda in one transaction, then raises the revision and returns the new state. */
async function change(
	db: Kysely<Schema>,
	boardId: string,
	userId: string,
	now: number,
	apply: (trx: Transaction<Schema>, clock: Schema['agenda_clocks']) => Promise<Partial<Schema['agenda_clocks']> | void>
): Promise<AgendaState> {
	return db.transaction().execute(async (trx) => {
		const clock = await clockRow(trx, boardId, now);
		const next = { ...clock, ...((await apply(trx, clock)) ?? {}), revision: clock.revision + 1, updated_by: userId, updated_at: now };
		await trx
			.insertInto('agenda_clocks')
			.values(next)
			.onConflict((oc) => oc.column('board_id').doUpdateSet({ ...next }))
			.execute();
		return read(trx, boardId, now);
	});
}

const PAUSED_AT_START = { current_id: null, running_since: null, elapsed_ms: 0 } as const;

/** Moves the agenda to another meeting date; the clock starts again from the top. */
export function setMeetingDate(
	db: Kysely<Schema>,
	boardId: string,
	userId: string,
	date: string,
	now = Date.now()
): Promise<AgendaState> | null {
	if (!isIsoDate(date)) return null;
	return change(db, boardId, userId, now, async () => ({ meeting_date: date, ...PAUSED_AT_START }));
}

export function addItem(
	db: Kysely<Schema>,
	boardId: string,
	userId: string,
	input: ItemInput,
	now = Date.now()
): Promise<AgendaState | 'full'> {
	return change(db, boardId, userId, now, async (trx, clock) => {
		const existing = await items(trx, boardId, clock.meeting_date);
		if (existing.length >= LIMITS.items) throw new AgendaFull();
		const last = await trx
			.selectFrom('agenda_items')
			.select(({ fn }) => fn.max('position').as('p'))
			.where('board_id', '=', boardId)
			.where('meeting_date', '=', clock.meeting_date)
			.executeTakeFirst();
		await trx
			.insertInto('agenda_items')
			.values({
				id: newId(),
				board_id: boardId,
				meeting_date: clock.meeting_date,
				position: Number(last?.p ?? 0) + 1,
				title: input.title,
				minutes: input.minutes,
				parts: JSON.stringify(input.parts),
				spent_ms: 0,
				created_by: userId,
				created_at: now
			})
			.execute();
	}).catch((error: unknown) => {
		if (error instanceof AgendaFull) return 'full' as const;
		throw error;
	});
}

class AgendaFull extends Error {}

/** The item of this board's current meeting, or undefined. */
async function findItem(trx: Db, boardId: string, meetingDate: string, itemId: string): Promise<AgendaItem | undefined> {
	return (await items(trx, boardId, meetingDate)).find((item) => item.id === itemId);
}

export async function updateItem(
	db: Kysely<Schema>,
	boardId: string,
	userId: string,
	itemId: string,
	input: ItemInput,
	now = Date.now()
): Promise<AgendaState | null> {
	let found = false;
	const state = await change(db, boardId, userId, now, async (trx, clock) => {
		if (!(await findItem(trx, boardId, clock.meeting_date, itemId))) return;
		found = true;
		await trx
			.updateTable('agenda_items')
			.set({ title: input.title, minutes: input.minutes, parts: JSON.stringify(input.parts) })
			.where('id', '=', itemId)
			.execute();
	});
	return found ? state : null;
}

export async function removeItem(
	db: Kysely<Schema>,
	boardId: string,
	userId: string,
	itemId: string,
	now = Date.now()
): Promise<AgendaState | null> {
	let found = false;
	const state = await change(db, boardId, userId, now, async (trx, clock) => {
		if (!(await findItem(trx, boardId, clock.meeting_date, itemId))) return;
		found = true;
		await trx.deleteFrom('agenda_items').where('id', '=', itemId).execute();
		// Removing the item under discussion stops the clock rather than jumping to another item unasked.
		if (clock.current_id === itemId) return PAUSED_AT_START;
	});
	return found ? state : null;
}

/** Swaps an item with its neighbour above (-1) or below (+1). */
export async function moveItem(
	db: Kysely<Schema>,
	boardId: string,
	userId: string,
	itemId: string,
	by: -1 | 1,
	now = Date.now()
): Promise<AgendaState | null> {
	let found = false;
	const state = await change(db, boardId, userId, now, async (trx, clock) => {
		const list = await items(trx, boardId, clock.meeting_date);
		const index = list.findIndex((item) => item.id === itemId);
		if (index < 0) return;
		found = true;
		const order = list.map((item) => item.id);
		const target = index + by;
		if (target < 0 || target >= order.length) return;
		[order[index], order[target]] = [order[target]!, order[index]!];
		for (const [position, id] of order.entries())
			await trx
				.updateTable('agenda_items')
				.set({ position: position + 1 })
				.where('id', '=', id)
				.execute();
	});
	return found ? state : null;
}

/** Starts (or resumes) the clock; before the meeting has begun, on the first item. */
export function start(db: Kysely<Schema>, boardId: string, userId: string, now = Date.now()): Promise<AgendaState> {
	return change(db, boardId, userId, now, async (trx, clock) => {
		if (clock.running_since !== null) return;
		if (clock.current_id) return { running_since: now };
		const first = (await items(trx, boardId, clock.meeting_date))[0];
		return first ? { current_id: first.id, elapsed_ms: first.spentMs, running_since: now } : undefined;
	});
}

export function pause(db: Kysely<Schema>, boardId: string, userId: string, now = Date.now()): Promise<AgendaState> {
	return change(db, boardId, userId, now, async (_trx, clock) => {
		if (clock.running_since === null) return;
		return {
			running_since: null,
			elapsed_ms: elapsedAt({ currentId: clock.current_id, runningSince: clock.running_since, elapsedMs: clock.elapsed_ms }, now)
		};
	});
}

/**
 * Moves the meeting on to `itemId` (null: the end of the agenda). The item left
 * keeps the time it used, so going back to it carries on its countdown; a
 * running clock keeps running on the new item.
 */
export async function goTo(
	db: Kysely<Schema>,
	boardId: string,
	userId: string,
	itemId: string | null,
	now = Date.now()
): Promise<AgendaState | null> {
	let found = true;
	const state = await change(db, boardId, userId, now, async (trx, clock) => {
		const list = await items(trx, boardId, clock.meeting_date);
		const target = itemId === null ? null : list.find((item) => item.id === itemId);
		if (target === undefined) {
			found = false;
			return;
		}
		const leaving = currentItem({ items: list, clock: { currentId: clock.current_id, runningSince: null, elapsedMs: 0 } });
		if (leaving) {
			const used = elapsedAt({ currentId: clock.current_id, runningSince: clock.running_since, elapsedMs: clock.elapsed_ms }, now);
			await trx.updateTable('agenda_items').set({ spent_ms: used }).where('id', '=', leaving.id).execute();
		}
		if (target === null) return PAUSED_AT_START;
		return { current_id: target.id, elapsed_ms: target.spentMs, running_since: clock.running_since === null ? null : now };
	});
	return found ? state : null;
}
