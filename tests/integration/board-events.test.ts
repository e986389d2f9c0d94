import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as boardEvents from '../../src/lib/server/board-events.ts';
import type { EventNotice } from '../../src/lib/protocol/messages.ts';
import { startInProcess, type InProcessServer } from '../support/in-process.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { TestClient, waitFor } from '../support/clients.ts';

// Board events reach the open connections of that board only, and only the members they are addressed to.
let fixtures: Fixtures;
let server: InProcessServer;
let endpoint: { wsUrl: string; origin: string };
let chair: TestUser;
let member: TestUser;
let boardId: string;
let otherBoardId: string;
const clients: TestClient[] = [];

function client(user: TestUser, board = boardId): TestClient {
	const created = new TestClient(endpoint, board, user);
	clients.push(created);
	return created;
}

const events = (c: TestClient): EventNotice[] => c.notices.filter((n): n is EventNotice => n.type === 'event');

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Cat Chair');
	member = await fixtures.user('Mo Member');
	boardId = await fixtures.board(chair);
	otherBoardId = await fixtures.board(chair);
	await fixtures.member(boardId, member, 'editor');
	server = await startInProcess(fixtures.dataDir);
	endpoint = server.endpoint;
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.close();
	await fixtures?.close();
});

describe('board events', () => {
	test('everyone on the board hears who did what; another board hears nothing', async () => {
		const chairClient = client(chair);
		const memberClient = client(member);
		const elsewhere = client(chair, otherBoardId);
		await Promise.all([chairClient.synced(), memberClient.synced(), elsewhere.synced()]);

		await boardEvents.announce(boardId, {
			kind: 'restored',
			text: 'Cat Chair restored "Before the workshop"',
			by: { id: chair.id, name: 'Cat Chair' },
			data: { snapshotId: 's1' }
		});
		await waitFor(() => events(memberClient).length === 1 && events(chairClient).length === 1, 'the event on both connections');
		expect(events(memberClient)[0]).toEqual({
			type: 'event',
			kind: 'restored',
			text: 'Cat Chair restored "Before the workshop"',
			by: { id: chair.id, name: 'Cat Chair' },
			data: { snapshotId: 's1' }
		});
		// A later event on the same board proves the other board's silence is not just slowness.
		await boardEvents.announce(boardId, { kind: 'ping', text: 'second' });
		await waitFor(() => events(memberClient).length === 2, 'the second event');
		expect(events(elsewhere)).toEqual([]);
	});

	test('an event addressed to some members reaches only them', async () => {
		const chairClient = client(chair);
		const memberClient = client(member);
		await Promise.all([chairClient.synced(), memberClient.synced()]);
		await boardEvents.announce(boardId, { kind: 'mentioned', text: 'Cat Chair mentioned you', to: [member.id] });
		await boardEvents.announce(boardId, { kind: 'for-all', text: 'everyone' });
		await waitFor(() => events(chairClient).some((e) => e.kind === 'for-all'), 'the event for everyone');
		await waitFor(() => events(memberClient).some((e) => e.kind === 'for-all'), 'the event for everyone');
		expect(events(memberClient).map((e) => e.kind)).toEqual(['mentioned', 'for-all']);
		expect(events(chairClient).map((e) => e.kind)).toEqual(['for-all']);
	});

	test('a client that did not opt in to notices never gets one (the stock client would log an error)', async () => {
		const stock = new TestClient(endpoint, boardId, member, { acks: false });
		clients.push(stock);
		const watcher = client(member);
		await Promise.all([stock.synced(), watcher.synced()]);
		await boardEvents.announce(boardId, { kind: 'quiet', text: 'only for those who listen' });
		await waitFor(() => events(watcher).some((e) => e.kind === 'quiet'), 'the event');
		expect(stock.notices).toEqual([]);
	});
});
