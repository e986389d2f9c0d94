import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from './board.ts';
import { openTestDatabase, testUser, type TestDatabase } from './db/testing.ts';
import { createDocStore, docStoreFor, type DocStore } from './doc-store.ts';
import { createOffload } from './offload.ts';

function edit(doc: Y.Doc, text: string): Uint8Array {
	const updates: Uint8Array[] = [];
	const capture = (update: Uint8Array) => updates.push(update);
	doc.on('update', capture);
	doc.getText('t').insert(doc.getText('t').length, text);
	doc.off('update', capture);
	return updates[0]!;
}

function restore(stored: { updates: Uint8Array[] }): Y.Doc {
	const doc = new Y.Doc();
	for (const update of stored.updates) Y.applyUpdate(doc, update);
	return doc;
}

// The kysely path on both databases, and the servers' stores: SQLite's (appends batched across boards,
// sqlite-append.ts) and PostgreSQL's (one statement per append, pg-append.ts).
describe.each([
	{ name: 'sqlite', dialect: 'sqlite', batched: false },
	{ name: 'sqlite, appends batched across boards', dialect: 'sqlite', batched: true },
	{ name: 'postgres', dialect: 'postgres', batched: false },
	{ name: 'postgres, one statement per append', dialect: 'postgres', batched: true }
] as const)('board update log on $name', ({ dialect, batched }) => {
	let database: TestDatabase;
	let docs: DocStore;
	let userId: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		docs = batched ? docStoreFor(database) : createDocStore(database.db);
		userId = await testUser(database.db, 'editor', 'Editor');
	});
	afterAll(() => database.drop());

	async function newBoard(): Promise<{ id: string; doc: Y.Doc }> {
		const doc = new Y.Doc();
		const initial = edit(doc, 'start;');
		const created = await board.create(database.db, { title: 'Board', createdBy: userId, initialUpdate: initial });
		return { id: created.id, doc };
	}

	it('loads exactly what was appended, in order, with the head sequence', async () => {
		const { id, doc } = await newBoard();
		const seq = await docs.append(id, [
			{ update: edit(doc, 'a;'), userId },
			{ update: edit(doc, 'b;'), userId: null }
		]);
		expect(seq).toBe(3);
		const stored = await docs.load(id);
		expect(stored.seq).toBe(3);
		expect(restore(stored).getText('t').toString()).toBe('start;a;b;');
	});

	it('keeps the same content after compaction and keeps the log for attribution', async () => {
		const { id, doc } = await newBoard();
		for (let i = 0; i < 20; i++) await docs.append(id, [{ update: edit(doc, `${i};`), userId }]);
		const result = await docs.compact(id);
		expect(result?.uptoSeq).toBe(21);
		await docs.append(id, [{ update: edit(doc, 'after;'), userId }]);
		const stored = await docs.load(id);
		expect(stored.updates).toHaveLength(2);
		expect(restore(stored).getText('t').toString()).toBe(doc.getText('t').toString());
		const log = await docs.readSince(id, 0);
		expect(log).toHaveLength(22);
		expect(log[1]?.userId).toBe(userId);
	});

	it('compacts from a loaded document, and never replaces a newer state with an older one', async () => {
		const { id, doc } = await newBoard();
		for (let i = 0; i < 5; i++) await docs.append(id, [{ update: edit(doc, `${i};`), userId }]);
		const head = await docs.headSeq(id);
		const older = { state: Y.encodeStateAsUpdate(doc), uptoSeq: head - 2 };
		expect(await docs.compact(id, () => ({ state: Y.encodeStateAsUpdate(doc), uptoSeq: head }))).toMatchObject({ uptoSeq: head });
		expect(await docs.compact(id, () => older)).toBeNull();
		await docs.append(id, [{ update: edit(doc, 'after;'), userId }]);
		const loaded = await docs.load(id);
		expect(loaded.updates).toHaveLength(2);
		expect(restore(loaded).getText('t').toString()).toBe('start;0;1;2;3;4;after;');
	});

	it('gives concurrent batches distinct, gap-free sequence numbers', async () => {
		const { id, doc } = await newBoard();
		const batches = Array.from({ length: 8 }, (_, i) => [
			{ update: edit(doc, `x${i};`), userId },
			{ update: edit(doc, `y${i};`), userId }
		]);
		const heads = await Promise.all(batches.map((batch) => docs.append(id, batch)));
		expect(new Set(heads).size).toBe(8);
		const log = await docs.readSince(id, 0);
		expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
		expect(
			restore(await docs.load(id))
				.getText('t')
				.toString()
		).toBe(doc.getText('t').toString());
	});

	it('logs a batch larger than one statement whole and in order, with its authors', async () => {
		const { id, doc } = await newBoard();
		const batch = Array.from({ length: 1_201 }, (_, i) => ({ update: edit(doc, `${i};`), userId: i % 2 === 0 ? userId : null }));
		expect(await docs.append(id, batch)).toBe(1_202);
		const log = await docs.readSince(id, 1, 2_000);
		expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 1_201 }, (_, i) => i + 2));
		expect(log.map((entry) => entry.userId)).toEqual(batch.map((entry) => entry.userId));
		expect(
			restore(await docs.load(id))
				.getText('t')
				.toString()
		).toBe(doc.getText('t').toString());
	});

	it('treats an update stored twice as harmless', async () => {
		const { id, doc } = await newBoard();
		const update = edit(doc, 'once;');
		await docs.append(id, [{ update, userId }]);
		await docs.append(id, [{ update, userId }]);
		await docs.compact(id);
		expect(
			restore(await docs.load(id))
				.getText('t')
				.toString()
		).toBe('start;once;');
	});

	it('reads the heads of several boards at once', async () => {
		const first = await newBoard();
		const second = await newBoard();
		await docs.append(first.id, [{ update: edit(first.doc, 'a;'), userId }]);
		const heads = await docs.headSeqs([first.id, second.id, 'unknownboard0000']);
		expect(Object.fromEntries(heads)).toEqual({ [first.id]: 2, [second.id]: 1 });
	});
});

describe("the server's store", () => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await openTestDatabase('sqlite');
	});
	afterAll(() => database.drop());

	it('compacts by merging the stored log in a worker thread, not from the loaded document, when it has threads', async () => {
		const offload = createOffload(1);
		try {
			const docs = docStoreFor(database, offload, { compactOffThread: true });
			const writer = await testUser(database.db, 'merger', 'Merger');
			const doc = new Y.Doc();
			const { id } = await board.create(database.db, { title: 'Merged', createdBy: writer, initialUpdate: edit(doc, 'start;') });
			for (let j = 0; j < 5; j++) await docs.append(id, [{ update: edit(doc, `${j};`), userId: writer }]);
			// A live document with something unstored in it: a merge of the log must not take it.
			const live = new Y.Doc();
			Y.applyUpdate(live, Y.encodeStateAsUpdate(doc));
			live.getText('t').insert(0, 'unstored;');
			const result = await docs.compact(id, () => ({ state: Y.encodeStateAsUpdate(live), uptoSeq: 6 }));
			expect(result?.uptoSeq).toBe(6);
			expect(
				restore(await docs.load(id))
					.getText('t')
					.toString()
			).toBe('start;0;1;2;3;4;');
		} finally {
			await offload.close();
		}
		// Starting a worker thread from the TypeScript sources takes seconds on a busy machine.
	}, 30_000);

	it('reads a large board in a worker thread: all of it, to the last update stored, whole and in slices', async () => {
		const offload = createOffload(1);
		try {
			const read: string[] = [];
			const docs = docStoreFor(
				database,
				{
					...offload,
					readLoad: (file, boardId, slice) => (read.push(`load ${boardId}`), offload.readLoad(file, boardId, slice)),
					readMerge: (file, boardId) => (read.push(`merge ${boardId}`), offload.readMerge(file, boardId))
				},
				{ compactOffThread: true }
			);
			const writer = await testUser(database.db, 'reader', 'Reader');
			const doc = new Y.Doc();
			const { id } = await board.create(database.db, { title: 'Large', createdBy: writer, initialUpdate: edit(doc, 'start;') });
			const line = 'x'.repeat(1_000);
			for (let j = 0; j < 40; j++) await docs.append(id, [{ update: edit(doc, `${j}${line};`), userId: writer }]);
			await docs.compact(id);
			// The state and the log after it, past the size a room applies as stored.
			const seq = await docs.append(
				id,
				Array.from({ length: 40 }, (_, j) => ({ update: edit(doc, `${40 + j}${line};`), userId: writer }))
			);
			const small = await docStoreFor(database, offload).load(
				(await board.create(database.db, { title: 'Small', createdBy: writer, initialUpdate: edit(new Y.Doc(), 'small;') })).id
			);

			const stored = await docs.load(id);
			expect(read).toEqual([`merge ${id}`, `load ${id}`]);
			expect(stored.seq).toBe(seq);
			expect(restore(stored).getText('t').toString()).toBe(doc.getText('t').toString());
			expect(
				restore({ updates: [stored.whole!] })
					.getText('t')
					.toString()
			).toBe(doc.getText('t').toString());
			// A small board is read as stored, by the event loop: the hop would cost more than the rows.
			expect(small.whole).toBeUndefined();
			expect(restore(small).getText('t').toString()).toBe('small;');

			// Compacted in the thread too, to the last update; then the state alone is what is read, and nothing is due.
			expect(await docs.compact(id)).toEqual({ uptoSeq: seq, bytes: expect.any(Number) });
			const compacted = await docs.load(id);
			expect(compacted.seq).toBe(seq);
			expect(restore(compacted).getText('t').toString()).toBe(doc.getText('t').toString());
			expect(await docs.compact(id)).toBeNull();
		} finally {
			await offload.close();
		}
	}, 30_000);

	it('lets the event loop turn between compactions that came due together', async () => {
		const docs = docStoreFor(database);
		const writer = await testUser(database.db, 'writer', 'Writer');
		const boards: string[] = [];
		for (let i = 0; i < 6; i++) {
			const doc = new Y.Doc();
			const { id } = await board.create(database.db, { title: `Board ${i}`, createdBy: writer, initialUpdate: edit(doc, 'start;') });
			for (let j = 0; j < 20; j++) await docs.append(id, [{ update: edit(doc, `${j};`), userId: writer }]);
			boards.push(id);
		}

		// A tick per turn of the event loop, noting how many compactions had finished by then.
		let finished = 0;
		const seenPerTurn = [0];
		let ticking = true;
		const tick = () => {
			seenPerTurn.push(finished);
			if (ticking) setImmediate(tick);
		};
		setImmediate(tick);
		const results = await Promise.all(boards.map((id) => docs.compact(id).finally(() => finished++)));
		ticking = false;
		seenPerTurn.push(finished);

		expect(results.every((result) => result?.uptoSeq === 21)).toBe(true);
		const finishedInOneTurn = seenPerTurn.slice(1).map((count, i) => count - seenPerTurn[i]!);
		expect(Math.max(...finishedInOneTurn)).toBe(1);
	});
});
