import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as read from '../../src/lib/board/read.ts';
import * as scope from '../../src/lib/board/scope.ts';
import { TEMPLATE_COLUMN_IDS as C } from '../../src/lib/board/template.ts';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';
import { waitFor } from '../support/clients.ts';
import { LiveClient } from './support/live-client.ts';
import { keepLog, report } from './support/report.ts';
import { sleep, templateBoard } from './support/setup.ts';

/**
 * A member returning with a lot of offline work (issue 11): the board page's own connection, offline, then back.
 * Work of any size the board may hold is uploaded, stored and confirmed; work it may not hold is refused once,
 * with a reason the page shows, and never retried in a loop.
 */

const MB = 1024 * 1024;
/** The default message limit; offline work past it used to close the socket (1009) and reconnect for ever. */
const MAX_MESSAGE = 2 * MB;
const MAX_DOC = 8 * MB;
let fixtures: Fixtures;
let server: ServerProcess;
let chair: TestUser;
let editor: TestUser;
const clients: LiveClient[] = [];

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Cath Chair');
	editor = await fixtures.user('Olly Offline');
	server = await startApp(fixtures.dataDir, { COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE), COLLAB_MAX_DOC_BYTES: String(MAX_DOC) });
});

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-3000)}`));
});

afterEach(() => {
	for (const client of clients.splice(0)) client.connection.destroy();
});

afterAll(async () => {
	if (server) keepLog('large-offline-work-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
});

async function boardOfEditor(title: string): Promise<string> {
	const boardId = await templateBoard(fixtures, chair, title);
	await fixtures.member(boardId, editor, 'editor');
	return boardId;
}

/** Goes offline, adds rows whose notes add up to `bytes`, and comes back; returns the rows' marks. */
async function offlineWork(client: LiveClient, bytes: number): Promise<string[]> {
	await waitFor(() => client.live, 'the board to be live');
	client.connection.provider.disconnect();
	const rows = Math.ceil(bytes / 10_000);
	const marks: string[] = [];
	client.doc.transact(() => {
		for (let i = 0; i < rows; i++) {
			const mark = `[offline row ${i}]`;
			const rowId = scope.addRow(client.doc, {});
			scope.cellText(client.doc, rowId, C.notes)!.insert(0, `${mark} ${'n'.repeat(10_000 - mark.length - 1)}`);
			marks.push(mark);
		}
	});
	client.connection.provider.connect();
	return marks;
}

describe('offline work', () => {
	test('3 MB of offline edits (past the message limit) are uploaded once, stored and confirmed', async () => {
		const boardId = await boardOfEditor('Offline upload');
		const client = new LiveClient(server, boardId, editor);
		clients.push(client);
		const marks = await offlineWork(client, 3 * MB);
		const started = Date.now();
		await waitFor(() => client.live && client.saved, 'all changes saved', 30_000);
		const savedAfterMs = Date.now() - started;
		expect(client.closes).toEqual([]);
		const stored = read.readBoard(await fixtures.storedDoc(boardId));
		const notes = stored.scope.rows.map((row) => String(row.cells[C.notes] ?? ''));
		expect(marks.filter((mark) => !notes.some((note) => note.startsWith(mark)))).toEqual([]);
		report('large-offline-work', { offlineBytes: 3 * MB, rows: marks.length, savedAfterMs, closes: client.closes.length });
	});

	/** Waits until the connection is closed for good, then long enough for any retry of the stock client's backoff. */
	async function refusedForGood(client: LiveClient, what: string): Promise<void> {
		await waitFor(() => client.connection.closed !== null || client.closes.length > 1, 'the connection to be closed', 30_000);
		await sleep(3_000);
		expect(
			client.closes.map((c) => c.code),
			what
		).toEqual([CloseCode.tooLarge]);
		expect(client.connection.closed?.code, what).toBe(CloseCode.tooLarge);
		expect(client.connection.closed?.reason, what).not.toBe('');
		expect(client.connection.provider.shouldConnect, what).toBe(false);
	}

	async function storedOfflineRows(boardId: string): Promise<number> {
		const stored = read.readBoard(await fixtures.storedDoc(boardId));
		return stored.scope.rows.filter((row) => String(row.cells[C.notes] ?? '').startsWith('[offline row')).length;
	}

	test('offline work that fits in a message but not in the board is refused once, with a reason the page shows', async () => {
		const boardId = await boardOfEditor('Board filling up');
		const client = new LiveClient(server, boardId, editor);
		clients.push(client);
		await offlineWork(client, 3 * MB);
		await waitFor(() => client.live && client.saved, 'the first work saved', 30_000);
		const before = await storedOfflineRows(boardId);
		await offlineWork(client, 6 * MB);
		await refusedForGood(client, 'board is full');
		expect(await storedOfflineRows(boardId)).toBe(before);
	});

	test('offline work larger than the board may ever be is refused once, not retried in a loop', async () => {
		const boardId = await boardOfEditor('Too much offline work');
		const client = new LiveClient(server, boardId, editor);
		clients.push(client);
		await offlineWork(client, MAX_DOC + MB);
		await refusedForGood(client, 'larger than the board');
		expect(await storedOfflineRows(boardId)).toBe(0);
	});
});
