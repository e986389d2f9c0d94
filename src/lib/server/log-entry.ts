/** One entry of a board's update log, as appended: the SQLite appender and the document store both take it. */
export interface LogEntry {
	update: Uint8Array;
	/** Who sent it (null for the server's own changes); kept for attribution. */
	userId: string | null;
}
