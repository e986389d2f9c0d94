import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
	CompiledQuery,
	Kysely,
	Migrator,
	PostgresDialect,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection,
	type Driver,
	type MigrationProvider,
	type SqliteDialectConfig
} from 'kysely';
import type { SqliteSync } from '../config.ts';
import { createSqliteAppender, type SqliteAppender, type Statement } from '../sqlite-append.ts';
import { migrations } from './migrations.ts';
import type { Dialect } from './dialect.ts';
import type { Schema } from './schema.ts';

export interface Database {
	db: Kysely<Schema>;
	dialect: Dialect;
	/** The better-sqlite3 connection under `db` (SQLite only). It is kysely's one connection. */
	sqlite: SQLite.Database | null;
	/**
	 * SQLite only: the update log's appender, whose worker thread has a connection of its own
	 * (sqlite-append.ts). Started by the first call, stopped by `close()`.
	 */
	sqliteAppender(): SqliteAppender | null;
	/**
	 * Runs compiled statements (kysely's `compile()`) as one transaction without holding the event loop while
	 * a large row is written: on SQLite in the update log's thread, after the appends queued before it, and
	 * stored as an append is (SQLITE_SYNC); on PostgreSQL through the pool.
	 */
	writeOffLoop(statements: Statement[]): Promise<void>;
	/** Cheap round trip for readiness checks. */
	ping(): Promise<void>;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** postgres://... or null for SQLite. */
	url: string | null;
	/** Folder of the SQLite file. */
	dataDir: string;
	/** SQLite file name inside dataDir; tests use their own. */
	fileName?: string;
	/** SQLite: what a commit survives (config.ts); `full` by default. */
	sqliteSync?: SqliteSync;
}

// PostgreSQL returns BIGINT as strings; every bigint here is an epoch-ms time or a sequence number well
// inside Number.MAX_SAFE_INTEGER.
pg.types.setTypeParser(20, (value) => Number(value));

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	const database = options.url ? openPostgres(options.url) : openSqlite(options.dataDir, options.fileName, options.sqliteSync);
	await migrate(database);
	return database;
}

function openSqlite(dataDir: string, fileName = 'trustboard.sqlite', sync: SqliteSync = 'full'): Database {
	fs.mkdirSync(dataDir, { recursive: true });
	const file = path.join(dataDir, fileName);
	const sqlite = new SQLite(file);
	sqlite.pragma('journal_mode = WAL');
	// FULL: this connection's commits (accounts, sessions, compactions) survive a power cut, not only a killed
	// process. NORMAL: a killed process; the update log's thread syncs the WAL, these commits' too, every second.
	sqlite.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = new Kysely<Schema>({ dialect: new WriteLockingSqliteDialect({ database: sqlite }) });
	let appender: SqliteAppender | null = null;
	const appenderOf = () => (appender ??= createSqliteAppender({ file, sync }));
	return {
		db,
		dialect: 'sqlite',
		sqlite,
		sqliteAppender: appenderOf,
		writeOffLoop: (statements) => appenderOf().write(statements),
		async ping() {
			sqlite.prepare('select 1').get();
		},
		async close() {
			await appender?.close();
			await db.destroy();
		}
	};
}

/**
 * Kysely's transactions on SQLite, begun IMMEDIATE: the update log's worker writes through a second connection,
 * and a deferred transaction that read before writing would fail at once with SQLITE_BUSY if the worker had
 * committed in between (a stale snapshot cannot be upgraded; no busy timeout helps). Taking the write lock at
 * BEGIN waits for the worker's commit instead (about 2 ms).
 */
class WriteLockingSqliteDialect extends SqliteDialect {
	readonly #config: SqliteDialectConfig;

	constructor(config: SqliteDialectConfig) {
		super(config);
		this.#config = config;
	}

	override createDriver(): Driver {
		return new WriteLockingSqliteDriver(this.#config);
	}
}

class WriteLockingSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

function openPostgres(url: string): Database {
	const pool = new pg.Pool({ connectionString: url, max: 10 });
	// A connection lost must not crash the process. The pool hears of idle clients; a client checked out when
	// its connection ends emits 'error' on itself, with no pool listener attached. Its query is already rejected
	// (the caller reports "cannot save") and the pool discards it on release.
	pool.on('error', () => {});
	pool.on('connect', (client) => client.on('error', () => {}));
	const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
	return {
		db,
		dialect: 'postgres',
		sqlite: null,
		sqliteAppender: () => null,
		async writeOffLoop(statements) {
			await db.transaction().execute(async (trx) => {
				for (const { sql, parameters } of statements) await trx.executeQuery(CompiledQuery.raw(sql, [...parameters]));
			});
		},
		async ping() {
			await pool.query('select 1');
		},
		async close() {
			await db.destroy();
		}
	};
}

async function migrate(database: Database): Promise<void> {
	const provider: MigrationProvider = { getMigrations: async () => migrations(database.dialect) };
	const migrator = new Migrator({ db: database.db, provider });
	const { error } = await migrator.migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
}
