import * as Y from 'yjs';
import * as diff from '../board/diff.ts';
import * as locks from '../board/locks.ts';
import { lockLines } from '../board/lock-lines.ts';
import * as read from '../board/read.ts';
import * as datetime from '../board/datetime.ts';
import type { DiffLine } from '../board/diff.ts';
import type { MemberRef } from '../board/values.ts';
import type { DocStore } from './doc-store.ts';

/**
 * Every change to a board in a time range, for audit and freedom-of-information
 * requests: the update log (which is never rewritten) replayed from the start,
 * and each logged update inside the range compared with the board just before
 * it, so each line is one person's edit at one moment with what it replaced.
 */

const LOG_PAGE = 2_000;
/** Updates in one range; a larger request is refused rather than keeping the server busy for minutes. */
export const MAX_UPDATES = 20_000;

export const HEADERS = ['Changed at (UK time)', 'Zone', 'Changed by', 'Grid', 'Change', 'Row', 'Column', 'From', 'To'];

export type ChangesResult = { ok: true; rows: string[][] } | { ok: false; message: string };

/** One logged update's visible changes: who made it, when, and each changed line with what it replaced. */
export interface LoggedChange {
	readonly seq: number;
	readonly at: number;
	readonly userId: string | null;
	readonly lines: readonly DiffLine[];
}

export type ReplayResult = { ok: true; changes: LoggedChange[] } | { ok: false; message: string };

/**
 * The one replay of the update log: every logged update created in `range` whose seq is below `beforeSeq`
 * (and not below `diffFromSeq`), diffed against the board just before it; earlier updates are only applied.
 * The CSV, a cell's history and the activity feed all read this.
 */
export async function replay(
	store: Pick<DocStore, 'readSince'>,
	boardId: string,
	range: { start: number; end: number; beforeSeq?: number; diffFromSeq?: number },
	members: readonly MemberRef[]
): Promise<ReplayResult> {
	const doc = new Y.Doc();
	const changes: LoggedChange[] = [];
	const beforeSeq = range.beforeSeq ?? Infinity;
	const diffFromSeq = range.diffFromSeq ?? 0;
	let counted = 0;
	try {
		let after = 0;
		let before = null as { view: ReturnType<typeof read.readBoard>; locks: locks.Lock[] } | null;
		for (;;) {
			const batch = await store.readSince(boardId, after, LOG_PAGE);
			if (batch.length === 0) break;
			for (const entry of batch) {
				after = entry.seq;
				if (entry.createdAt >= range.end || entry.seq >= beforeSeq) break;
				if (entry.createdAt < range.start || entry.seq < diffFromSeq) {
					Y.applyUpdate(doc, entry.update);
					continue;
				}
				if (++counted > MAX_UPDATES)
					return { ok: false, message: `More than ${MAX_UPDATES.toLocaleString('en-GB')} edits in that range: choose a shorter one.` };
				before ??= { view: read.readBoard(doc), locks: locks.listLocks(doc) };
				Y.applyUpdate(doc, entry.update);
				const now = { view: read.readBoard(doc), locks: locks.listLocks(doc) };
				const lines = [...diff.diffLines(diff.diffBoards(before.view, now.view, { members })), ...lockLines(before, now)];
				if (lines.length > 0) changes.push({ seq: entry.seq, at: entry.createdAt, userId: entry.userId, lines });
				before = now;
			}
			const last = batch.at(-1)!;
			if (last.createdAt >= range.end || last.seq >= beforeSeq) break;
		}
	} finally {
		doc.destroy();
	}
	return { ok: true, changes };
}

/** Who made a logged change, as a person reading the record would want it said. */
export function authorName(userId: string | null, names: ReadonlyMap<string, string>): string {
	return userId ? (names.get(userId) ?? 'A former member') : 'trustboard (automatic repair)';
}

export async function inRange(
	store: Pick<DocStore, 'readSince'>,
	boardId: string,
	range: { start: number; end: number },
	members: readonly MemberRef[],
	names: (userIds: string[]) => Promise<Map<string, string>>
): Promise<ChangesResult> {
	const replayed = await replay(store, boardId, range, members);
	if (!replayed.ok) return replayed;
	const changes = replayed.changes;
	const who = await names([...new Set(changes.flatMap((c) => (c.userId ? [c.userId] : [])))]);
	return {
		ok: true,
		rows: changes.flatMap((c) =>
			c.lines.map((l) => [
				datetime.ukLocalStamp(c.at),
				datetime.isBritishSummerTime(c.at) ? 'BST' : 'GMT',
				authorName(c.userId, who),
				l.grid,
				l.change,
				l.row,
				l.column,
				l.from,
				l.to
			])
		)
	};
}
