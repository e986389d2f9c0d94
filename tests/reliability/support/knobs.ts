/**
 * Every size the reliability suite can be run at. The defaults fit CI (the whole suite in a few minutes on two
 * cores); docs/reliability.md lists the full-size values and the figures they gave.
 */
function int(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
	return value;
}

export const knobs = {
	/** Seed of every random choice; a failure names it so the run can be repeated exactly. */
	seed: int('RELIABILITY_SEED', 20_251_123),
	/** kill -9 rounds against one board with live writers. */
	killRounds: int('RELIABILITY_KILL_ROUNDS', 50),
	/** "Everyone left, then kill -9 within a second" rounds. */
	leftRounds: int('RELIABILITY_LEFT_ROUNDS', 6),
	/** Also keep editing while clients reconnect after a restart (their edits then reach the server out of order). */
	editThroughRestart: process.env.RELIABILITY_EDIT_THROUGH_RESTART !== '0',
	/** Writers per kill round. */
	killWriters: int('RELIABILITY_KILL_WRITERS', 3),
	/** Hand-made websocket frames in the fuzz test. */
	fuzzCases: int('RELIABILITY_FUZZ_CASES', 3_000),
	/** Load: boards x members, each member editing at `loadRate` edits a second for `loadSeconds`. */
	loadBoards: int('RELIABILITY_LOAD_BOARDS', 10),
	loadMembers: int('RELIABILITY_LOAD_MEMBERS', 8),
	loadSeconds: int('RELIABILITY_LOAD_SECONDS', 15),
	loadRatePerMember: int('RELIABILITY_LOAD_RATE', 2),
	/** Burst: members pasting `burstCells` cells each at once on one board. */
	burstMembers: int('RELIABILITY_BURST_MEMBERS', 5),
	burstCells: int('RELIABILITY_BURST_CELLS', 1_000),
	/** Load: the server on core 0 and the test process (every client) on core 1, as the bench does. */
	pinCores: process.env.RELIABILITY_PIN === '1',
	/** Clients reconnecting at once after a restart. */
	stormClients: int('RELIABILITY_STORM_CLIENTS', 150),
	/** Heavy reads: rows of the board downloaded as XLSX, and bytes of logged history of the board loaded cold. */
	heavyRows: int('RELIABILITY_HEAVY_ROWS', 2_000),
	heavyHistoryBytes: int('RELIABILITY_HEAVY_HISTORY_BYTES', 500_000),
	/** SQLITE_SYNC of the servers under test (unset: the server's default, `full`). */
	sqliteSync: process.env.RELIABILITY_SQLITE_SYNC || null,
	/** Worker threads of the server under test (unset: its default; 0: the same work on its event loop). */
	offloadThreads: process.env.RELIABILITY_OFFLOAD_THREADS ? int('RELIABILITY_OFFLOAD_THREADS', 0) : null
};
