import * as Y from 'yjs';
import { diffBoards, diffLines, readBoard, type MemberRef } from '../board/index.ts';
import { isBritishSummerTime, ukLocalStamp } from '../board/datetime.ts';
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

export async function inRange(
	store: Pick<DocStore, 'readSince'>,
	boardId: string,
	range: { start: number; end: number },
	members: readonly MemberRef[],
	names: (userIds: string[]) => Promise<Map<string, string>>
): Promise<ChangesResult> {
	const doc = new Y.Doc();
	const changes: { at: number; userId: string | null; lines: ReturnType<typeof diffLines> }[] = [];
	let counted = 0;
	try {
		let after = 0;
		let before = null as ReturnType<typeof readBoard> | null;
		for (;;) {
			const batch = await store.readSince(boardId, after, LOG_PAGE);
			if (batch.length === 0) break;
			for (const entry of batch) {
				after = entry.seq;
				if (entry.createdAt >= range.end) break;
				if (entry.createdAt < range.start) {
					Y.applyUpdate(doc, entry.update);
					continue;
				}
				if (++counted > MAX_UPDATES) return { ok: false, message: `More than ${MAX_UPDATES.toLocaleString('en-GB')} edits in that range: choose a shorter one.` };
				before ??= readBoard(doc);
				Y.applyUpdate(doc, entry.update);
				const now = readBoard(doc);
				const lines = diffLines(diffBoards(before, now, { members }));
				if (lines.length > 0) changes.push({ at: entry.createdAt, userId: entry.userId, lines });
				before = now;
			}
			if (batch.at(-1)!.createdAt >= range.end) break;
		}
	} finally {
		doc.destroy();
	}
	const who = await names([...new Set(changes.flatMap((c) => (c.userId ? [c.userId] : [])))]);
	return {
		ok: true,
		rows: changes.flatMap((c) =>
			c.lines.map((l) => [
				ukLocalStamp(c.at),
				isBritishSummerTime(c.at) ? 'BST' : 'GMT',
				c.userId ? (who.get(c.userId) ?? 'A former member') : 'trustboard (automatic repair)',
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
