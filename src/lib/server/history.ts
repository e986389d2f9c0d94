import type { Kysely } from 'kysely';
import * as boardIds from '../board/ids.ts';
import * as datetime from '../board/datetime.ts';
import * as locks from '../board/locks.ts';
import type { DiffLine } from '../board/diff.ts';
import type { MemberRef } from '../board/values.ts';
import type { Grid } from '../board/schema.ts';
import { authorName, replay, type LoggedChange } from './changes.ts';
import type { Schema } from './db/schema.ts';
import type { DocStore } from './doc-store.ts';

/**
 * A cell's edit history and the board's activity feed, as a spreadsheet shows them: who, when (UK time),
 * what, from what to what. Both read the one replay of the update log in changes.ts.
 */

export interface HistoryEntry {
	/** The logged update's sequence number: the activity feed pages by it. */
	readonly seq: number;
	/** Milliseconds since the epoch. */
	readonly at: number;
	/** UK local time, e.g. "7 Dec 2026, 14:05 GMT". */
	readonly when: string;
	readonly by: string;
	readonly grid: DiffLine['grid'];
	readonly change: string;
	readonly row: string;
	readonly column: string;
	readonly from: string;
	readonly to: string;
}

export type HistoryResult = { ok: true; entries: HistoryEntry[] } | { ok: false; message: string };

export interface CellRef {
	readonly grid: Grid;
	readonly rowId: string;
	readonly colId: string;
}

/** The models grid's own columns (not criteria), by the diff lines that concern them. */
const MODEL_COLUMNS: Readonly<Record<string, (modelId: string) => (line: DiffLine) => boolean>> = {
	'@name': (m) => (l) => l.path === `models/${m}/name`,
	'@status': (m) => (l) =>
		l.path === `models/${m}/status` || l.path === `models/${m}/statusReason` || (isResult(l, m) && l.column === 'Status'),
	'@total': (m) => (l) => isResult(l, m) && l.column === 'Weighted total',
	'@percent': (m) => (l) => isResult(l, m) && l.column === '% of maximum',
	'@rank': (m) => (l) => isResult(l, m) && l.column === 'Rank'
};

function isResult(line: DiffLine, modelId: string): boolean {
	return line.change === 'Result moved' && line.path === `models/${modelId}/scores`;
}

/** Reads a cell reference from a query string, or null when any part is missing or not of our shape. */
export function parseCellRef(params: URLSearchParams): CellRef | null {
	const grid = params.get('grid');
	const rowId = params.get('row');
	const colId = params.get('col');
	if ((grid !== 'scope' && grid !== 'models') || !boardIds.isId(rowId)) return null;
	if (grid === 'models' && colId !== null && Object.hasOwn(MODEL_COLUMNS, colId)) return { grid, rowId, colId };
	return boardIds.isId(colId) ? { grid, rowId, colId } : null;
}

/** Whether a diff line is a change to the cell: its value, and for a criterion its score, rationale and evidence. */
export function concernsCell(cell: CellRef): (line: DiffLine) => boolean {
	const { rowId, colId } = cell;
	const content = contentOfCell(cell);
	// A lock on the cell, its row or its column, set or lifted.
	const lockedHere = (l: DiffLine) => {
		const target = l.path.startsWith('locks/') ? locks.parseLockKey(l.path.slice('locks/'.length)) : null;
		return target !== null && locks.covers(target, cell.grid, rowId, colId);
	};
	return (l) => content(l) || lockedHere(l);
}

function contentOfCell(cell: CellRef): (line: DiffLine) => boolean {
	const { rowId, colId } = cell;
	if (cell.grid === 'scope') return (l) => l.path === `scopeRows/${rowId}/cells/${colId}`;
	const own = MODEL_COLUMNS[colId];
	if (own && Object.hasOwn(MODEL_COLUMNS, colId)) return own(rowId);
	const paths = new Set(['scores', 'rationales', 'evidence'].map((field) => `models/${rowId}/${field}/${colId}`));
	return (l) => paths.has(l.path);
}

export interface HistoryDeps {
	readonly store: Pick<DocStore, 'readSince' | 'headSeq'>;
	readonly db: Kysely<Schema>;
	readonly boardId: string;
	readonly members: readonly MemberRef[];
}

/** Display names of users, by id (a removed user is left out and reads as a former member). */
export async function displayNames(db: Kysely<Schema>, ids: readonly string[]): Promise<Map<string, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.selectFrom('users')
		.select(['id', 'display_name'])
		.where('id', 'in', [...ids])
		.execute();
	return new Map(rows.map((r) => [r.id, r.display_name]));
}

async function entriesOf(db: Kysely<Schema>, changes: readonly LoggedChange[], keep: (line: DiffLine) => boolean): Promise<HistoryEntry[]> {
	const picked = changes.flatMap((c) => c.lines.filter(keep).map((line) => ({ c, line })));
	const names = await displayNames(db, [...new Set(picked.flatMap(({ c }) => (c.userId ? [c.userId] : [])))]);
	// Newest first; lines of one update keep their reading order.
	return picked.reverse().map(({ c, line }) => ({
		seq: c.seq,
		at: c.at,
		when: datetime.formatDateTime(c.at),
		by: authorName(c.userId, names),
		grid: line.grid,
		change: line.change,
		row: line.row,
		column: line.column,
		from: line.from,
		to: line.to
	}));
}

/** Every change to one cell since the board was made, newest first. */
export async function ofCell(deps: HistoryDeps, cell: CellRef): Promise<HistoryResult> {
	const replayed = await replay(deps.store, deps.boardId, { start: 0, end: Infinity }, deps.members);
	if (!replayed.ok)
		return {
			ok: false,
			message: 'This board has too many edits to replay a cell’s history here: download the changes CSV for a date range instead.'
		};
	return { ok: true, entries: await entriesOf(deps.db, replayed.changes, concernsCell(cell)) };
}

export const FEED_PAGE = 50;
/**
 * Logged updates diffed for one page of the feed; older ones are only applied. Keeps a page's cost bounded
 * however long the log (a keystroke in a rationale is an update of its own).
 */
export const FEED_WINDOW = 2_000;

export interface FeedPage {
	readonly entries: HistoryEntry[];
	/** Pass as `beforeSeq` for the next (older) page; null when this page reaches the board's first edit. */
	readonly olderBefore: number | null;
}

/**
 * The board's recent changes, newest first, up to `FEED_PAGE` logged updates at a time (an update's lines
 * stay together on one page). Pages by update sequence, so edits made while reading do not shift older pages.
 */
export async function activity(
	deps: HistoryDeps,
	beforeSeq?: number,
	window = FEED_WINDOW
): Promise<{ ok: true; page: FeedPage } | { ok: false; message: string }> {
	const last = beforeSeq === undefined ? await deps.store.headSeq(deps.boardId) : beforeSeq - 1;
	const diffFromSeq = Math.max(1, last - window + 1);
	const replayed = await replay(deps.store, deps.boardId, { start: 0, end: Infinity, beforeSeq: last + 1, diffFromSeq }, deps.members);
	if (!replayed.ok) return { ok: false, message: replayed.message };
	const page = replayed.changes.slice(-FEED_PAGE);
	const olderBefore = replayed.changes.length > FEED_PAGE ? page[0]!.seq : diffFromSeq > 1 ? diffFromSeq : null;
	return { ok: true, page: { entries: await entriesOf(deps.db, page, () => true), olderBefore } };
}
