import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as board from './board.ts';
import { openTestDatabase, testUser, type TestDatabase } from './db/testing.ts';

describe.each(['sqlite', 'postgres'] as const)('my boards on %s', (dialect) => {
	let database: TestDatabase;
	let me: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		me = await testUser(database.db, 'chair', 'Chair');
	});
	afterAll(() => database.drop());

	it('lists the most recently changed board first, by its last edit rather than when it was made', async () => {
		const older = await board.create(database.db, { title: 'Older board', createdBy: me, initialUpdate: new Uint8Array([0, 0]) });
		const newer = await board.create(database.db, { title: 'Newer board', createdBy: me, initialUpdate: new Uint8Array([0, 0]) });
		await database.db.updateTable('boards').set({ created_at: 1000, updated_at: 1000 }).where('id', '=', older.id).execute();
		await database.db.updateTable('board_updates').set({ created_at: 1000 }).where('board_id', '=', older.id).execute();
		expect((await board.listForUser(database.db, me)).map((b) => b.title)).toEqual(['Newer board', 'Older board']);

		// Someone edits the older board: its update is logged now.
		const edited = Date.now() + 60_000;
		await database.db
			.insertInto('board_updates')
			.values({ board_id: older.id, seq: 2, data: Buffer.from([0, 0]), user_id: me, created_at: edited })
			.execute();
		const list = await board.listForUser(database.db, me);
		expect(list.map((b) => b.title)).toEqual(['Older board', 'Newer board']);
		expect(list[0]?.updatedAt).toBe(edited);

		// Once its log is compacted into a state, the state's time stands for the last change.
		await database.db.deleteFrom('board_updates').where('board_id', '=', older.id).execute();
		await database.db
			.insertInto('board_states')
			.values({ board_id: older.id, state: Buffer.from([0, 0]), upto_seq: 2, updated_at: edited + 1 })
			.execute();
		expect((await board.listForUser(database.db, me)).map((b) => [b.title, b.updatedAt])).toEqual([
			['Older board', edited + 1],
			['Newer board', newer.updatedAt]
		]);
	});
});
