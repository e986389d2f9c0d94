import SQLite from 'better-sqlite3';

/** A board's stored parts as read from SQLite: the compacted state first (if any), then the log after it, in order. */
export interface StoredParts {
	updates: Uint8Array[];
	/** Sequence number of the last update included. */
	seq: number;
	/** How many of `updates` are log entries (after the state): none, and a compaction has nothing to do. */
	logged: number;
}

interface Reader {
	read(boardId: string): StoredParts;
}

/** One read connection per database file and thread, opened by the first read and kept for the thread's life. */
const readers = new Map<string, Reader>();

/**
 * Reads a board's stored parts from the SQLite file at `file` through a connection of this thread's own. A worker
 * thread (offload-tasks.ts) reads a long-edited board's log this way, so the event loop does not: reading the
 * 2,973 rows of a 1.5 MB board on it took 13-43 ms, and the thousands of buffers it made were garbage to collect
 * there. The database is in WAL mode (db/index.ts), so this connection sees every commit made before the read
 * began, on any connection, as the server's own would; the state and the log are read in one transaction, so a
 * compaction between the two reads cannot be half seen.
 */
export function readStoredParts(file: string, boardId: string): StoredParts {
	let reader = readers.get(file);
	if (!reader) {
		reader = openReader(file);
		readers.set(file, reader);
	}
	return reader.read(boardId);
}

function openReader(file: string): Reader {
	// Read-write, though it only reads: a read-only connection cannot take part in the WAL's shared memory unless
	// its file already exists, and it would fail instead of waiting.
	const sqlite = new SQLite(file, { fileMustExist: true });
	sqlite.pragma('busy_timeout = 5000');
	const stateOf = sqlite.prepare<[string], { state: Buffer; upto_seq: number }>(
		'select state, upto_seq from board_states where board_id = ?'
	);
	// Rows as arrays, not objects: one allocation fewer per row of a log thousands long.
	const logAfter = sqlite.prepare<[string, number], [number, Buffer]>(
		'select seq, data from board_updates where board_id = ? and seq > ? order by seq'
	);
	logAfter.raw(true);
	const read = sqlite.transaction((boardId: string): StoredParts => {
		const state = stateOf.get(boardId);
		const after = state?.upto_seq ?? 0;
		const rows = logAfter.all(boardId, after);
		const updates: Uint8Array[] = state ? [state.state] : [];
		for (const [, data] of rows) updates.push(data);
		return { updates, seq: rows.at(-1)?.[0] ?? after, logged: rows.length };
	});
	return { read: (boardId) => read.deferred(boardId) };
}
