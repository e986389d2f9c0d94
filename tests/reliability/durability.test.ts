import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as Y from 'yjs';
import * as read from '../../src/lib/board/read.ts';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { ServerProcess } from '../support/server-process.ts';
import { TestClient, upgradeStatus, waitFor } from '../support/clients.ts';
import { knobs } from './support/knobs.ts';
import { LiveClient, converged } from './support/live-client.ts';
import { Probe } from './support/probe.ts';
import { keepLog, report } from './support/report.ts';
import { Rng } from './support/rng.ts';
import { sleep, templateBoard } from './support/setup.ts';
import { Writer, view } from './support/workload.ts';

/**
 * Durability under crashes and faults (issue 5, "Durability and crashes"). Writers are the board page's own
 * connection class in Node, editing both grids through the board model API; what they were told is saved is
 * checked against the database itself, read directly while the server is dead.
 */

let fixtures: Fixtures;
let server: ServerProcess;
let probe: Probe;
let chair: TestUser;
let editor: TestUser;
let boardId: string;
const rng = new Rng(knobs.seed);
const everyWriter: Writer[] = [];
const clients: Array<LiveClient | TestClient> = [];

function live(user: TestUser): LiveClient {
	const client = new LiveClient(server, boardId, user);
	clients.push(client);
	return client;
}

function writerFor(client: LiveClient, name: string): Writer {
	const writer = new Writer(name, client.doc, new Rng(rng.int(1, 2 ** 31)));
	everyWriter.push(writer);
	return writer;
}

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Kim Chair');
	editor = await fixtures.user('Eve Editor');
	probe = new Probe();
	server = new ServerProcess(fixtures.dataDir, {
		// Compaction runs after nearly every write, so kills also land while the log is being merged.
		COLLAB_COMPACT_AFTER_UPDATES: '5',
		COLLAB_COMPACT_AFTER_BYTES: '8192',
		COLLAB_UNLOAD_DELAY_MS: '300',
		RELIABILITY_PROBE_INTERVAL_MS: '100',
		...(knobs.sqliteSync ? { SQLITE_SYNC: knobs.sqliteSync } : {}),
		...probe.env
	});
	await server.start();
});

beforeEach(async () => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-4000)}`));
	// A board per test: text grows with every edit, and a board description past its limit is truncated by the
	// guard, which would cut off the next test's edits.
	boardId = await templateBoard(fixtures, chair);
	await fixtures.member(boardId, editor, 'editor');
	everyWriter.length = 0;
});

afterAll(async () => {
	if (server) keepLog('durability-server', server.output);
	for (const c of clients) c.destroy();
	if (server?.running) await server.stop();
	await fixtures?.close();
	probe?.dispose();
});

/** Copies the database as the dead server left it to tests/.artifacts/, for the post-mortem. */
function keepEvidence(name: string): void {
	const target = path.resolve(import.meta.dirname, `../.artifacts/reliability-${knobs.seed}-${name}`);
	fs.cpSync(fixtures.dataDir, target, { recursive: true });
	console.log(`database kept in ${target}`);
}

/** Problems of every writer so far against `doc`, each allowed only what it was told is saved. */
function problemsIn(doc: Y.Doc, confirmed: Map<Writer, number> | 'all'): string[] {
	const board = view(doc);
	const problems = everyWriter.flatMap((w) => w.check(board, confirmed === 'all' ? w.seq : (confirmed.get(w) ?? 0)));
	const services = board.scope.rows.map((r) => String(r.cells['col-service'] ?? r.id));
	const duplicates = services.filter((s, i) => services.indexOf(s) !== i);
	if (duplicates.length > 0) problems.push(`duplicate rows: ${duplicates.join(', ')}`);
	return problems;
}

/** Restarts the server; with `editWhile`, that edit keeps being made until every client is live again. */
async function restartAndConverge(live: LiveClient[], editWhile?: () => void): Promise<void> {
	let editing = editWhile !== undefined;
	const loop = (async () => {
		while (editing) {
			editWhile?.();
			await sleep(rng.int(1, 10));
		}
	})();
	await server.start();
	for (const c of live) c.reconnectNow();
	await Promise.all(live.map((c) => c.whenLive()));
	await sleep(rng.int(0, 50));
	editing = false;
	await loop;
	await Promise.all(live.map((c) => c.whenSaved()));
	await waitFor(() => converged(live.map((c) => c.doc)), 'every client to converge', 15_000);
}

describe('kill -9 at random moments', () => {
	test(
		`${knobs.killRounds} rounds: every confirmed edit survives, clients converge, nothing is duplicated`,
		async () => {
			const writers: Array<{ client: LiveClient; writer: Writer }> = [];
			for (let i = 0; i < knobs.killWriters; i++) {
				const client = live(i % 2 === 0 ? chair : editor);
				writers.push({ client, writer: writerFor(client, `k${i}`) });
			}
			await Promise.all(writers.map((w) => w.client.whenLive()));

			const confirmed = new Map<Writer, number>();
			const confirmedClock = new Map<Writer, number>();
			const markConfirmed = () => {
				for (const { client, writer } of writers) {
					if (!client.saved) continue;
					confirmed.set(writer, writer.seq);
					confirmedClock.set(writer, Y.getState(client.doc.store, client.doc.clientID));
				}
			};
			const figures = {
				rounds: 0,
				edits: 0,
				confirmedChecked: 0,
				editsWhileDown: 0,
				editsLost: 0,
				duplicates: 0,
				byMode: {} as Record<string, number>,
				compactionsSeen: 0,
				editedThroughRestart: 0
			};
			const lost: string[] = [];
			const started = Date.now();

			for (let round = 0; round < knobs.killRounds; round++) {
				const mode = rng.pick(['random', 'after-saved', 'burst', 'quiet'] as const);
				figures.byMode[mode] = (figures.byMode[mode] ?? 0) + 1;
				let editing = true;
				const loops = writers.map(async ({ writer }) => {
					while (editing) {
						writer.edit();
						markConfirmed();
						await sleep(rng.int(1, 25));
					}
				});
				const ticker = setInterval(markConfirmed, 2);
				if (mode === 'random') {
					// Anywhere: during a write, between writes, during compaction.
					await sleep(rng.int(20, 700));
				} else if (mode === 'after-saved') {
					// Right after a commit was acknowledged: compaction is deferred to just after the acknowledgement.
					await sleep(rng.int(50, 300));
					await Promise.race(writers.map((w) => w.client.nextSaved()));
				} else if (mode === 'burst') {
					// A paste-sized burst from one writer, then kill while its group commit is in flight.
					await sleep(rng.int(50, 300));
					const { writer } = rng.pick(writers);
					for (let i = 0; i < 40; i++) writer.edit();
					await sleep(rng.int(0, 15));
				} else {
					// Everything confirmed, nothing in flight: the simplest case must hold too.
					editing = false;
					await Promise.all(loops);
					await Promise.all(writers.map((w) => w.client.whenSaved()));
				}
				const beforeKill = probe.latest()?.metrics?.compactions ?? 0;
				const seqAtKill = new Map(writers.map(({ writer }) => [writer, writer.seq]));
				await server.stop('SIGKILL');
				figures.compactionsSeen += beforeKill;
				// Keep editing for a moment while the server is down: these travel on reconnect.
				await sleep(rng.int(0, 40));
				editing = false;
				await Promise.all(loops);
				clearInterval(ticker);
				markConfirmed();
				for (const { writer } of writers) figures.editsWhileDown += writer.seq - (seqAtKill.get(writer) ?? 0);

				// The database itself, while nothing is running: every confirmed edit must be in it.
				const stored = await fixtures.storedDoc(boardId);
				const problems = problemsIn(stored, confirmed);
				stored.destroy();
				for (const w of everyWriter) figures.confirmedChecked += confirmed.get(w) ?? 0;
				if (problems.length > 0) {
					lost.push(`round ${round} (${mode}, seed ${knobs.seed}): ${problems.slice(0, 5).join('; ')}`);
					keepEvidence(`kill-round-${round}`);
					const storedVector = Y.decodeStateVector(Y.encodeStateVector(await fixtures.storedDoc(boardId)));
					for (const { client, writer } of writers) {
						const id = client.doc.clientID;
						const claimed = client.lastSaved ? Y.decodeStateVector(client.lastSaved.stateVector).get(id) : undefined;
						console.log(
							`${writer.name} client ${id}: own clock ${Y.getState(client.doc.store, id)}, confirmed seq ${confirmed.get(writer)} at clock ${confirmedClock.get(writer)}, last saved claims clock ${claimed} frames ${client.lastSaved?.frames}, stored clock ${storedVector.get(id)}`
						);
					}
				}
				figures.editsLost += problems.filter((p) => !p.includes('appears')).length;

				// Users who keep typing while the page reconnects: their edits race the reconnection handshake.
				const throughRestart = knobs.editThroughRestart && rng.chance(0.3);
				if (throughRestart) figures.editedThroughRestart++;
				await restartAndConverge(
					writers.map((w) => w.client),
					throughRestart ? () => rng.pick(writers).writer.edit() : undefined
				);
				// After reconnecting, everything every writer did is there exactly once (edits made while down too).
				const final = problemsIn(writers[0]!.client.doc, 'all');
				figures.duplicates += final.filter((p) => p.includes('appears') || p.includes('duplicate')).length;
				if (final.length > 0) lost.push(`round ${round} after reconnect: ${final.slice(0, 5).join('; ')}`);
				figures.rounds++;
			}
			figures.edits = writers.reduce((sum, w) => sum + w.writer.seq, 0);

			// A fresh client loads exactly what the writers converged on.
			const fresh = new TestClient(server, boardId, editor);
			clients.push(fresh);
			await fresh.synced();
			await waitFor(
				() => JSON.stringify(read.readBoard(fresh.doc)) === JSON.stringify(read.readBoard(writers[0]!.client.doc)),
				'a fresh client to see the same board'
			);

			report('kill-rounds', {
				...figures,
				seed: knobs.seed,
				writers: knobs.killWriters,
				seconds: Math.round((Date.now() - started) / 1000)
			});
			expect(lost).toEqual([]);
			expect(figures.editsLost).toBe(0);
			expect(figures.duplicates).toBe(0);
			expect(figures.rounds).toBe(knobs.killRounds);
			for (const { client } of writers) client.destroy();
		},
		120_000 + knobs.killRounds * 3_000
	); // 1.3-2.3 s a round (the board grows), and a margin for slow machines

	test(`everyone leaves after their edits are confirmed, then kill -9 within a second (${knobs.leftRounds} rounds)`, async () => {
		let checked = 0;
		const delays: number[] = [];
		for (let round = 0; round < knobs.leftRounds; round++) {
			const pair = [live(chair), live(editor)];
			const writers = pair.map((c, i) => writerFor(c, `left${round}.${i}`));
			await Promise.all(pair.map((c) => c.whenLive()));
			for (let i = 0; i < rng.int(10, 40); i++) for (const w of writers) w.edit();
			await Promise.all(pair.map((c) => c.whenSaved()));
			for (const c of pair) c.destroy();
			// The room unloads (and compacts) 300 ms after the last socket closes: kills land before, during and after.
			const delay = rng.int(0, 1000);
			delays.push(delay);
			await sleep(delay);
			await server.stop('SIGKILL');
			const stored = await fixtures.storedDoc(boardId);
			const problems = problemsIn(stored, 'all');
			stored.destroy();
			expect(problems).toEqual([]);
			checked += writers.reduce((sum, w) => sum + w.seq, 0);
			await server.start();
		}
		report('everyone-left', { rounds: knobs.leftRounds, editsChecked: checked, killDelaysMs: delays, editsLost: 0 });
	});
});

describe('graceful stop (SIGTERM)', () => {
	test('stops accepting, stores everything it received, and closes sockets with 1012', async () => {
		const pair = [live(chair), live(editor), live(editor)];
		const writers = pair.map((c, i) => writerFor(c, `term${i}`));
		const watcher = new TestClient(server, boardId, chair);
		clients.push(watcher);
		await Promise.all([...pair.map((c) => c.whenLive()), watcher.synced()]);
		let seen: Uint8Array | null = null;
		watcher.provider.on('connection-close', () => {
			// What the server had relayed by the time it said "restarting": all of it must be stored.
			seen ??= Y.encodeStateAsUpdate(watcher.doc);
		});

		let editing = true;
		const loops = writers.map(async (w) => {
			while (editing) {
				w.edit();
				await sleep(rng.int(0, 5));
			}
		});
		await sleep(400);
		const stopped = server.stop('SIGTERM');
		await waitFor(() => server.output.includes('"shutting down"'), 'the server to begin shutting down');
		let refused: number | string;
		try {
			refused = await upgradeStatus(`${server.wsUrl}/${boardId}`, { Cookie: chair.cookie, Origin: server.origin });
		} catch (error) {
			refused = (error as NodeJS.ErrnoException).code ?? 'error';
		}
		const { code } = await stopped;
		editing = false;
		await Promise.all(loops);

		expect(code).toBe(0);
		expect(refused === 'ECONNREFUSED' || refused === 503).toBe(true);
		await waitFor(
			() => pair.every((c) => c.closes.some((close) => close.code === CloseCode.serviceRestart)),
			'a 1012 close on every socket'
		);
		expect(seen).not.toBeNull();
		const stored = await fixtures.storedDoc(boardId);
		const before = { vector: Y.encodeStateVector(stored).toString(), board: JSON.stringify(read.readBoard(stored)) };
		Y.applyUpdate(stored, seen!);
		expect({ vector: Y.encodeStateVector(stored).toString(), board: JSON.stringify(read.readBoard(stored)) }).toEqual(before);
		stored.destroy();

		await restartAndConverge(pair);
		expect(problemsIn(pair[0]!.doc, 'all')).toEqual([]);
		report('graceful-stop', {
			exitCode: code,
			upgradeDuringShutdown: refused,
			closeCodes: [...new Set(pair.flatMap((c) => c.closes.map((close) => close.code)))],
			edits: writers.reduce((sum, w) => sum + w.seq, 0),
			editsLost: 0
		});
		for (const c of pair) c.destroy();
	});
});

const hasPrlimit = process.platform === 'linux' && ['/usr/bin/prlimit', '/bin/prlimit'].some((p) => fs.existsSync(p));

describe('storage failure', () => {
	// A full disk, portably and without root: the file-size limit of the running server is lowered to one byte
	// (prlimit), so every write to the database fails with an I/O error while reads keep working; raising it
	// again is the disk being freed.
	test.skipIf(!hasPrlimit)('no confirmation while writes fail, "save failed" is shown, reads go on, and it recovers', async () => {
		const writerClient = live(chair);
		const writer = writerFor(writerClient, 'full');
		const reader = new TestClient(server, boardId, editor);
		clients.push(reader);
		await Promise.all([writerClient.whenLive(), reader.synced()]);
		for (let i = 0; i < 5; i++) writer.edit();
		await writerClient.whenSaved();
		const confirmedBefore = writer.seq;
		const savedBefore = writerClient.savedMessages;

		const pid = probe.pid();
		execFileSync('prlimit', ['--pid', String(pid), '--fsize=1:']);
		try {
			for (let i = 0; i < 10; i++) writer.edit();
			await waitFor(() => writerClient.connection.save === 'error', 'the page to show that saving failed', 15_000);
			expect(writerClient.connection.saveError).toMatch(/storage/);
			// Reads go on: the other member sees the unsaved edits live, a new client loads the board, health answers.
			await waitFor(() => converged([writerClient.doc, reader.doc]), 'the reader to see the edits live');
			const late = new TestClient(server, boardId, editor);
			clients.push(late);
			await late.synced();
			await waitFor(() => converged([writerClient.doc, late.doc]), 'a new client to load the board');
			expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
			// Nothing was confirmed and nothing is stored.
			expect(writerClient.savedMessages).toBe(savedBefore);
			const stored = await fixtures.storedDoc(boardId);
			expect(writer.check(view(stored), confirmedBefore)).toEqual([]);
			expect(writer.check(view(stored), writer.seq).length).toBeGreaterThan(0);
			stored.destroy();
		} finally {
			execFileSync('prlimit', ['--pid', String(pid), '--fsize=unlimited:']);
		}
		const failedAt = Date.now();
		await writerClient.whenSaved(20_000);
		const recoveryMs = Date.now() - failedAt;
		const stored = await fixtures.storedDoc(boardId);
		expect(writer.check(view(stored), writer.seq)).toEqual([]);
		stored.destroy();
		report('storage-failure', {
			method: 'prlimit --fsize=1 on the server process',
			editsWhileFailing: writer.seq - confirmedBefore,
			confirmedWhileFailing: 0,
			recoveryMs,
			editsLost: 0
		});
		writerClient.destroy();
	});
});
