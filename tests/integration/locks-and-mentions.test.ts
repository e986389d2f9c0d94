import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as devalue from 'devalue';
import * as comments from '../../src/lib/board/comments.ts';
import * as locks from '../../src/lib/board/locks.ts';
import * as template from '../../src/lib/board/template.ts';
import * as notifications from '../../src/lib/server/notifications.ts';
import { TestClient } from '../support/clients.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { startApp, type ServerProcess } from '../support/server-process.ts';

// Against the built server (`npm run build` first): the chair's locks in the JSON file and back through import,
// and @mentions added by editing a comment.
let fixtures: Fixtures;
let server: ServerProcess;
let chair: TestUser;
let editor: TestUser;
let observer: TestUser;
let boardId: string;
const clients: TestClient[] = [];
const C = template.TEMPLATE_COLUMN_IDS;

function request(user: TestUser, url: string, init: RequestInit = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	headers.set('Cookie', user.cookie);
	headers.set('Origin', server.origin);
	return fetch(`${server.origin}${url}`, { ...init, headers, redirect: 'manual' });
}

function client(user: TestUser): TestClient {
	const created = new TestClient(server, boardId, user);
	clients.push(created);
	return created;
}

async function importFile(user: TestUser, file: unknown): Promise<{ type: string; status: number; message: string | null }> {
	const form = new FormData();
	form.set('file', new File([JSON.stringify(file)], 'board.json', { type: 'application/json' }));
	const response = await request(user, '/import', { method: 'POST', headers: { 'x-sveltekit-action': 'true' }, body: form });
	const result = (await response.json()) as { type: string; status?: number; data?: string };
	const data = result.data ? (devalue.parse(result.data) as { message?: string }) : null;
	return { type: result.type, status: result.status ?? response.status, message: data?.message ?? null };
}

beforeAll(async () => {
	fixtures = await Fixtures.create();
	// The first account on a trustboard is its administrator, who may import.
	chair = await fixtures.user('Cat Chair');
	editor = await fixtures.user('Eli Editor');
	observer = await fixtures.user('Obi Observer');
	boardId = await fixtures.templateBoard(chair);
	await fixtures.member(boardId, editor, 'editor');
	await fixtures.member(boardId, observer, 'observer');
	server = await startApp(fixtures.dataDir);
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
	await fixtures?.close();
});

describe('locks in the board file', () => {
	test('the JSON export carries the locks; importing it keeps them; a lock on a missing row is refused with a 400 naming it', async () => {
		const chairClient = client(chair);
		await chairClient.synced();
		const by = { id: chair.id, name: 'Cat Chair' };
		// Minutes apart, so the file's order (oldest first) does not hang on both landing in one millisecond.
		locks.lock(chairClient.doc, { kind: 'row', grid: 'scope', rowId: 'svc-adoption' }, by, new Date('2026-12-07T10:00:00Z'));
		locks.lock(
			chairClient.doc,
			{ kind: 'cell', grid: 'scope', rowId: 'svc-fostering', columnId: C.budget },
			by,
			new Date('2026-12-07T10:05:00Z')
		);
		await chairClient.waitConfirmed();

		const response = await request(editor, `/boards/${boardId}/export/live/json`);
		expect(response.status).toBe(200);
		const file = (await response.json()) as { version: number; board: { locks: { key: string; byName: string }[] } };
		expect(file.version).toBe(3);
		expect(file.board.locks.map((l) => [l.key, l.byName])).toEqual([
			['row:scope:svc-adoption', 'Cat Chair'],
			[`cell:scope:svc-fostering:${C.budget}`, 'Cat Chair']
		]);

		const imported = await importFile(chair, file);
		expect(imported).toMatchObject({ type: 'redirect' });
		const copies = await fixtures.db.selectFrom('boards').select('id').where('id', '!=', boardId).execute();
		expect(copies).toHaveLength(1);
		const copy = await fixtures.storedDoc(copies[0]!.id);
		expect([...locks.lockedKeys(copy)].sort()).toEqual([`cell:scope:svc-fostering:${C.budget}`, 'row:scope:svc-adoption']);

		const bad = structuredClone(file);
		bad.board.locks.push({ key: 'row:scope:svc-nowhere', byName: 'Cat Chair', byId: chair.id, at: new Date().toISOString() } as never);
		expect(await importFile(chair, bad)).toEqual({
			type: 'failure',
			status: 400,
			message: 'board.locks[2].key: no scope row "svc-nowhere" to lock'
		});
		const malformed = structuredClone(file);
		malformed.board.locks[0]!.key = 'row:everything';
		expect((await importFile(chair, malformed)).message).toMatch(/^board\.locks\[0\]\.key: "row:everything" is not a lock key/);
		expect(await fixtures.db.selectFrom('boards').select('id').execute()).toHaveLength(2);
	});
});

describe('mentions in an edited comment', () => {
	test('notify the members the edit newly mentions, once, and not those told already', async () => {
		const author = client(editor);
		await author.synced();
		const commentId = comments.addComment(author.doc, {
			target: { grid: 'scope', rowId: 'svc-fostering', columnId: C.notes },
			body: 'Can @Cat Chair confirm the figure?',
			author: { id: editor.id, name: 'Eli Editor' }
		});
		await author.waitConfirmed();
		const ask = (query = '') => request(editor, `/boards/${boardId}/comments/${commentId}/mentions${query}`, { method: 'POST' });
		expect(await (await ask()).json()).toEqual({ notified: 1 });

		const editedAt = new Date();
		comments.editComment(author.doc, commentId, 'Can @Cat Chair confirm the figure? And @Obi Observer, for the minutes.', editedAt);
		await author.waitConfirmed();
		expect(await (await ask(`?editedAt=${editedAt.toISOString()}`)).json()).toEqual({ notified: 1 });
		expect(await (await ask(`?editedAt=${editedAt.toISOString()}`)).json()).toEqual({ notified: 0 });

		const told = async (user: TestUser) => (await notifications.list(fixtures.db, user.id)).filter((n) => n.link.includes(C.notes));
		expect((await told(chair)).map((n) => n.text)).toEqual([expect.stringContaining('Can @Cat Chair confirm the figure?')]);
		expect((await told(observer)).map((n) => n.text)).toEqual([expect.stringContaining('@Obi Observer, for the minutes')]);

		expect((await ask('?editedAt=yesterday')).status).toBe(400);
		// An edit the board does not hold yet is waited for, then not found.
		expect((await ask(`?editedAt=${new Date(Date.now() + 60_000).toISOString()}`)).status).toBe(404);
	});
});
