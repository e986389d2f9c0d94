import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as board from './board.ts';
import { BINDING_GATHER_MS, BindingWriter, load } from './client-ids.ts';
import { openTestDatabase, type TestDatabase } from './db/testing.ts';
import * as user from './user.ts';

describe.each(['sqlite', 'postgres'] as const)('client id bindings on %s', (dialect) => {
	let database: TestDatabase;
	let member: string;
	let other: string;
	let boardId: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		const first = await user.create(database.db, { username: 'member', displayName: 'Mo Member', password: 'password one' });
		const second = await user.create(database.db, { username: 'other', displayName: 'Olu Other', password: 'password two' });
		if (!first.ok || !second.ok) throw new Error('setup failed');
		member = first.user.id;
		other = second.user.id;
		boardId = (await board.create(database.db, { title: 'A', createdBy: member, initialUpdate: new Uint8Array([0, 0]) })).id;
	});
	afterAll(() => database.drop());

	it('stores a meeting joining at once together, after a moment, and keeps the first binding of an id', async () => {
		const failures: unknown[] = [];
		const writer = new BindingWriter(database.db, (error) => failures.push(error));
		// More than one statement's worth: 1,200 members' first edits in one moment.
		for (let clientId = 1; clientId <= 1200; clientId++) writer.bind(boardId, clientId, member);
		writer.bind(boardId, 7, other);
		expect((await load(database.db, boardId)).size).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, BINDING_GATHER_MS * 5));
		await writer.flush();
		const stored = await load(database.db, boardId);
		expect(stored.size).toBe(1200);
		expect(stored.get(7)).toBe(member);
		// Another instance binding the same id later does not take it over.
		writer.bind(boardId, 7, other);
		await writer.flush();
		expect((await load(database.db, boardId)).get(7)).toBe(member);
		expect(failures).toEqual([]);
	});

	it('reports a batch it cannot store and goes on storing the next', async () => {
		const failures: number[] = [];
		const writer = new BindingWriter(database.db, (_error, count) => failures.push(count));
		writer.bind('no-such-board-00', 1, member);
		await writer.flush();
		writer.bind(boardId, 5000, other);
		await writer.flush();
		expect(failures).toEqual([1]);
		expect((await load(database.db, boardId)).get(5000)).toBe(other);
	});
});
