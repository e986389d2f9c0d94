import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from './board.ts';
import { openTestDatabase, testUser, type TestDatabase } from './db/testing.ts';
import { createDocStore, type DocStore, type LogEntry } from './doc-store.ts';
import { createSqliteAppender, type SqliteAppender } from './sqlite-append.ts';

const run = promisify(execFile);

describe('appends of several boards on SQLite', () => {
	let database: TestDatabase;
	let sqlite: SQLite.Database;
	let appender: SqliteAppender;
	let docs: DocStore;
	let userId: string;

	beforeAll(async () => {
		database = await openTestDatabase('sqlite');
		sqlite = database.sqlite!;
		appender = createSqliteAppender({ file: sqlite.name });
		docs = createDocStore(database.db, { append: (boardId, entries) => appender.append(boardId, entries) });
		userId = await testUser(database.db, 'editor', 'Editor');
	});
	afterAll(async () => {
		await appender.close();
		await database.drop();
	});

	/** A board whose log holds its initial update as seq 1. */
	async function newBoard(): Promise<string> {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'start;');
		return (await board.create(database.db, { title: 'Board', createdBy: userId, initialUpdate: Y.encodeStateAsUpdate(doc) })).id;
	}

	function entries(count: number, label: string): LogEntry[] {
		return Array.from({ length: count }, (_, i) => ({ update: new TextEncoder().encode(`${label}${i}`), userId }));
	}

	async function logOf(boardId: string): Promise<Array<{ seq: number; text: string }>> {
		const log = await docs.readSince(boardId, 0);
		return log.map((entry) => ({ seq: entry.seq, text: new TextDecoder().decode(entry.update) }));
	}

	it('commits the appends of one turn in one transaction, each board with its own head', async () => {
		const boards = await Promise.all([newBoard(), newBoard(), newBoard(), newBoard()]);
		const before = appender.commits;
		const heads = await Promise.all(boards.map((id, i) => appender.append(id, entries(i + 1, `b${i}-`))));
		expect(appender.commits).toBe(before + 1);
		expect(heads).toEqual([2, 3, 4, 5]);
		for (const [i, id] of boards.entries()) {
			const log = await logOf(id);
			expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: i + 2 }, (_, seq) => seq + 1));
			expect(log.slice(1).map((entry) => entry.text)).toEqual(
				entries(i + 1, `b${i}-`).map((entry) => new TextDecoder().decode(entry.update))
			);
			expect(await docs.headSeq(id)).toBe(i + 2);
		}
	});

	it('gives two appends to one board in one turn consecutive seqs, in call order', async () => {
		const id = await newBoard();
		const heads = await Promise.all([appender.append(id, entries(2, 'first')), appender.append(id, entries(3, 'second'))]);
		expect(heads).toEqual([3, 6]);
		const texts = (await logOf(id)).slice(1).map((entry) => entry.text);
		expect(texts).toEqual(['first0', 'first1', 'second0', 'second1', 'second2']);
	});

	it('waits for a transaction of the main connection, is not rolled back with it, and keeps the event loop free', async () => {
		const id = await newBoard();
		let appended: Promise<number> | undefined;
		let settled = false;
		const rolledBack = database.db
			.transaction()
			.execute(async (trx) => {
				await trx.updateTable('boards').set({ title: 'renamed' }).where('id', '=', id).execute();
				appended = appender.append(id, entries(1, 'during'));
				void appended.then(() => (settled = true));
				// The worker is now waiting for this transaction's write lock: timers still fire on this thread,
				// and the append is not reported stored before it is.
				await new Promise((resolve) => setTimeout(resolve, 100));
				expect(settled).toBe(false);
				throw new Error('roll back');
			})
			.catch((error: unknown) => error);
		expect(await rolledBack).toMatchObject({ message: 'roll back' });
		expect(await appended).toBe(2);
		expect((await logOf(id)).map((entry) => entry.text)).toContain('during0');
		expect((await board.get(database.db, id))?.title).toBe('Board');
	});

	it("lets the main connection's transactions read, then write, while appends commit", async () => {
		const boards = await Promise.all([newBoard(), newBoard()]);
		const appends: Array<Promise<number>> = [];
		await appender.append(boards[1]!, entries(1, 'warm'));
		for (let round = 0; round < 20; round++) {
			for (const id of boards) appends.push(appender.append(id, entries(1, `r${round}-`)));
			// Reads, gives the worker a chance to commit, then writes: a deferred transaction would now hold a stale
			// snapshot and fail with SQLITE_BUSY however long its busy timeout.
			await database.db.transaction().execute(async (trx) => {
				const heads = await trx.selectFrom('board_heads').select('seq').where('board_id', 'in', boards).execute();
				await new Promise((resolve) => setTimeout(resolve, 10));
				await trx
					.updateTable('boards')
					.set({ title: `round ${round} at ${heads.length}` })
					.where('id', '=', boards[0]!)
					.execute();
			});
		}
		expect((await Promise.all(appends)).slice(-2)).toEqual([21, 22]);
		expect((await board.get(database.db, boards[0]!))?.title).toBe('round 19 at 2');
	});

	it('rejects every append of a failed transaction with the SQLite error, stores none of them, and stores them on retry', async () => {
		const boards = await Promise.all([newBoard(), newBoard(), newBoard()]);
		const impatient = createSqliteAppender({ file: sqlite.name, busyTimeoutMs: 20 });
		// Another connection holds the write lock (as a backup script or a second process might).
		const other = new SQLite(sqlite.name);
		try {
			other.exec('begin immediate');
			const results = await Promise.allSettled(boards.map((id) => impatient.append(id, entries(2, 'x'))));
			expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
			const reason = (results[0] as PromiseRejectedResult).reason as unknown;
			expect(reason).toBeInstanceOf(SQLite.SqliteError);
			expect(reason).toMatchObject({ code: 'SQLITE_BUSY', message: 'database is locked' });
			other.exec('rollback');
			for (const id of boards) expect(await docs.headSeq(id)).toBe(1);
			const heads = await Promise.all(boards.map((id) => impatient.append(id, entries(2, 'x'))));
			expect(heads).toEqual([3, 3, 3]);
			for (const id of boards) expect((await logOf(id)).map((entry) => entry.seq)).toEqual([1, 2, 3]);
		} finally {
			other.close();
			await impatient.close();
		}
	});

	it('stores the other boards when one board breaks a constraint (deleted under its room)', async () => {
		const [kept, deleted, alsoKept] = await Promise.all([newBoard(), newBoard(), newBoard()]);
		await database.db.deleteFrom('boards').where('id', '=', deleted!).execute();
		const results = await Promise.allSettled([kept!, deleted!, alsoKept!].map((id) => appender.append(id, entries(1, 'y'))));
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(results[0]).toEqual({ status: 'fulfilled', value: 2 });
		expect(results[2]).toEqual({ status: 'fulfilled', value: 2 });
		expect(await docs.headSeq(deleted!)).toBe(0);
	});
});

describe('what a stored append survives (SQLITE_SYNC)', () => {
	let database: TestDatabase;
	let boardId: string;
	let userId: string;

	beforeAll(async () => {
		database = await openTestDatabase('sqlite');
		userId = await testUser(database.db, 'editor', 'Editor');
		boardId = (await board.create(database.db, { title: 'Board', createdBy: userId, initialUpdate: new Uint8Array([0, 0]) })).id;
	});
	afterAll(() => database.drop());

	const entry = (text: string): LogEntry[] => [{ update: new TextEncoder().encode(text), userId }];

	it('full: written first (readers may have it), stored only after an fsync of the WAL that began after the commit', async () => {
		const appender = createSqliteAppender({ file: database.sqlite!.name, sync: 'full' });
		try {
			for (let i = 0; i < 5; i++) {
				const order: string[] = [];
				let syncsWhenWritten = -1;
				const stored = appender.append(boardId, entry(`full${i}`), () => {
					order.push('written');
					syncsWhenWritten = appender.syncs;
				});
				await stored.then(() => order.push('stored'));
				expect(order).toEqual(['written', 'stored']);
				expect(appender.syncs).toBeGreaterThan(syncsWhenWritten);
			}
		} finally {
			await appender.close();
		}
	});

	it("writes a quiet board's append in the turn it was made, without waiting for the thread, which still makes the fsync", async () => {
		const appender = createSqliteAppender({ file: database.sqlite!.name, sync: 'full' });
		try {
			let written = false;
			let stored = false;
			const head = appender.append(boardId, entry('quiet'), () => (written = true));
			void head.then(() => (stored = true));
			// Queued after the append's own turn-end: the thread's reply could only come in a later turn.
			await new Promise((resolve) => setImmediate(resolve));
			expect(written).toBe(true);
			expect(stored).toBe(false);
			const syncsWhenWritten = appender.syncs;
			expect(await head).toBeGreaterThan(1);
			expect(appender.syncs).toBeGreaterThan(syncsWhenWritten);
			expect(
				(await createDocStore(database.db).readSince(boardId, (await head) - 1)).map((e) => new TextDecoder().decode(e.update))
			).toEqual(['quiet']);
		} finally {
			await appender.close();
		}
	});

	it('normal: stored once written, with no fsync per commit; the WAL is synced every syncEveryMs', async () => {
		const appender = createSqliteAppender({ file: database.sqlite!.name, sync: 'normal', syncEveryMs: 200 });
		try {
			let written = false;
			const head = await appender.append(boardId, entry('normal'), () => (written = true));
			expect(written).toBe(true);
			expect(head).toBeGreaterThan(1);
			expect(appender.syncs).toBe(0);
			// The thread may still be starting (the commit did not need it): bounded, well past a few syncEveryMs.
			for (let waited = 0; appender.syncs === 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
			expect(appender.syncs).toBeGreaterThanOrEqual(1);
		} finally {
			await appender.close();
		}
	});

	it('runs a write job after the appends queued before it, in one transaction that fails whole', async () => {
		const appender = createSqliteAppender({ file: database.sqlite!.name });
		try {
			const before = appender.commits;
			const headSeenBy = (label: string) => ({
				sql: `insert into audit_events (board_id, user_id, type, detail, created_at)
				      select ?, null, ?, (select cast(seq as text) from board_heads where board_id = ?), 0`,
				parameters: [boardId, label, boardId]
			});
			const first = appender.append(boardId, entry('a'));
			const job = appender.write([headSeenBy('after-a')]);
			const second = appender.append(boardId, entry('b'));
			const headA = await first;
			await job;
			expect(await second).toBe(headA + 1);
			expect(appender.commits).toBe(before + 3);
			const seen = await database.db
				.selectFrom('audit_events')
				.select('detail')
				.where('type', '=', 'after-a' as never)
				.executeTakeFirst();
			expect(seen?.detail).toBe(String(headA));

			// The second statement breaks a foreign key: the first is rolled back with it.
			const failed = appender.write([
				headSeenBy('rolled-back'),
				{ sql: 'insert into board_heads (board_id, seq) values (?, ?)', parameters: ['no-such-board', 1] }
			]);
			await expect(failed).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
			const rolledBack = await database.db
				.selectFrom('audit_events')
				.select('id')
				.where('type', '=', 'rolled-back' as never)
				.execute();
			expect(rolledBack).toEqual([]);
		} finally {
			await appender.close();
		}
	});
});

describe('closing the appender', () => {
	it('lets a script that closes its database go on afterwards (the idle thread does not keep the process, nor end it early)', async () => {
		const script = `
			import fs from 'node:fs';
			import os from 'node:os';
			import path from 'node:path';
			import { openDatabase } from './src/lib/server/db/index.ts';
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-close-'));
			const database = await openDatabase({ url: null, dataDir: dir });
			const appended = database.sqliteAppender().append('no-such-board', [{ update: new Uint8Array([0, 0]), userId: null }]);
			console.log(await appended.then(() => 'stored', (error) => error.code));
			await database.close();
			fs.rmSync(dir, { recursive: true, force: true });
			console.log('closed');
		`;
		const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
			cwd: path.resolve(import.meta.dirname, '../../..')
		});
		expect(stdout.trim().split('\n')).toEqual(['SQLITE_CONSTRAINT_FOREIGNKEY', 'closed']);
	}, 60_000);
});
