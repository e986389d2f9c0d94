import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as meta from '../../src/lib/board/meta.ts';
import * as board from '../../src/lib/server/board.ts';
import * as membership from '../../src/lib/server/membership.ts';
import * as session from '../../src/lib/server/session.ts';
import * as snapshot from '../../src/lib/server/snapshot.ts';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import { startInProcess, type InProcessServer } from '../support/in-process.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { TestClient, waitFor } from '../support/clients.ts';

// The app's side of the collaboration server (CollabControl), driven in-process the way SvelteKit actions
// call it, with real clients on a real socket.
let fixtures: Fixtures;
let server: InProcessServer;
let endpoint: { wsUrl: string; origin: string };
let chair: TestUser;
let editor: TestUser;
let boardId: string;
const clients: TestClient[] = [];

function client(user: TestUser): TestClient {
	const created = new TestClient(endpoint, boardId, user);
	clients.push(created);
	return created;
}

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Cat Chair');
	editor = await fixtures.user('Eli Editor');
	boardId = await fixtures.board(chair);
	await fixtures.member(boardId, editor, 'editor');
	server = await startInProcess(fixtures.dataDir, { COLLAB_UNLOAD_DELAY_MS: '100' });
	endpoint = server.endpoint;
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.close();
	await fixtures?.close();
});

describe('automatic checkpoints', () => {
	test('the last editor leaving a board leaves a checkpoint holding their edits', async () => {
		const editorClient = client(editor);
		await editorClient.synced();
		meta.boardDescriptionText(editorClient.doc).insert(0, 'agreed at the workshop ');
		await editorClient.waitConfirmed();
		editorClient.destroy();

		let checkpoint: snapshot.SnapshotMeta | undefined;
		for (let attempt = 0; !checkpoint && attempt < 100; attempt++) {
			await new Promise((resolve) => setTimeout(resolve, 50));
			checkpoint = (await snapshot.list(fixtures.db, boardId)).find((version) => version.kind === 'checkpoint');
		}
		expect(checkpoint, 'a checkpoint within 5 s').toBeDefined();
		const stored = await snapshot.get(fixtures.db, boardId, checkpoint!.id);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, stored!.state);
		expect(meta.boardDescriptionText(doc).toString()).toContain('agreed at the workshop');
		expect(checkpoint!.createdBy).toBeNull();
	});
});

describe('the app acting on open boards', () => {
	// Each change is made only through the function that makes it (membership.ts, session.ts): no caller has
	// to tell the collaboration server.
	test('downgrading an editor to observer makes their open connection read-only at once', async () => {
		const editorClient = client(editor);
		const chairClient = client(chair);
		await Promise.all([editorClient.synced(), chairClient.synced()]);

		await membership.setRole(fixtures.db, boardId, editor.id, 'observer', chair.id);
		await waitFor(() => editorClient.notices.some((n) => n.type === 'read-only' && n.readOnly), 'the read-only notice');

		meta.boardDescriptionText(editorClient.doc).insert(0, 'after downgrade ');
		meta.boardDescriptionText(chairClient.doc).insert(0, 'chair ');
		await chairClient.waitConfirmed();
		await waitFor(() => meta.boardDescriptionText(editorClient.doc).toString().includes('chair '), 'the chair edit');
		expect(meta.boardDescriptionText(chairClient.doc).toString()).not.toContain('after downgrade');
		expect(meta.boardDescriptionText(await fixtures.storedDoc(boardId)).toString()).not.toContain('after downgrade');
	});

	test('removing a member closes their connection with 4403 and it does not reconnect', async () => {
		const removed = await fixtures.user('Rae Removed');
		await fixtures.member(boardId, removed, 'editor');
		const removedClient = client(removed);
		await removedClient.synced();

		await membership.remove(fixtures.db, boardId, removed.id, chair.id);
		await waitFor(() => removedClient.closes.length > 0, 'the close');
		expect(removedClient.closes[0]?.code).toBe(CloseCode.forbidden);
		expect(removedClient.provider.shouldConnect).toBe(false);
	});

	test("signing out everywhere else closes that user's other sessions with 4401 and keeps the current one", async () => {
		const second = { ...chair, ...(await fixtures.signIn(chair.id)) };
		const kept = client(chair);
		const ended = client(second);
		await Promise.all([kept.synced(), ended.synced()]);

		await session.invalidateAllForUser(fixtures.db, chair.id, chair.sessionId);
		await waitFor(() => ended.closes.length > 0, 'the close');
		expect(ended.closes[0]?.code).toBe(CloseCode.sessionEnded);
		expect(kept.closes).toEqual([]);
	});

	test('ending one session (sign-out, signing in again) closes its sockets with 4401 and they do not reconnect', async () => {
		const device = { ...editor, ...(await fixtures.signIn(editor.id)) };
		await membership.setRole(fixtures.db, boardId, editor.id, 'editor', chair.id);
		const ended = client(device);
		const other = client(editor);
		await Promise.all([ended.synced(), other.synced()]);

		await session.invalidate(fixtures.db, device.sessionId);
		await waitFor(() => ended.closes.length > 0, 'the close');
		expect(ended.closes[0]?.code).toBe(CloseCode.sessionEnded);
		expect(ended.provider.shouldConnect).toBe(false);
		meta.boardDescriptionText(other.doc).insert(0, 'still here ');
		await other.waitConfirmed();
		expect(other.closes).toEqual([]);
	});

	test('a server-side change reaches open clients, is stored, and is mirrored into the board list', async () => {
		const watcher = client(chair);
		await watcher.synced();
		await server.runtime.context.collab.change(boardId, chair.id, (doc) => meta.setTitle(doc, 'Renamed by the chair'));
		const stored = await fixtures.storedDoc(boardId);
		expect(stored.getMap('meta').get('title')?.toString()).toBe('Renamed by the chair');
		await waitFor(() => watcher.doc.getMap('meta').get('title')?.toString() === 'Renamed by the chair', 'the rename');
		let listed: string | undefined;
		await waitFor(() => {
			void board.get(fixtures.db, boardId).then((row) => (listed = row?.title));
			return listed === 'Renamed by the chair';
		}, 'the board list to show the new title');
		expect(listed).toBe('Renamed by the chair');
	});

	test('a board that is not open is changed through storage and its state read back', async () => {
		const other = await fixtures.board(chair, 'Quiet board');
		await server.runtime.context.collab.change(other, null, (doc) => meta.setTitle(doc, 'Quiet board, renamed'));
		const state = await server.runtime.context.collab.state(other);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		expect(doc.getMap('meta').get('title')?.toString()).toBe('Quiet board, renamed');
	});
});
