import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from './board.ts';
import { openTestDatabase, type TestDatabase } from './db/testing.ts';
import { createDocStore, type DocStore, type LogEntry } from './doc-store.ts';
import { createSqliteAppender, type SqliteAppender } from './sqlite-append.ts';
import * as user from './user.ts';

describe('appends of several boards on SQLite', () => {
	let database: TestDatabase;
	let sqlite: SQLite.Database;
	let appender: SqliteAppender;
	let docs: DocStore;
	let userId: string;

	beforeAll(async () => {
		database = await openTestDatabase('sqlite');
		sqlite = database.sqlite!;
		appender = createSqliteAppender(database.db, sqlite);
		docs = createDocStore(database.db, { append: (boardId, entries) => appender.append(boardId, entries) });
		const created = await user.create(database.db, { username: 'editor', displayName: 'Editor', password: 'password one' });
		if (!created.ok) throw new Error('setup failed');
		userId = created.user.id;
	});
	afterAll(() => database.drop());

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
			expect(log.slice(1).map((entry) => entry.text)).toEqual(entries(i + 1, `b${i}-`).map((entry) => new TextDecoder().decode(entry.update)));
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

	it('does not nest inside a kysely transaction that is open on the same connection', async () => {
		const id = await newBoard();
		let appended: Promise<number> | undefined;
		const rolledBack = database.db
			.transaction()
			.execute(async (trx) => {
				await trx.updateTable('boards').set({ title: 'renamed' }).where('id', '=', id).execute();
				appended = appender.append(id, entries(1, 'during'));
				await new Promise((resolve) => setTimeout(resolve, 20));
				throw new Error('roll back');
			})
			.catch((error: unknown) => error);
		expect(await rolledBack).toBeInstanceOf(Error);
		expect(await appended).toBe(2);
		expect((await logOf(id)).map((entry) => entry.text)).toContain('during0');
		expect((await board.get(database.db, id))?.title).toBe('Board');
	});

	it('rejects every append of a failed transaction, stores none of them, and stores them on retry', async () => {
		const boards = await Promise.all([newBoard(), newBoard(), newBoard()]);
		// Another connection holds the write lock (as a backup script or a second process might).
		const other = new SQLite(sqlite.name);
		const timeout = sqlite.pragma('busy_timeout', { simple: true });
		sqlite.pragma('busy_timeout = 20');
		try {
			other.exec('begin immediate');
			const results = await Promise.allSettled(boards.map((id) => appender.append(id, entries(2, 'x'))));
			expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
			other.exec('rollback');
			for (const id of boards) expect(await docs.headSeq(id)).toBe(1);
			const heads = await Promise.all(boards.map((id) => appender.append(id, entries(2, 'x'))));
			expect(heads).toEqual([3, 3, 3]);
			for (const id of boards) expect((await logOf(id)).map((entry) => entry.seq)).toEqual([1, 2, 3]);
		} finally {
			sqlite.pragma(`busy_timeout = ${Number(timeout)}`);
			other.close();
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
