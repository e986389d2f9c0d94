import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as meta from '../../src/lib/board/meta.ts';
import { TEST_POSTGRES_URL } from '../../src/lib/server/db/testing.ts';
import { Relay } from '../support/cluster.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { TestClient, upgradeStatus, waitFor } from '../support/clients.ts';
import { startApp } from './support/app.ts';
import { knobs } from './support/knobs.ts';
import { LiveClient, converged } from './support/live-client.ts';
import { keepLog, report } from './support/report.ts';
import { Rng } from './support/rng.ts';
import { sleep, templateBoard } from './support/setup.ts';
import { Writer, view } from './support/workload.ts';

/**
 * The storage-failure test of durability.test.ts on PostgreSQL: the server reaches its database through a TCP
 * relay (tests/support/cluster.ts) that the test cuts, so every connection the server holds is dropped and new
 * ones are refused, as when PostgreSQL restarts or the network to it fails. The machine's PostgreSQL keeps
 * running for everyone else; the test reads the database directly, past the relay.
 */

let databaseName: string;
let gate: Relay;
let fixtures: Fixtures;
let server: ServerProcess;
let chair: TestUser;
let editor: TestUser;
let boardId: string;
const rng = new Rng(knobs.seed);
const clients: Array<LiveClient | TestClient> = [];
const READER_MARK = '[typed by a third-party client while the database was cut off]';

function urlFor(database: string, port?: number): string {
	const url = new URL(TEST_POSTGRES_URL);
	url.pathname = `/${database}`;
	if (port !== undefined) url.port = String(port);
	return url.toString();
}

async function admin(sql: string): Promise<void> {
	const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

beforeAll(async () => {
	databaseName = `trustboard_rel_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	await admin(`create database ${databaseName}`);
	// Migrates the new database and gives the test its own connection, past the relay.
	fixtures = await Fixtures.postgres(urlFor(databaseName));
	const postgresPort = Number(new URL(TEST_POSTGRES_URL).port || 5432);
	gate = await Relay.start(() => [postgresPort]);
	chair = await fixtures.user('Pia Chair');
	editor = await fixtures.user('Ed Editor');
	server = await startApp(fixtures.dataDir, { DATABASE_URL: urlFor(databaseName, gate.port) });
});

beforeEach(async () => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-4000)}`));
	boardId = await templateBoard(fixtures, chair);
	await fixtures.member(boardId, editor, 'editor');
});

afterAll(async () => {
	if (server) keepLog('postgres-server', server.output);
	for (const c of clients) c.destroy();
	if (server?.running) await server.stop('SIGKILL');
	await gate?.close();
	await fixtures?.close();
	if (databaseName) await admin(`drop database if exists ${databaseName} with (force)`);
});

describe('PostgreSQL connection lost', () => {
	test('cut between writes: no confirmation while cut, "save failed" shown, live edits go on, recovers, nothing lost after a restart', async () => {
		const writerClient = new LiveClient(server, boardId, chair);
		clients.push(writerClient);
		const writer = new Writer('pg-cut', writerClient.doc, new Rng(rng.int(1, 2 ** 31)));
		const reader = new TestClient(server, boardId, editor);
		clients.push(reader);
		await Promise.all([writerClient.whenLive(), reader.synced()]);
		for (let i = 0; i < 5; i++) writer.edit();
		await writerClient.whenSaved();
		const savedBefore = writerClient.savedMessages;
		const readerSavedBefore = reader.saved.length;

		// Every connection the server holds is idle in its pool when the link goes.
		gate.cut();
		const cutAt = Date.now();
		const confirmedAtCut = writerClient.savedMessages;
		for (let i = 0; i < 10; i++) writer.edit();
		try {
			await waitFor(() => writerClient.connection.save === 'error', 'the page to show that saving failed', 15_000);
			const failedAfterMs = Date.now() - cutAt;
			expect(writerClient.connection.saveError).toMatch(/storage/);
			// A third-party client that asked for acknowledgements (`?acks=1`) and edits is told as well.
			meta.boardDescriptionText(reader.doc).insert(0, READER_MARK);
			await waitFor(() => reader.saveFailures.length > 0, 'the reader to get the save-failed message');
			expect(reader.saveFailures[0]).toMatch(/storage/);
			// Reads go on for the connected clients: the reader sees every unsaved edit live.
			await waitFor(() => converged([writerClient.doc, reader.doc]), 'the reader to see the edits live');
			// The process answers, and says its database is unreachable; a new connection is refused with a clear
			// 503 (its session cannot be checked), not left hanging.
			const health = await fetch(`${server.origin}/healthz`);
			expect(health.status).toBe(503);
			expect(await health.json()).toMatchObject({ database: 'unreachable' });
			expect(await upgradeStatus(`${server.wsUrl}/${boardId}`, { Cookie: editor.cookie, Origin: server.origin })).toBe(503);
			// Nothing more was confirmed, and the database has none of the unconfirmed edits.
			await sleep(500);
			expect(writerClient.savedMessages).toBe(confirmedAtCut);
			expect(reader.saved.length).toBe(readerSavedBefore);
			expect(writerClient.connection.save).toBe('error');
			const stored = await fixtures.storedDoc(boardId);
			expect(writer.check(view(stored), writer.seq).length).toBeGreaterThan(0);
			expect(meta.boardDescriptionText(stored).toString()).not.toContain(READER_MARK);
			stored.destroy();
			expect(server.running).toBe(true);
			report('postgres-cut', { failedAfterMs });
		} finally {
			gate.restore();
		}
		const restoredAt = Date.now();
		await writerClient.whenSaved(30_000);
		const recoveryMs = Date.now() - restoredAt;
		expect(writerClient.savedMessages).toBeGreaterThan(savedBefore);
		await reader.waitConfirmed();
		expect(reader.saved.length).toBeGreaterThan(readerSavedBefore);
		const stored = await fixtures.storedDoc(boardId);
		expect(writer.check(view(stored), writer.seq)).toEqual([]);
		expect(meta.boardDescriptionText(stored).toString()).toContain(READER_MARK);
		stored.destroy();
		expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);

		// Killed and restarted: everything the writer made is loaded from PostgreSQL.
		await server.restart('SIGKILL');
		const late = new TestClient(server, boardId, editor);
		clients.push(late);
		await late.synced();
		expect(writer.check(view(late.doc), writer.seq)).toEqual([]);
		expect(meta.boardDescriptionText(late.doc).toString()).toContain(READER_MARK);
		writerClient.reconnectNow();
		await writerClient.whenLive();
		await waitFor(() => converged([writerClient.doc, late.doc]), 'the writer and a new client to converge after the restart');
		report('postgres-storage-failure', {
			method: 'TCP relay between the server and PostgreSQL, cut and restored',
			edits: writer.seq,
			confirmedWhileCut: 0,
			recoveryMs,
			editsLost: 0
		});
		writerClient.destroy();
		reader.destroy();
		late.destroy();
	});

	test('cut while a write is in flight: the server keeps running, says so, and stores the write once the link is back', async () => {
		const writerClient = new LiveClient(server, boardId, chair);
		clients.push(writerClient);
		const writer = new Writer('pg-in-flight', writerClient.doc, new Rng(rng.int(1, 2 ** 31)));
		await writerClient.whenLive();
		writer.edit();
		await writerClient.whenSaved();
		const confirmedBefore = writerClient.savedMessages;
		// The network stops answering: the next group commit sends its statements and waits on a connection it
		// has checked out of the pool. Then the connection is reset under it.
		gate.stall();
		for (let i = 0; i < 5; i++) writer.edit();
		await sleep(500);
		expect(writerClient.savedMessages).toBe(confirmedBefore);
		gate.cut();
		try {
			await waitFor(() => writerClient.connection.save === 'error' || !server.running, 'the page to show that saving failed', 15_000);
			expect(server.running, 'the server process survived the reset of a connection in use').toBe(true);
			expect(writerClient.connection.saveError).toMatch(/storage/);
			for (let i = 0; i < 5; i++) writer.edit();
			await sleep(300);
			expect(writerClient.savedMessages).toBe(confirmedBefore);
		} finally {
			gate.restore();
		}
		await writerClient.whenSaved(30_000);
		const stored = await fixtures.storedDoc(boardId);
		expect(writer.check(view(stored), writer.seq)).toEqual([]);
		stored.destroy();
		writerClient.destroy();
	});
});
