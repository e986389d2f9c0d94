import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as decisions from '../../src/lib/board/decisions.ts';
import * as read from '../../src/lib/board/read.ts';
import * as template from '../../src/lib/board/template.ts';
import { startInProcess, type InProcessServer } from '../support/in-process.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { TestClient, waitFor } from '../support/clients.ts';

// A modified client cannot move a service the law keeps with the council: the collaboration server judges each
// write by the role of the connection that sent it. Real server, real database, stock y-websocket clients.
let fixtures: Fixtures;
let server: InProcessServer;
let endpoint: { wsUrl: string; origin: string };
let chair: TestUser;
let editor: TestUser;
let boardId: string;
const clients: TestClient[] = [];
const DCS = 'svc-dcs-lead-member';

function client(user: TestUser): TestClient {
	const created = new TestClient(endpoint, boardId, user);
	clients.push(created);
	return created;
}

const decisionOf = (doc: Y.Doc) => read.readBoard(doc).scope.rows.find((r) => r.id === DCS)!;
const rowMap = (doc: Y.Doc) => doc.getMap('scopeRows').get(DCS) as Y.Map<unknown>;

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

describe('services the law keeps with the council', () => {
	test("an editor's raw write setting one to transfer, or forging an override, is undone for everyone and explained", async () => {
		const chairClient = client(chair);
		const editorClient = client(editor);
		await Promise.all([chairClient.synced(), editorClient.synced()]);
		expect(decisionOf(editorClient.doc).decisionRecord.retainedByLaw).toBe(true);

		editorClient.doc.transact(() => {
			(rowMap(editorClient.doc).get('cells') as Y.Map<unknown>).set(template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
			rowMap(editorClient.doc).set('transferOverride', {
				byId: chair.id,
				byName: 'Cat Chair',
				at: '2017-01-10T09:30:00.000Z',
				reason: 'Forged'
			});
		});
		await waitFor(() => editorClient.notices.some((n) => n.type === 'repaired'), 'the repair notice');
		expect(editorClient.notices.find((n) => n.type === 'repaired')).toMatchObject({ reason: expect.stringMatching(/only the chair/) });
		await waitFor(
			() => decisionOf(editorClient.doc).cells[template.TEMPLATE_COLUMN_IDS.decision] === 'retain',
			'the editor to see the revert'
		);
		expect(decisionOf(editorClient.doc).decisionRecord.transferOverride).toBeNull();
		await waitFor(
			() =>
				decisionOf(chairClient.doc).cells[template.TEMPLATE_COLUMN_IDS.decision] === 'retain' &&
				!rowMap(chairClient.doc).has('transferOverride'),
			'the chair to agree'
		);
		await editorClient.waitConfirmed();
		const stored = decisionOf(await fixtures.storedDoc(boardId));
		expect(stored.cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('retain');
		expect(stored.decisionRecord.transferOverride).toBeNull();
	});

	test("the chair's override goes through and reaches the editor", async () => {
		const chairClient = client(chair);
		const editorClient = client(editor);
		await Promise.all([chairClient.synced(), editorClient.synced()]);
		decisions.overrideRetainedTransfer(chairClient.doc, DCS, {
			actor: { id: chair.id, name: 'Cat Chair', role: 'chair' },
			reason: 'Agreed with the DfE'
		});
		await chairClient.waitConfirmed();
		await waitFor(
			() => decisionOf(editorClient.doc).decisionRecord.transferOverride?.reason === 'Agreed with the DfE',
			'the editor to see the override'
		);
		expect(decisionOf(editorClient.doc).cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('transfer');
		expect(chairClient.notices.filter((n) => n.type === 'repaired')).toEqual([]);
		const stored = decisionOf(await fixtures.storedDoc(boardId));
		expect(stored.decisionRecord.transferOverride).toMatchObject({ byName: 'Cat Chair', reason: 'Agreed with the DfE' });
	});
});
