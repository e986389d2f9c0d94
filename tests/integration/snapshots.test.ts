import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as devalue from 'devalue';
import * as Y from 'yjs';
import * as template from '../../src/lib/board/template.ts';
import * as read from '../../src/lib/board/read.ts';
import * as schema from '../../src/lib/board/schema.ts';
import * as scope from '../../src/lib/board/scope.ts';
import * as boardFormat from '../../src/lib/board/format.ts';
import type { BoardView } from '../../src/lib/board/read.ts';
import { createDocStore } from '../../src/lib/server/doc-store.ts';
import * as audit from '../../src/lib/server/audit.ts';
import * as board from '../../src/lib/server/board.ts';
import * as snapshot from '../../src/lib/server/snapshot.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { TestClient, waitFor } from '../support/clients.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';

// Snapshots, restore and downloads against the built server (`npm run build` first), driven over HTTP the way
// a browser or a script does, with y-websocket clients editing at the same time.
let fixtures: Fixtures;
let server: ServerProcess;
let chair: TestUser;
let editor: TestUser;
let outsider: TestUser;
let boardId: string;
const clients: TestClient[] = [];

function client(user: TestUser): TestClient {
	const created = new TestClient(server, boardId, user);
	clients.push(created);
	return created;
}

function request(user: TestUser | null, path: string, init: RequestInit = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	if (user) headers.set('Cookie', user.cookie);
	headers.set('Origin', server.origin);
	return fetch(`${server.origin}${path}`, { ...init, headers, redirect: 'manual' });
}

/** Posts a form action as SvelteKit's enhanced forms do, and decodes its result. */
async function action(user: TestUser, path: string, fields: Record<string, string>) {
	const response = await request(user, path, {
		method: 'POST',
		headers: { 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields)
	});
	const result = (await response.json()) as { type: string; status?: number; data?: string };
	return { type: result.type, status: result.status ?? response.status, data: result.data ? devalue.parse(result.data) : null };
}

async function takeSnapshot(title: string, extra: Record<string, string> = {}): Promise<string> {
	const result = await action(chair, `/boards/${boardId}/versions?/take`, { title, ...extra });
	expect(result.type).toBe('success');
	return (result.data as { snapshot: { id: string } }).snapshot.id;
}

/** Both clients have each other's edits and the server has stored them all. */
async function settled(...all: TestClient[]): Promise<void> {
	const vector = (doc: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort());
	await waitFor(() => all.every((c) => vector(c.doc) === vector(all[0]!.doc)), 'the clients to converge');
	const expected = vector(all[0]!.doc);
	const deadline = Date.now() + 10_000;
	while (vector(await fixtures.storedDoc(boardId)) !== expected) {
		if (Date.now() > deadline) throw new Error('timed out waiting for the server to store every edit');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function docOf(state: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

async function storedSnapshot(id: string): Promise<{ meta: snapshot.SnapshotMeta; doc: Y.Doc }> {
	const found = await snapshot.get(fixtures.db, boardId, id);
	if (!found) throw new Error(`snapshot ${id} not stored`);
	return { meta: found.meta, doc: docOf(found.state) };
}

function budgets(view: BoardView): Record<string, unknown> {
	return Object.fromEntries(view.scope.rows.map((r) => [r.id, r.cells[template.TEMPLATE_COLUMN_IDS.budget]]));
}

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Chris Chair');
	editor = await fixtures.user('Eddie Editor');
	outsider = await fixtures.user('Olly Outsider');
	boardId = await fixtures.board(chair, 'Shadow trust board');
	await fixtures.member(boardId, editor, 'editor');
	// The services and models of the template, written as the chair before anyone connects.
	const doc = await fixtures.storedDoc(boardId);
	const before = Y.encodeStateVector(doc);
	template.applyTemplate(doc, 'shadow-trust');
	await createDocStore(fixtures.db).append(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: chair.id }]);
	server = await startApp(fixtures.dataDir);
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	if (server?.running) await server.stop();
	await fixtures?.close();
});

describe('snapshots of a board being edited', () => {
	test('a snapshot taken while two clients type equals the server’s document at one instant', async () => {
		const a = client(chair);
		const b = client(editor);
		await Promise.all([a.synced(), b.synced()]);
		let typing = true;
		let n = 0;
		const type = async (c: TestClient, rowId: string) => {
			while (typing) {
				scope.setCell(c.doc, rowId, template.TEMPLATE_COLUMN_IDS.budget, ++n);
				await new Promise((resolve) => setTimeout(resolve, 3));
			}
		};
		const editing = Promise.all([type(a, 'svc-fostering'), type(b, 'svc-adoption')]);
		await new Promise((resolve) => setTimeout(resolve, 150));
		const id = await takeSnapshot('Mid-workshop');
		await new Promise((resolve) => setTimeout(resolve, 150));
		typing = false;
		await editing;
		await settled(a, b);

		// The server applies and logs updates in one order, so "the server's state at an instant" is the
		// log replayed up to some entry. Find that entry: the snapshot must equal it exactly.
		const { meta, doc } = await storedSnapshot(id);
		const target = Y.snapshot(doc);
		const log = await createDocStore(fixtures.db).readSince(boardId, 0, 100_000);
		const replay = new Y.Doc();
		let matchedAt = -1;
		for (const entry of log) {
			Y.applyUpdate(replay, entry.update);
			if (Y.equalSnapshots(Y.snapshot(replay), target)) {
				matchedAt = entry.seq;
				break;
			}
		}
		expect(matchedAt).toBeGreaterThanOrEqual(meta.uptoSeq);
		expect(read.readBoard(replay)).toEqual(read.readBoard(doc));
		// Both clients kept typing after it: the snapshot was a moment of a live session, not its end.
		expect(log.at(-1)!.seq).toBeGreaterThan(matchedAt);
		expect(read.readBoard(doc).scope.rows.find((r) => r.id === 'svc-fostering')?.cells[template.TEMPLATE_COLUMN_IDS.budget]).toBeTypeOf(
			'number'
		);
	});

	test('restore brings back the old content for every connected client, as an undoable change', async () => {
		const a = client(chair);
		const b = client(editor);
		await Promise.all([a.synced(), b.synced()]);
		scope.setCell(a.doc, 'svc-education', template.TEMPLATE_COLUMN_IDS.budget, 1000);
		scope.setCell(a.doc, 'svc-education', template.TEMPLATE_COLUMN_IDS.notes, 'Agreed at workshop 3');
		await a.waitConfirmed();
		const agreed = await takeSnapshot('Workshop 3 - agreed scope');
		const agreedView = read.readBoard((await storedSnapshot(agreed)).doc);

		scope.setCell(b.doc, 'svc-education', template.TEMPLATE_COLUMN_IDS.budget, 1);
		scope.setCell(b.doc, 'svc-education', template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
		schema.roots(b.doc).scopeRows.delete('svc-lado');
		await settled(a, b);
		const beforeRestore = read.readBoard(b.doc);

		const restored = await action(chair, `/boards/${boardId}/versions?/restore`, { snapshotId: agreed });
		expect(restored.type).toBe('success');
		for (const c of [a, b]) {
			await waitFor(() => JSON.stringify(read.readBoard(c.doc)) === JSON.stringify(agreedView), 'the restored content');
		}
		expect(budgets(read.readBoard(b.doc))['svc-education']).toBe(1000);
		const events = await audit.listForBoard(fixtures.db, boardId);
		expect(events.find((e) => e.type === 'snapshot.restored')?.detail).toMatchObject({ snapshot: agreed });

		// Undo: the checkpoint taken just before the restore puts the editor's changes back.
		const undo = (restored.data as { undo: { id: string; title: string } }).undo;
		expect(undo.title).toBe('Before restoring Workshop 3 - agreed scope');
		expect((await action(chair, `/boards/${boardId}/versions?/restore`, { snapshotId: undo.id })).type).toBe('success');
		for (const c of [a, b]) {
			await waitFor(() => JSON.stringify(read.readBoard(c.doc)) === JSON.stringify(beforeRestore), 'the undone restore');
		}
	});

	test('compare says who changed each cell', async () => {
		const a = client(chair);
		const b = client(editor);
		await Promise.all([a.synced(), b.synced()]);
		const from = await takeSnapshot('Before the January report');
		scope.setCell(b.doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.staff, 41);
		scope.setCell(a.doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.staff, 12);
		await settled(a, b);

		const response = await request(chair, `/boards/${boardId}/compare/json?from=${from}&to=live`);
		expect(response.status).toBe(200);
		const body = (await response.json()) as {
			diff: { scope: { cells: { path: string; row: string; to: string }[] } };
			attribution: Record<string, { name: string }>;
		};
		const cells = body.diff.scope.cells.map((c) => [c.row, c.to, body.attribution[c.path]?.name]);
		expect(cells).toEqual([
			['Fostering', '41', 'Eddie Editor'],
			['Adoption', '12', 'Chris Chair']
		]);
	});
});

describe('downloads', () => {
	test('each format downloads with a safe name, its type, nosniff and no caching', async () => {
		const id = await takeSnapshot('Workshop 4: "final" scope');
		const expected = {
			xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'csv-scope': 'text/csv; charset=utf-8',
			'csv-models': 'text/csv; charset=utf-8',
			json: 'application/json; charset=utf-8',
			md: 'text/markdown; charset=utf-8'
		};
		for (const [format, type] of Object.entries(expected)) {
			for (const version of [id, 'live']) {
				const response = await request(editor, `/boards/${boardId}/export/${version}/${format}`);
				expect(response.status, `${format} of ${version}`).toBe(200);
				expect(response.headers.get('content-type')).toBe(type);
				expect(response.headers.get('x-content-type-options')).toBe('nosniff');
				expect(response.headers.get('cache-control')).toBe('no-store');
				expect(response.headers.get('content-disposition')).toMatch(
					version === 'live'
						? /^attachment; filename="Shadow-trust-board_Live-board_[\w-]*\d{4}-\d{2}-\d{2}\.\w+"$/
						: /^attachment; filename="Shadow-trust-board_Workshop-4-final-scope_[\w-]*\d{4}-\d{2}-\d{2}\.\w+"$/
				);
				await response.arrayBuffer();
			}
		}
		const csv = await (await request(editor, `/boards/${boardId}/export/${id}/csv-scope`)).text();
		// fetch's text() drops the BOM: check it on the bytes.
		const bytes = new Uint8Array(await (await request(editor, `/boards/${boardId}/export/${id}/csv-scope`)).arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(csv.split('\r\n')[0]).toMatch(/^Service,Area,Scope decision,/);
	});

	test('a session that downloads too much is told to wait, with Retry-After, and other sessions are not', async () => {
		// A session of its own, so the other tests' downloads do not count against it (and this one's not against them).
		const hurried = { ...editor, ...(await fixtures.signIn(editor.id)) };
		const path = `/boards/${boardId}/export/live/csv-models`;
		// The default allowance is a burst of 30, then one every 2 seconds: asking without pause soon runs it out.
		let allowed = 0;
		let refused = await request(hurried, path);
		while (refused.status === 200 && allowed < 60) {
			await refused.arrayBuffer();
			allowed++;
			refused = await request(hurried, path);
		}
		expect(allowed).toBeGreaterThanOrEqual(30);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(refused.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await refused.text()).toMatch(/^You have downloaded many files in a short time\. Please wait \d+ seconds? and try again\.$/);
		expect((await request(chair, path)).status).toBe(200);
	});

	test('a JSON download imports as a new board with the same content; bad files are refused and store nothing', async () => {
		const file = await (await request(chair, `/boards/${boardId}/export/live/json`)).text();
		const boardsBefore = (await board.listForUser(fixtures.db, chair.id)).length;
		const post = (content: string, name = 'board.json') => {
			const form = new FormData();
			form.set('file', new File([content], name, { type: 'application/json' }));
			// As a browser without JavaScript posts it: the answer is the page, with the action's status.
			return request(chair, '/import', { method: 'POST', body: form, headers: { Accept: 'text/html' } });
		};
		for (const bad of ['{"format":"trustboard.board","version":1}', 'not json', JSON.stringify({ ...JSON.parse(file), version: 7 })]) {
			const refused = await post(bad);
			expect(refused.status).toBe(400);
			expect(await refused.text()).toContain('The board was not imported');
		}
		expect((await board.listForUser(fixtures.db, chair.id)).length).toBe(boardsBefore);
		const editorTry = new FormData();
		editorTry.set('file', new File([file], 'board.json'));
		expect((await request(editor, '/import', { method: 'POST', body: editorTry, headers: { Accept: 'text/html' } })).status).toBe(403);

		const imported = await post(file);
		expect(imported.status).toBe(303);
		const newId = imported.headers.get('location')?.split('/').at(-1) ?? '';
		const copy = await fixtures.storedDoc(newId);
		const live = await fixtures.storedDoc(boardId);
		// A copy in every respect but its title, which says it was imported.
		expect({ ...read.readBoard(copy), title: '' }).toEqual({ ...read.readBoard(live), title: '' });
		expect(read.readBoard(copy).title).toBe(
			`${read.readBoard(live).title} (imported ${boardFormat.formatDate(new Date().toISOString().slice(0, 10))})`
		);
		expect((await board.listForUser(fixtures.db, chair.id)).length).toBe(boardsBefore + 1);
	});
});

describe('who can see versions', () => {
	test('non-members get the same 404 on every snapshot URL; guessed and foreign ids reveal nothing', async () => {
		const id = await takeSnapshot('Minuted', { meetingTitle: 'Shadow board, January', meetingDate: '2017-01-12', isMinutes: 'on' });
		const otherBoard = await fixtures.board(outsider, 'Another board');
		const urls = [
			`/boards/${boardId}/versions`,
			`/boards/${boardId}/versions/${id}`,
			`/boards/${boardId}/export/${id}/xlsx`,
			`/boards/${boardId}/export/${id}/json`,
			`/boards/${boardId}/export/live/csv-scope`,
			`/boards/${boardId}/compare`,
			`/boards/${boardId}/compare?from=${id}&to=live`,
			`/boards/${boardId}/compare/csv?from=${id}&to=live`,
			`/boards/${boardId}/minutes/${id}`,
			`/boards/${boardId}/minutes/${id}/download`
		];
		for (const url of urls) {
			const member = await request(chair, url);
			expect(member.status, `member: ${url}`).toBe(200);
			await member.arrayBuffer();
			const response = await request(outsider, url);
			expect(response.status, `outsider: ${url}`).toBe(404);
			await response.arrayBuffer();
		}
		for (const name of ['take', 'restore', 'delete', 'minutes']) {
			const result = await action(outsider, `/boards/${boardId}/versions?/${name}`, { snapshotId: id, title: 'x' });
			expect(result.status, `outsider action ${name}`).toBe(404);
		}
		// A member guessing: an id of another board's version, a made-up id, a malformed one.
		const foreign = await snapshot.create(fixtures.database, {
			boardId: otherBoard,
			kind: 'named',
			title: 'Theirs',
			createdBy: outsider.id,
			state: new Uint8Array([0, 0]),
			uptoSeq: 0
		});
		for (const guess of [foreign.id, 'aaaaaaaaaaaaaaaa', '..%2F..%2Fetc']) {
			for (const url of [
				`/boards/${boardId}/versions/${guess}`,
				`/boards/${boardId}/export/${guess}/json`,
				`/boards/${boardId}/minutes/${guess}`,
				`/boards/${boardId}/compare?from=${guess}`
			]) {
				const response = await request(chair, url);
				expect(response.status, `guess: ${url}`).toBe(404);
				await response.arrayBuffer();
			}
		}
		// Editors see and download, but only chairs take, restore or delete.
		expect((await action(editor, `/boards/${boardId}/versions?/delete`, { snapshotId: id })).status).toBe(403);
		expect((await action(editor, `/boards/${boardId}/versions?/restore`, { snapshotId: id })).status).toBe(403);
		expect((await action(editor, `/boards/${boardId}/versions?/take`, { title: 'x' })).status).toBe(403);
	});
});
