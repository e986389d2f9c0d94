import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testBoard, testUser, type TestDatabase } from './db/testing.ts';
import * as snapshot from './snapshot.ts';

describe.each(['sqlite', 'postgres'] as const)('snapshots on %s', (dialect) => {
	let database: TestDatabase;
	let chair: string;
	let boardId: string;
	let otherBoardId: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		chair = await testUser(database.db, 'chair', 'Alex Chair');
		boardId = await testBoard(database.db, chair, 'A');
		otherBoardId = await testBoard(database.db, chair, 'B');
	});
	afterAll(() => database.drop());

	it('stores a named version with its author, meeting and exact bytes', async () => {
		const state = new Uint8Array([1, 2, 3, 4]);
		const meta = await snapshot.create(database, {
			boardId,
			kind: 'named',
			title: 'Workshop 3 - agreed scope',
			meeting: { title: 'Shadow board, January', date: '2017-01-12' },
			isMinutes: true,
			createdBy: chair,
			state,
			uptoSeq: 7
		});
		const found = await snapshot.get(database.db, boardId, meta.id);
		expect(found?.state).toEqual(state);
		expect(found?.meta).toMatchObject({ title: 'Workshop 3 - agreed scope', createdByName: 'Alex Chair', isMinutes: true, uptoSeq: 7 });
	});

	it('does not find a version through another board', async () => {
		const meta = await snapshot.create(database, {
			boardId,
			kind: 'named',
			title: 'x',
			createdBy: chair,
			state: new Uint8Array([9]),
			uptoSeq: 1
		});
		expect(await snapshot.get(database.db, otherBoardId, meta.id)).toBeNull();
	});

	it('deletes content but keeps the record of who deleted it', async () => {
		const meta = await snapshot.create(database, {
			boardId,
			kind: 'named',
			title: 'to delete',
			createdBy: chair,
			state: new Uint8Array([5]),
			uptoSeq: 1
		});
		expect(await snapshot.remove(database.db, boardId, meta.id, chair)).toBe(true);
		expect(await snapshot.get(database.db, boardId, meta.id)).toBeNull();
		const listed = (await snapshot.list(database.db, boardId)).find((s) => s.id === meta.id);
		expect(listed?.deletedAt).not.toBeNull();
		const events = await database.db.selectFrom('audit_events').select('type').where('board_id', '=', boardId).execute();
		expect(events.map((e) => e.type)).toContain('snapshot.deleted');
	});

	it('thins old checkpoints and never touches named snapshots', async () => {
		// Three checkpoints inside one hour, three days ago: the hourly rule keeps only the newest.
		const old = Math.floor((Date.now() - 3 * 24 * 3600_000) / 3600_000) * 3600_000 + 5 * 60_000;
		for (let i = 0; i < 3; i++) {
			const meta = await snapshot.create(database, {
				boardId,
				kind: 'checkpoint',
				title: 'Checkpoint',
				createdBy: null,
				state: new Uint8Array([i]),
				uptoSeq: i
			});
			await database.db
				.updateTable('snapshots')
				.set({ created_at: old + i * 60_000 })
				.where('id', '=', meta.id)
				.execute();
		}
		const namedBefore = (await snapshot.list(database.db, boardId)).filter((s) => s.kind === 'named').length;
		expect(await snapshot.thinCheckpoints(database.db, boardId)).toBe(2);
		const after = await snapshot.list(database.db, boardId);
		expect(after.filter((s) => s.kind === 'checkpoint')).toHaveLength(1);
		expect(after.filter((s) => s.kind === 'named')).toHaveLength(namedBefore);
	});
});

describe('a snapshot on SQLite', () => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await openTestDatabase('sqlite');
	});
	afterAll(() => database.drop());

	it('is written without holding the event loop, even while another process holds the write lock', async () => {
		const chair = await testUser(database.db, 'chair', 'Alex Chair');
		const boardId = await testBoard(database.db, chair);
		// A backup script or a second process writing: written on the event loop, the insert would wait for it
		// there (busy timeout), and nothing else in the server, this release below included, could run meanwhile.
		const other = new SQLite(database.sqlite!.name);
		other.exec('begin immediate');
		let last = performance.now();
		let longestGap = 0;
		const ticks = setInterval(() => {
			const now = performance.now();
			longestGap = Math.max(longestGap, now - last);
			last = now;
		}, 5);
		try {
			const taken = snapshot.create(database, {
				boardId,
				kind: 'named',
				title: 'Large',
				createdBy: chair,
				state: new Uint8Array(1_500_000).fill(7),
				uptoSeq: 0
			});
			await new Promise((resolve) => setTimeout(resolve, 300));
			other.exec('rollback');
			const meta = await taken;
			expect((await snapshot.get(database.db, boardId, meta.id))?.state.byteLength).toBe(1_500_000);
			expect(longestGap).toBeLessThan(250);
		} finally {
			clearInterval(ticks);
			other.close();
		}
	});
});
