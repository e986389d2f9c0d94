import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as meta from '../../src/lib/board/meta.ts';
import { colourFor } from '../../src/lib/protocol/presence.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { ServerProcess } from '../support/server-process.ts';
import { TestClient, waitFor } from '../support/clients.ts';

let fixtures: Fixtures;
let server: ServerProcess;
let chair: TestUser;
let editor: TestUser;
let observer: TestUser;
let boardId: string;
const clients: TestClient[] = [];

function client(user: TestUser, options?: ConstructorParameters<typeof TestClient>[3]): TestClient {
	const created = new TestClient(server, boardId, user, options);
	clients.push(created);
	return created;
}

const description = (c: TestClient) => meta.boardDescriptionText(c.doc).toString();

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Ada Chair');
	editor = await fixtures.user('Ben Editor');
	observer = await fixtures.user('Dee Observer');
	boardId = await fixtures.board(chair);
	await fixtures.member(boardId, editor, 'editor');
	await fixtures.member(boardId, observer, 'observer');
	server = new ServerProcess(fixtures.dataDir);
	await server.start();
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	if (server?.running) await server.stop();
	await fixtures?.close();
});

describe('live collaboration between stock y-websocket clients', () => {
	test('two clients converge on concurrent edits', async () => {
		const a = client(chair);
		const b = client(editor);
		await Promise.all([a.synced(), b.synced()]);
		expect(description(a)).toBe('Scope of services and delivery models');

		meta.boardDescriptionText(a.doc).insert(0, 'A: ');
		meta.boardDescriptionText(b.doc).insert(meta.boardDescriptionText(b.doc).length, ' :B');
		await waitFor(
			() => description(a) === description(b) && description(a).includes('A: ') && description(a).includes(' :B'),
			'convergence'
		);
		expect(description(b)).toBe('A: Scope of services and delivery models :B');
	});

	test('presence carries the identity the server authenticated, not what the client claimed', async () => {
		const honest = client(chair);
		const spoofer = client(editor, { presence: { user: { id: chair.id, name: 'Ada Chair', colour: '#000000' }, cell: 'r1:c2' } });
		await Promise.all([honest.synced(), spoofer.synced()]);
		const seen = () => honest.provider.awareness.getStates().get(spoofer.doc.clientID) as { user?: unknown; cell?: unknown } | undefined;
		await waitFor(() => seen() !== undefined, 'the spoofer to appear');
		expect(seen()).toEqual({ user: { id: editor.id, name: 'Ben Editor', colour: colourFor(editor.id) }, cell: 'r1:c2' });
	});

	test('a value that breaks the board schema is repaired for everyone and its sender is told', async () => {
		const vandal = client(editor);
		const other = client(chair);
		await Promise.all([vandal.synced(), other.synced()]);
		vandal.doc.getMap('meta').set('scale', 'not a scale');
		await waitFor(() => vandal.notices.some((n) => n.type === 'repaired'), 'the repair notice');
		// Every connection gets the repair once it is stored, in no set order: wait for each.
		await waitFor(() => typeof other.doc.getMap('meta').get('scale') !== 'string', 'the repair to reach others');
		await waitFor(() => vandal.doc.getMap('meta').get('scale') !== 'not a scale', 'the repair to reach the sender');
		expect(typeof vandal.doc.getMap('meta').get('scale')).not.toBe('string');
	});

	test('an observer sees edits live but its own edits never reach the board, not even after a restart', async () => {
		const watcher = client(observer);
		const writer = client(editor);
		await Promise.all([watcher.synced(), writer.synced()]);

		meta.boardDescriptionText(watcher.doc).insert(0, 'OBSERVER WAS HERE ');
		await waitFor(() => watcher.notices.some((n) => n.type === 'read-only' && n.readOnly), 'the read-only notice');
		meta.boardDescriptionText(writer.doc).insert(0, 'editor edit ');
		await waitFor(() => description(watcher).includes('editor edit'), 'the observer to see the edit');
		await writer.waitConfirmed();
		expect(description(writer)).not.toContain('OBSERVER');

		await server.restart('SIGKILL');
		const stored = await fixtures.storedDoc(boardId);
		expect(meta.boardDescriptionText(stored).toString()).not.toContain('OBSERVER');
		const fresh = client(chair);
		await fresh.synced();
		expect(description(fresh)).toContain('editor edit');
		expect(description(fresh)).not.toContain('OBSERVER');
	});
});
