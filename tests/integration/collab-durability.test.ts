import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as meta from '../../src/lib/board/meta.ts';
import * as board from '../../src/lib/server/board.ts';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { ServerProcess } from '../support/server-process.ts';
import { TestClient, waitFor } from '../support/clients.ts';

let fixtures: Fixtures;
let server: ServerProcess;
let chair: TestUser;
let boardId: string;
const clients: TestClient[] = [];

function client(): TestClient {
	const created = new TestClient(server, boardId, chair);
	clients.push(created);
	return created;
}

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Cy Chair');
	boardId = await fixtures.board(chair);
	// Small compaction threshold so the kill also lands after compactions, not only on a plain log.
	server = new ServerProcess(fixtures.dataDir, { COLLAB_COMPACT_AFTER_UPDATES: '25', COLLAB_UNLOAD_DELAY_MS: '200' });
	await server.start();
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	if (server?.running) await server.stop();
	await fixtures?.close();
});

describe('every confirmed edit is durable', () => {
	test('edits the server confirmed survive SIGKILL and a restart', async () => {
		const writer = client();
		await writer.synced();
		const text = meta.boardDescriptionText(writer.doc);
		for (let i = 0; i < 60; i++) text.insert(text.length, ` e${i}`);
		await writer.waitConfirmed();
		const confirmed = text.toString();

		await server.restart('SIGKILL');
		const stored = await fixtures.storedDoc(boardId);
		expect(meta.boardDescriptionText(stored).toString()).toBe(confirmed);

		const reader = client();
		await reader.synced();
		expect(meta.boardDescriptionText(reader.doc).toString()).toBe(confirmed);
	});

	test('a board is stored compacted when it leaves the server, without the text typed and deleted on the way', async () => {
		const before = await fixtures.storedDoc(boardId);
		const baseBytes = Y.encodeStateAsUpdate(before).byteLength;
		before.destroy();
		const writer = client();
		await writer.synced();
		const text = meta.boardDescriptionText(writer.doc);
		const start = text.length;
		for (let i = 0; i < 40; i++) {
			text.insert(start, `draft ${i} `.padEnd(200, '.'));
			text.delete(start, 200);
		}
		await writer.waitConfirmed();
		writer.destroy();
		const head = await fixtures.db.selectFrom('board_heads').select('seq').where('board_id', '=', boardId).executeTakeFirstOrThrow();
		const stateOf = () =>
			fixtures.db.selectFrom('board_states').select(['state', 'upto_seq']).where('board_id', '=', boardId).executeTakeFirst();
		let state = await stateOf();
		for (let tries = 0; state?.upto_seq !== Number(head.seq) && tries < 100; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 50));
			state = await stateOf();
		}
		expect(state?.upto_seq).toBe(Number(head.seq));
		// 8 KB of text was typed and deleted: a state merged from the log would keep it, the board's own does not.
		expect(state!.state.byteLength).toBeLessThan(baseBytes + 1_000);
	});

	test('a confirmation is never sent for an edit that is not stored', async () => {
		const writer = client();
		await writer.synced();
		for (let round = 0; round < 5; round++) {
			meta.boardDescriptionText(writer.doc).insert(0, `r${round} `);
			await writer.waitConfirmed();
			const durable = Y.decodeStateVector(writer.saved.at(-1)!.stateVector);
			const stored = Y.encodeStateVector(await fixtures.storedDoc(boardId));
			for (const [client, clock] of durable) expect(Y.decodeStateVector(stored).get(client) ?? 0).toBeGreaterThanOrEqual(clock);
		}
	});

	test('a graceful stop stores pending edits and closes sockets as "restarting" (1012)', async () => {
		const writer = client();
		const watcher = client();
		await Promise.all([writer.synced(), watcher.synced()]);
		meta.titleText(writer.doc).insert(meta.titleText(writer.doc).length, ' (draft)');
		// Once another client has it, the server holds it; stop before waiting for any confirmation.
		await waitFor(() => meta.titleText(watcher.doc).toString().endsWith('(draft)'), 'the edit to reach the server');
		const expected = meta.boardDescriptionText(writer.doc).toString();
		const { code } = await server.stop('SIGTERM');
		expect(code).toBe(0);
		await waitFor(() => writer.closes.some((c) => c.code === CloseCode.serviceRestart), 'the 1012 close');
		const stored = await fixtures.storedDoc(boardId);
		expect(meta.titleText(stored).toString()).toBe('Shadow trust board (draft)');
		expect(meta.boardDescriptionText(stored).toString()).toBe(expected);
		// The live title is mirrored into the board list on the way out.
		expect((await board.get(fixtures.db, boardId))?.title).toBe('Shadow trust board (draft)');
		await server.start();
	});

	test('edits made while the server is down are sent on reconnect and confirmed once', async () => {
		const writer = client();
		await writer.synced();
		await server.stop('SIGKILL');
		meta.boardDescriptionText(writer.doc).insert(0, 'offline edit ');
		await server.start();
		await writer.synced();
		await writer.waitConfirmed();
		const stored = await fixtures.storedDoc(boardId);
		const storedText = meta.boardDescriptionText(stored).toString();
		expect(storedText.startsWith('offline edit ')).toBe(true);
		expect(storedText.split('offline edit').length).toBe(2);
	});
});
