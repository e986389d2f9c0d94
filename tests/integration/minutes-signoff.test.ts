import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as devalue from 'devalue';
import * as Y from 'yjs';
import * as template from '../../src/lib/board/template.ts';
import * as scope from '../../src/lib/board/scope.ts';
import { createDocStore } from '../../src/lib/server/doc-store.ts';
import * as snapshot from '../../src/lib/server/snapshot.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';

// Signing off the minutes and downloading them as papers, against the built server (`npm run build` first).
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

async function action(user: TestUser, url: string, fields: Record<string, string>) {
	const response = await request(user, url, {
		method: 'POST',
		headers: { 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields)
	});
	const result = (await response.json()) as { type: string; status?: number; data?: string };
	return {
		type: result.type,
		status: result.status ?? response.status,
		data: result.data ? (devalue.parse(result.data) as Record<string, unknown>) : null
	};
}

/** The text poppler reads from a downloaded PDF, one string per page. */
async function pdfPages(response: Response): Promise<string[]> {
	expect(response.headers.get('content-type')).toBe('application/pdf');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-minutes-'));
	try {
		fs.writeFileSync(path.join(dir, 'pack.pdf'), new Uint8Array(await response.arrayBuffer()));
		const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'pack.pdf'), '-'], { encoding: 'utf8' });
		return text
			.split('\f')
			.filter((page) => page.trim())
			.map((page) => page.replace(/[ \t]+/g, ' '));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

beforeAll(async () => {
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
	scope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 1250);
	await createDocStore(fixtures.db).append(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: chair.id }]);
	server = await startApp(fixtures.dataDir);
}, 60_000);

afterAll(async () => {
	if (server?.running) await server.stop();
	await fixtures?.close();
});

async function minutedSnapshot(title: string): Promise<string> {
	const result = await action(chair, `/boards/${boardId}/versions?/take`, {
		title,
		meetingTitle: 'Shadow board, July',
		meetingDate: '2027-07-12',
		isMinutes: 'on'
	});
	expect(result.type).toBe('success');
	return (result.data as { snapshot: { id: string } }).snapshot.id;
}

const signOff = { attendees: 'Chris Chair (chair)\nEddie Editor', apologies: 'Pat Member', membersPresent: '2', quorum: '2' };

describe('signing off the minutes', () => {
	test('only the chair signs off; bad input is refused with a reason and records nothing', async () => {
		const id = await minutedSnapshot('Workshop 3 - roles');
		const url = `/boards/${boardId}/minutes/${id}?/agree`;
		expect((await action(editor, url, signOff)).status).toBe(403);
		expect((await action(observer, url, signOff)).status).toBe(403);
		expect((await action(outsider, url, signOff)).status).toBe(404);
		expect((await action(editor, `/boards/${boardId}/minutes/${id}?/publish`, {})).status).toBe(403);
		const bad = await action(chair, url, { ...signOff, attendees: '' });
		expect(bad.status).toBe(400);
		expect(bad.data?.message).toContain('who attended');
		expect(await fixtures.db.selectFrom('snapshot_signoffs').selectAll().where('snapshot_id', '=', id).execute()).toEqual([]);
		// A snapshot that is not minutes has no pack to sign off.
		const plain = await action(chair, `/boards/${boardId}/versions?/take`, { title: 'Not minutes' });
		const plainId = (plain.data as { snapshot: { id: string } }).snapshot.id;
		expect((await action(chair, `/boards/${boardId}/minutes/${plainId}?/agree`, signOff)).status).toBe(404);
	});

	test('agreed minutes are stamped AGREED on every page, list who attended, and can no longer be deleted', async () => {
		const id = await minutedSnapshot('Workshop 3 - agreed scope');
		const draft = await pdfPages(await request(chair, `/boards/${boardId}/minutes/${id}/download/pdf`));
		for (const page of draft) expect(page).toContain('DRAFT');

		const agreed = await action(chair, `/boards/${boardId}/minutes/${id}?/agree`, signOff);
		expect(agreed.type).toBe('success');
		const pages = await pdfPages(await request(observer, `/boards/${boardId}/minutes/${id}/download/pdf`));
		pages.forEach((page, i) => {
			expect(page).toContain('AGREED');
			expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
		});
		const text = pages.join('\n');
		expect(text).not.toContain('DRAFT');
		for (const expected of [
			'Minutes pack: Shadow board, July',
			'Agreed by Chris Chair (chair)',
			'Chris Chair (chair)',
			'Pat Member',
			'Quorate: 2 board members present (quorum 2).',
			'£1,250k',
			'12 Jul 2027'
		])
			expect(text).toContain(expected);

		// The version's own downloads carry the stamp too.
		const versionPdf = await pdfPages(await request(editor, `/boards/${boardId}/export/${id}/pdf`));
		expect(versionPdf.every((page) => page.includes('AGREED'))).toBe(true);
		const docx = await request(editor, `/boards/${boardId}/export/${id}/docx`);
		expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect(docx.headers.get('content-disposition')).toMatch(/_agreed_.*\.docx"$/);
		expect(
			Buffer.from(await docx.arrayBuffer())
				.subarray(0, 2)
				.toString()
		).toBe('PK');
		const markdown = await (await request(editor, `/boards/${boardId}/minutes/${id}/download/md`)).text();
		expect(markdown.startsWith('> **AGREED**')).toBe(true);

		const again = await action(chair, `/boards/${boardId}/minutes/${id}?/agree`, { ...signOff, attendees: 'Someone else' });
		expect(again.status).toBe(409);
		const deleted = await action(chair, `/boards/${boardId}/versions?/delete`, { snapshotId: id });
		expect(deleted.status).toBe(409);
		expect(await snapshot.get(fixtures.db, boardId, id)).not.toBeNull();

		const listing = await (await request(observer, `/boards/${boardId}/versions`)).text();
		expect(listing).toMatch(/Workshop 3 - agreed scope[\s\S]*?Agreed/);

		expect((await action(chair, `/boards/${boardId}/minutes/${id}?/publish`, {})).type).toBe('success');
		const published = await pdfPages(await request(chair, `/boards/${boardId}/minutes/${id}/download/pdf`));
		expect(published.every((page) => page.includes('PUBLISHED'))).toBe(true);
	}, 60_000);

	test('the papers are private: non-members get the same 404 as for an unknown version', async () => {
		const id = await minutedSnapshot('Workshop 4');
		for (const url of [
			`/boards/${boardId}/minutes/${id}/download/pdf`,
			`/boards/${boardId}/minutes/${id}/download/docx`,
			`/boards/${boardId}/export/${id}/pdf`,
			`/boards/${boardId}/export/live/docx`
		]) {
			const response = await request(outsider, url);
			expect(response.status, url).toBe(404);
			await response.arrayBuffer();
		}
		const unknown = await request(chair, `/boards/${boardId}/minutes/${id}/download/exe`);
		expect(unknown.status).toBe(404);
		await unknown.arrayBuffer();
	});
});

describe('the decision log', () => {
	const decision = {
		meetingDate: '2027-07-12',
		agendaItem: 'Scope of services',
		resolution: 'Adoption transfers to the trust.',
		rationale: 'Regional adoption agency arrangements.',
		parts: 'service:svc-adoption',
		proposer: 'Eddie Editor',
		seconder: 'Chris Chair',
		method: 'vote',
		votesFor: '4',
		votesAgainst: '1',
		abstentions: '0',
		snapshot: 'on'
	};

	test('the chair records decisions, members keep actions, observers only read; the minutes pack carries both', async () => {
		const url = `/boards/${boardId}/decisions`;
		expect((await action(editor, `${url}?/record`, decision)).status).toBe(403);
		expect((await action(observer, `${url}?/record`, decision)).status).toBe(403);
		expect((await action(outsider, `${url}?/record`, decision)).status).toBe(404);
		const bad = await action(chair, `${url}?/record`, { ...decision, parts: 'service:not-on-the-board' });
		expect(bad.status).toBe(400);
		expect(bad.data?.message).toContain('no longer on the board');

		const recorded = await action(chair, `${url}?/record`, decision);
		expect(recorded.type).toBe('success');
		const [stored] = await fixtures.db.selectFrom('decisions').selectAll().where('board_id', '=', boardId).execute();
		expect(stored).toMatchObject({ number: 1, method: 'vote', votes_for: 4, votes_against: 1 });
		expect(stored?.snapshot_id).not.toBeNull();

		const actionFields = {
			description: 'Draft the transfer schedule',
			owner: 'Eddie Editor',
			dueDate: '2027-09-01',
			link: `decision:${stored!.id}`
		};
		expect((await action(observer, `${url}?/addAction`, actionFields)).status).toBe(403);
		expect((await action(editor, `${url}?/addAction`, actionFields)).type).toBe('success');
		const [added] = await fixtures.db.selectFrom('actions').selectAll().where('board_id', '=', boardId).execute();
		expect((await action(observer, `${url}?/setStatus`, { actionId: added!.id, status: 'done' })).status).toBe(403);
		expect((await action(editor, `${url}?/setStatus`, { actionId: added!.id, status: 'sideways' })).status).toBe(400);
		expect((await action(editor, `${url}?/setStatus`, { actionId: added!.id, status: 'in-progress' })).type).toBe('success');

		const page = await request(observer, url);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Adoption transfers to the trust.');
		const hidden = await request(outsider, url);
		expect(hidden.status).toBe(404);
		await hidden.arrayBuffer();

		const id = await minutedSnapshot('Workshop 5');
		const text = (await pdfPages(await request(observer, `/boards/${boardId}/minutes/${id}/download/pdf`))).join('\n');
		for (const expected of [
			'D1. Scope of services',
			'Adoption transfers to the trust.',
			'Carried by vote: 4 for, 1 against, 0 abstentions',
			'Service: Adoption',
			'Draft the transfer schedule',
			'In progress'
		])
			expect(text).toContain(expected);
	}, 60_000);
});

describe('the audit CSV of changes', () => {
	test('members download every change of a UK date range with who made it; bad ranges are refused; outsiders get 404', async () => {
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
		const csv = await request(observer, `/boards/${boardId}/changes?from=${today}&to=${today}`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const text = await csv.text();
		expect(text.split('\r\n')[0]).toBe('Changed at (UK time),Zone,Changed by,Grid,Change,Row,Column,From,To');
		// The template (with the adoption budget) was written by the chair before the server started.
		expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},(GMT|BST),Chris Chair,Scope of services,[^\r\n]*Adoption/m);
		for (const bad of ['from=2027-02-30&to=2027-03-01', `from=${today}&to=2020-01-01`, 'from=yesterday&to=today', '']) {
			const refused = await request(chair, `/boards/${boardId}/changes?${bad}`);
			expect(refused.status, bad).toBe(400);
			await refused.arrayBuffer();
		}
		const hidden = await request(outsider, `/boards/${boardId}/changes?from=${today}&to=${today}`);
		expect(hidden.status).toBe(404);
		await hidden.arrayBuffer();
	});
});
