import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as meta from '../../src/lib/board/meta.ts';
import { BoardConnection } from '../../src/lib/collab/board-connection.svelte.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { ServerProcess } from '../support/server-process.ts';
import { TestClient, socketWithHeaders, waitFor } from '../support/clients.ts';

// The browser client's reactive state against the real server: what the board page shows.
let fixtures: Fixtures;
let server: ServerProcess;
let chair: TestUser;
let editor: TestUser;
let boardId: string;
let connection: BoardConnection;
let other: TestClient;

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Ada Lovelace');
	editor = await fixtures.user('Grace Hopper');
	boardId = await fixtures.board(chair);
	await fixtures.member(boardId, editor, 'editor');
	server = new ServerProcess(fixtures.dataDir);
	await server.start();
	connection = new BoardConnection({
		boardId,
		user: { id: chair.id, name: chair.displayName },
		readOnly: false,
		serverUrl: server.wsUrl,
		WebSocketPolyfill: socketWithHeaders({ Cookie: chair.cookie, Origin: server.origin }),
		offline: false
	});
	other = new TestClient(server, boardId, editor, { presence: { cell: 'row-1' } });
});

afterAll(async () => {
	connection?.destroy();
	other?.destroy();
	if (server?.running) await server.stop();
	await fixtures?.close();
});

describe('BoardConnection', () => {
	test('goes live, lists the other person once, and shows their presence', async () => {
		await waitFor(() => connection.status === 'live' && connection.synced, 'live and synced');
		await waitFor(() => connection.peers.length === 1, 'the other person');
		expect(connection.peers[0]).toMatchObject({ userId: editor.id, name: 'Grace Hopper', state: { cell: 'row-1' } });
	});

	test('shows saving until the server confirms, for insertions and for pure deletions', async () => {
		const text = meta.boardDescriptionText(connection.doc);
		text.insert(0, 'Draft: ');
		expect(connection.save).toBe('saving');
		await waitFor(() => connection.save === 'saved', 'saved after an insertion');

		text.delete(0, 7);
		expect(connection.save).toBe('saving');
		await waitFor(() => connection.save === 'saved', 'saved after a deletion');
		await waitFor(() => meta.boardDescriptionText(other.doc).toString() === text.toString(), 'the other client to converge');
	});

	test('says Connecting… until live, never Offline, when it connects and when it reconnects', async () => {
		const fresh = new BoardConnection({
			boardId,
			user: { id: chair.id, name: chair.displayName },
			readOnly: false,
			serverUrl: server.wsUrl,
			WebSocketPolyfill: socketWithHeaders({ Cookie: chair.cookie, Origin: server.origin }),
			offline: false
		});
		// Every status it shows, however briefly: each assignment to the field, seen through an accessor of its own.
		const shown: string[] = [fresh.status];
		let current = fresh.status;
		Object.defineProperty(fresh, 'status', {
			get: () => current,
			set: (value: typeof current) => {
				if (shown.at(-1) !== value) shown.push(value);
				current = value;
			}
		});
		try {
			await waitFor(() => fresh.status === 'live', 'live');
			expect(shown).toEqual(['connecting', 'live']);
			// A dropped socket: offline until the new socket is open, connecting until the server has answered.
			shown.length = 0;
			fresh.provider.ws?.close();
			await waitFor(() => shown.includes('live'), 'live again');
			expect(shown).toEqual(['offline', 'connecting', 'live']);
		} finally {
			fresh.destroy();
		}
	});

	test('goes offline while the server is down, keeps edits, and saves them after reconnecting', async () => {
		await server.stop('SIGKILL');
		await waitFor(() => connection.status === 'offline' && connection.reconnecting, 'offline, reconnecting');
		meta.boardDescriptionText(connection.doc).insert(0, 'Written offline. ');
		expect(connection.save).toBe('saving');
		await server.start();
		await waitFor(() => connection.status === 'live' && connection.save === 'saved', 'live and saved again');
		expect(
			meta
				.boardDescriptionText(await fixtures.storedDoc(boardId))
				.toString()
				.startsWith('Written offline. ')
		).toBe(true);
	});
});
