import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { ServerProcess } from '../support/server-process.ts';
import { upgradeStatus } from '../support/clients.ts';

let fixtures: Fixtures;
let server: ServerProcess;
let member: TestUser;
let outsider: TestUser;
let boardId: string;

beforeAll(async () => {
	fixtures = await Fixtures.create();
	member = await fixtures.user('Mo Member');
	outsider = await fixtures.user('Olu Outsider');
	boardId = await fixtures.board(member);
	server = new ServerProcess(fixtures.dataDir);
	await server.start();
});

afterAll(async () => {
	if (server?.running) await server.stop();
	await fixtures?.close();
});

const url = (id: string) => `${server.wsUrl}/${id}`;

describe('the websocket upgrade is decided before any 101', () => {
	test('a member with a session cookie and the app origin connects', async () => {
		expect(await upgradeStatus(url(boardId), { Cookie: member.cookie, Origin: server.origin })).toBe(101);
	});

	test('no session cookie, or a session that does not exist: 401', async () => {
		expect(await upgradeStatus(url(boardId), { Origin: server.origin })).toBe(401);
		expect(
			await upgradeStatus(url(boardId), { Origin: server.origin, Cookie: 'trustboard_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })
		).toBe(401);
	});

	test('a foreign or missing Origin is refused even with a valid cookie: 403', async () => {
		expect(await upgradeStatus(url(boardId), { Cookie: member.cookie, Origin: 'https://evil.example' })).toBe(403);
		expect(await upgradeStatus(url(boardId), { Cookie: member.cookie })).toBe(403);
	});

	test('a non-member, a board that does not exist and a malformed id all get the same 403', async () => {
		expect(await upgradeStatus(url(boardId), { Cookie: outsider.cookie, Origin: server.origin })).toBe(403);
		expect(await upgradeStatus(url('zzzzzzzzzzzzzzzz'), { Cookie: member.cookie, Origin: server.origin })).toBe(403);
		expect(await upgradeStatus(url('..%2F..%2Fetc'), { Cookie: member.cookie, Origin: server.origin })).toBe(403);
	});

	test('upgrades outside /collab/ are not answered as websockets: 404', async () => {
		expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/other`, { Cookie: member.cookie, Origin: server.origin })).toBe(404);
	});

	test('/healthz reports the database reachable', async () => {
		const response = await fetch(`${server.origin}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
	});
});
