import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as devalue from 'devalue';
import * as Y from 'yjs';
import * as template from '../../src/lib/board/template.ts';
import type { EventNotice } from '../../src/lib/protocol/messages.ts';
import type { AgendaState } from '../../src/lib/meeting/agenda.ts';
import { createDocStore } from '../../src/lib/server/doc-store.ts';
import { TestClient, waitFor } from '../support/clients.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { ServerProcess } from '../support/server-process.ts';

// Running a meeting against the built server (`npm run build` first): who may run the agenda, and who hears of it.
let fixtures: Fixtures;
let server: ServerProcess;
let chair: TestUser;
let editor: TestUser;
let observer: TestUser;
let outsider: TestUser;
let boardId: string;

function request(user: TestUser | null, url: string, init: RequestInit = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	if (user) headers.set('Cookie', user.cookie);
	headers.set('Origin', server.origin);
	return fetch(`${server.origin}${url}`, { ...init, headers, redirect: 'manual' });
}

async function action(user: TestUser | null, name: string, fields: Record<string, string | string[]> = {}) {
	const body = new URLSearchParams();
	for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
	const response = await request(user, `/boards/${boardId}/agenda?/${name}`, {
		method: 'POST',
		headers: { 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
		body
	});
	const result = (await response.json()) as { type: string; status?: number; data?: string };
	return {
		type: result.type,
		status: result.status ?? response.status,
		data: result.data ? (devalue.parse(result.data) as Record<string, unknown>) : null
	};
}

async function agendaNow(user: TestUser = chair): Promise<AgendaState> {
	const response = await request(user, `/boards/${boardId}/agenda/state`);
	expect(response.status).toBe(200);
	return (await response.json()) as AgendaState;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

const events = (client: TestClient) => client.notices.filter((n): n is EventNotice => n.type === 'event');

beforeAll(async () => {
	if (ServerProcess.entry !== 'build/server.js') throw new Error('these tests need the built app: run `npm run build` first');
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Chris Chair');
	editor = await fixtures.user('Eddie Editor');
	observer = await fixtures.user('Olive Observer');
	outsider = await fixtures.user('Olly Outsider');
	boardId = await fixtures.board(chair, 'Shadow trust board');
	await fixtures.member(boardId, editor, 'editor');
	await fixtures.member(boardId, observer, 'observer');
	const doc = await fixtures.storedDoc(boardId);
	const before = Y.encodeStateVector(doc);
	template.applyTemplate(doc, 'shadow-trust');
	await createDocStore(fixtures.db).append(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: chair.id }]);
	const port = await freePort();
	server = new ServerProcess(fixtures.dataDir, { ORIGIN: `http://127.0.0.1:${port}` });
	server.port = port;
	await server.start();
}, 60_000);

afterAll(async () => {
	if (server?.running) await server.stop();
	await fixtures?.close();
});

describe('the agenda and the meeting clock', () => {
	test('no one but the chair changes the agenda or the clock, by any action or by writing into the board', async () => {
		const added = await action(chair, 'add', { title: 'Welcome', minutes: '5', parts: ['service:svc-adoption'] });
		expect(added.type).toBe('success');
		const itemId = (await agendaNow()).items[0]!.id;
		const before = await agendaNow();

		const attempts: [string, Record<string, string | string[]>][] = [
			['setDate', { meetingDate: '2030-01-01' }],
			['add', { title: 'Any other business', minutes: '10' }],
			['update', { itemId, title: 'Renamed', minutes: '50' }],
			['remove', { itemId }],
			['move', { itemId, by: 'down' }],
			['start', {}],
			['pause', {}],
			['goTo', { itemId }],
			['askToFollow', {}]
		];
		for (const [name, fields] of attempts) {
			expect((await action(editor, name, fields)).status, `editor ${name}`).toBe(403);
			expect((await action(observer, name, fields)).status, `observer ${name}`).toBe(403);
			expect((await action(outsider, name, fields)).status, `outsider ${name}`).toBe(404);
			expect((await action(null, name, fields)).status, `signed out ${name}`).toBe(401);
		}
		// The agenda lives in the database, not the board's document: a member's raw websocket write of an
		// "agenda" into the document changes nothing anyone is shown.
		const raw = new TestClient(server, boardId, editor);
		await raw.synced();
		raw.doc.getMap('agenda').set(
			'clock',
			new Y.Map([
				['currentId', itemId],
				['runningSince', Date.now()]
			]) as never
		);
		raw.doc.getMap('agenda').set('items', 'Editor’s own agenda');
		await waitFor(() => raw.confirmed || raw.closes.length > 0, 'the write to be stored or refused');
		raw.destroy();

		const after = await agendaNow(editor);
		expect({ ...after, serverNow: 0 }).toEqual({ ...before, serverNow: 0 });
		expect(await fixtures.db.selectFrom('agenda_items').select('title').where('board_id', '=', boardId).execute()).toEqual([
			{ title: 'Welcome' }
		]);
		// Outsiders cannot read it either.
		expect((await request(outsider, `/boards/${boardId}/agenda/state`)).status).toBe(404);
		expect((await request(outsider, `/boards/${boardId}/agenda`)).status).toBe(404);
	});

	test('bad input is refused with a reason and changes nothing', async () => {
		const before = await agendaNow();
		const refusals: Record<string, string | string[]>[] = [
			{ title: '', minutes: '5' },
			{ title: 'x', minutes: '0' },
			{ title: 'x', minutes: '9999' },
			{ title: 'x', minutes: '5', parts: ['service:nosuchservice'] }
		];
		for (const fields of refusals) {
			const refused = await action(chair, 'add', fields);
			expect(refused.status).toBe(400);
			expect(String(refused.data?.message)).not.toBe('');
		}
		expect((await action(chair, 'setDate', { meetingDate: '2027-02-30' })).status).toBe(400);
		expect((await action(chair, 'goTo', { itemId: 'nosuchitem' })).status).toBe(404);
		expect((await action(chair, 'update', { itemId: 'x'.repeat(5000), title: 'x', minutes: '5' })).status).toBe(404);
		expect((await agendaNow()).items).toEqual(before.items);
	});

	test('every member hears the chair start and move the agenda on, with the new state and who did it', async () => {
		await action(chair, 'add', { title: 'Children in care', minutes: '20', parts: ['area:area-care'] });
		const listening = new TestClient(server, boardId, observer);
		await listening.synced();

		expect((await action(chair, 'start')).type).toBe('success');
		await waitFor(() => events(listening).some((e) => e.kind === 'agenda-moved'), 'the start to be announced');
		const started = events(listening).find((e) => e.kind === 'agenda-moved')!;
		expect(started.text).toBe('Chris Chair started the meeting on “Welcome”');
		expect(started.by).toEqual({ id: chair.id, name: 'Chris Chair' });

		const next = (await agendaNow()).items[1]!;
		expect((await action(chair, 'goTo', { itemId: next.id })).type).toBe('success');
		await waitFor(() => events(listening).some((e) => e.text.includes('moved the agenda on')), 'the move to be announced');
		const moved = events(listening).find((e) => e.text.includes('moved the agenda on'))!;
		expect(moved.text).toBe('Chris Chair moved the agenda on to “Children in care”');
		const state = moved.data.agenda as AgendaState;
		expect(state.clock.currentId).toBe(next.id);
		expect(state.clock.runningSince).not.toBeNull();

		// Pausing changes everyone's clock without a notice.
		await action(chair, 'pause');
		await waitFor(
			() => events(listening).some((e) => e.kind === 'agenda' && (e.data.agenda as AgendaState).clock.runningSince === null),
			'the pause'
		);
		expect(
			events(listening)
				.filter((e) => e.kind === 'agenda')
				.every((e) => e.text === '')
		).toBe(true);
		listening.destroy();
	});

	test('restoring a version tells everyone on the board who restored what', async () => {
		const taken = await request(chair, `/boards/${boardId}/versions?/take`, {
			method: 'POST',
			headers: { 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ title: 'Before the workshop' })
		});
		const snapshotId = (devalue.parse(((await taken.json()) as { data: string }).data) as { snapshot: { id: string } }).snapshot.id;
		const listening = new TestClient(server, boardId, editor);
		await listening.synced();
		const restored = await request(chair, `/boards/${boardId}/versions?/restore`, {
			method: 'POST',
			headers: { 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ snapshotId })
		});
		expect(restored.status).toBe(200);
		await waitFor(() => events(listening).some((e) => e.kind === 'restored'), 'the restore to be announced');
		expect(events(listening).find((e) => e.kind === 'restored')?.text).toBe('Chris Chair restored the version “Before the workshop”');
		listening.destroy();
	});
});
