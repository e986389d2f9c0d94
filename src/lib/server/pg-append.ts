import { sql, type Kysely } from 'kysely';
import type { Schema } from './db/schema.ts';
import type { LogEntry } from './log-entry.ts';

/** Entries per statement: two parameters each, far under PostgreSQL's 65,535. */
const STATEMENT_ENTRIES = 500;

/**
 * Appends to a board's update log on PostgreSQL in one statement, so one round trip, where a transaction
 * (begin, the head's upsert, the insert, commit) took four: each woke the event loop for its reply, on the
 * core the board's other work needs, and held the entries' confirmation and their numbered message to the other
 * instances until the last. One statement commits as one transaction. Its upsert locks the board's head row
 * until that commit, so appends to one board (from any instance) are serialised and seq order is commit order,
 * as `readSince` relies on. A larger batch is several statements in one transaction.
 */
export function pgAppend(db: Kysely<Schema>): (boardId: string, entries: LogEntry[], written?: () => void) => Promise<number> {
	return async (boardId, entries, written) => {
		const now = Date.now();
		const last =
			entries.length <= STATEMENT_ENTRIES
				? await appendStatement(db, boardId, entries, now)
				: await db.transaction().execute(async (trx) => {
						let head = 0;
						for (let start = 0; start < entries.length; start += STATEMENT_ENTRIES) {
							head = await appendStatement(trx, boardId, entries.slice(start, start + STATEMENT_ENTRIES), now);
						}
						return head;
					});
		written?.();
		return last;
	};
}

/** Moves the head past `entries` and logs them under the seqs it skipped; resolves to the new head. */
async function appendStatement(db: Kysely<Schema>, boardId: string, entries: LogEntry[], now: number): Promise<number> {
	const count = entries.length;
	const rows = sql.join(
		entries.map(
			(entry, i) =>
				sql`(${Buffer.from(entry.update.buffer, entry.update.byteOffset, entry.update.byteLength)}::bytea, ${entry.userId}::text, ${i + 1}::bigint)`
		)
	);
	const { rows: heads } = await sql<{ seq: number }>`
		with head as (
			insert into board_heads (board_id, seq) values (${boardId}, ${count}::bigint)
			on conflict (board_id) do update set seq = board_heads.seq + ${count}::bigint
			returning seq
		), logged as (
			insert into board_updates (board_id, seq, data, user_id, created_at)
			select ${boardId}, head.seq - ${count}::bigint + entry.ord, entry.data, entry.user_id, ${now}::bigint
			from head, (values ${rows}) as entry (data, user_id, ord)
		)
		select seq from head`.execute(db);
	const head = heads[0];
	if (!head) throw new Error('appending to the update log returned no head');
	return Number(head.seq);
}
