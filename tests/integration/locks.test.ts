import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as grid from '../../src/lib/board/grid.ts';
import * as locks from '../../src/lib/board/locks.ts';
import * as read from '../../src/lib/board/read.ts';
import * as template from '../../src/lib/board/template.ts';
import { startInProcess, type InProcessServer } from '../support/in-process.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { TestClient, waitFor } from '../support/clients.ts';

// Locks are enforced by the collaboration server whatever a client sends: stock y-websocket clients writing
// raw Yjs changes, a real server and database.
let fixtures: Fixtures;
let server: InProcessServer;
let endpoint: { wsUrl: string; origin: string };
let chair: TestUser;
let editor: TestUser;
let boardId: string;
const clients: TestClient[] = [];
const ROW = 'svc-front-door';
const OTHER = 'svc-early-help';
const C = template.TEMPLATE_COLUMN_IDS;
const notes = (doc: Y.Doc, rowId: string) => read.readBoard(doc).scope.rows.find((r) => r.id === rowId)?.cells[C.notes];

function client(user: TestUser): TestClient {
	const created = new TestClient(endpoint, boardId, user);
	clients.push(created);
	return created;
}

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Cat Chair');
	editor = await fixtures.user('Eli Editor');
	boardId = await fixtures.templateBoard(chair);
	await fixtures.member(boardId, editor, 'editor');
	server = await startInProcess(fixtures.dataDir);
	endpoint = server.endpoint;
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.close();
	await fixtures?.close();
});

describe('locks', () => {
	test("the chair's lock holds against an editor's raw write; the unlocked edit in the same update stays; everyone hears it", async () => {
		const chairClient = client(chair);
		const editorClient = client(editor);
		await Promise.all([chairClient.synced(), editorClient.synced()]);
		const before = notes(editorClient.doc, ROW);

		locks.lock(chairClient.doc, { kind: 'row', grid: 'scope', rowId: ROW }, { id: chair.id, name: 'Cat Chair' });
		await chairClient.waitConfirmed();
		await waitFor(() => editorClient.notices.some((n) => n.type === 'event' && n.kind === 'locked'), 'the lock announcement');
		expect(editorClient.notices.find((n) => n.type === 'event' && n.kind === 'locked')).toMatchObject({
			text: expect.stringMatching(/^Cat Chair locked row /)
		});
		await waitFor(() => locks.lockedKeys(editorClient.doc).has('row:scope:' + ROW), 'the editor to see the lock');

		// One update: a locked cell and an unlocked one.
		editorClient.doc.transact(() => {
			grid.setCell(editorClient.doc, 'scope', ROW, C.notes, 'changed while locked');
			grid.setCell(editorClient.doc, 'scope', OTHER, C.notes, 'an honest edit');
		});
		await waitFor(() => editorClient.notices.some((n) => n.type === 'locked'), 'the locked notice');
		expect(editorClient.notices.find((n) => n.type === 'locked')).toMatchObject({ reason: expect.stringMatching(/is locked/) });
		await waitFor(() => notes(editorClient.doc, ROW) === before, 'the editor to see the undo');
		await waitFor(() => notes(chairClient.doc, OTHER) === 'an honest edit', 'the honest edit to reach the chair');
		expect(notes(chairClient.doc, ROW)).toBe(before);
		await editorClient.waitConfirmed();
		const stored = await fixtures.storedDoc(boardId);
		expect(notes(stored, ROW)).toBe(before);
		expect(notes(stored, OTHER)).toBe('an honest edit');

		// An editor cannot lift the lock; the chair can, and then the edit goes through.
		locks.unlock(editorClient.doc, { kind: 'row', grid: 'scope', rowId: ROW });
		await waitFor(() => editorClient.notices.filter((n) => n.type === 'locked').length === 2, 'the refusal to unlock');
		await waitFor(() => locks.lockedKeys(editorClient.doc).has('row:scope:' + ROW), 'the lock to come back');
		locks.unlock(chairClient.doc, { kind: 'row', grid: 'scope', rowId: ROW });
		await waitFor(() => editorClient.notices.some((n) => n.type === 'event' && n.kind === 'unlocked'), 'the unlock announcement');
		await waitFor(() => !locks.lockedKeys(editorClient.doc).has('row:scope:' + ROW), 'the editor to see the unlock');
		grid.setCell(editorClient.doc, 'scope', ROW, C.notes, 'after the unlock');
		await editorClient.waitConfirmed();
		expect(notes(await fixtures.storedDoc(boardId), ROW)).toBe('after the unlock');
	});
});
