import type SQLite from 'better-sqlite3';

/** One board's share of an append transaction. */
export interface BoardAppend {
	boardId: string;
	userIds: Array<string | null>;
	/** Each update's bytes, parallel to `userIds` (a Buffer: better-sqlite3 binds only those as blobs). */
	updates: Buffer[];
}

/**
 * The update log's append on a connection of its own (the storage thread's, or the event loop's for a quiet
 * board, sqlite-append-inline.ts): one IMMEDIATE transaction for every board's entries, each board's new head seq
 * returned in order. IMMEDIATE takes the write lock at BEGIN, so it never fails half-way on a lock it cannot
 * upgrade.
 */
export function prepareAppend(sqlite: SQLite.Database): (appends: BoardAppend[]) => number[] {
	// Same upsert as the kysely path: the head row hands out the seqs, so the log stays gap-free per board.
	const bumpHead = sqlite.prepare<[string, number], { seq: number }>(
		`insert into board_heads (board_id, seq) values (?, ?)
		 on conflict (board_id) do update set seq = board_heads.seq + excluded.seq
		 returning seq`
	);
	const insertUpdate = sqlite.prepare<[string, number, Buffer, string | null, number]>(
		'insert into board_updates (board_id, seq, data, user_id, created_at) values (?, ?, ?, ?, ?)'
	);
	const write = (appends: BoardAppend[]): number[] => {
		const now = Date.now();
		return appends.map(({ boardId, userIds, updates }) => {
			const last = Number(bumpHead.get(boardId, userIds.length)!.seq);
			const first = last - userIds.length + 1;
			userIds.forEach((userId, i) => insertUpdate.run(boardId, first + i, updates[i]!, userId, now));
			return last;
		});
	};
	return sqlite.transaction(write).immediate;
}
