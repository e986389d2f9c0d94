import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as models from '../../src/lib/board/models.ts';
import * as meta from '../../src/lib/board/meta.ts';
import * as read from '../../src/lib/board/read.ts';
import * as schema from '../../src/lib/board/schema.ts';
import * as validate from '../../src/lib/board/validate.ts';
import { CloseCode, MessageType } from '../../src/lib/protocol/messages.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { ServerProcess } from '../support/server-process.ts';
import { TestClient, rawSocket, waitFor } from '../support/clients.ts';
import { knobs } from './support/knobs.ts';
import { Probe, mb } from './support/probe.ts';
import { keepLog, report } from './support/report.ts';
import { Rng } from './support/rng.ts';
import { sleep, templateBoard } from './support/setup.ts';

/**
 * The server never crashes on a client's bytes (issue 5, "Bad input"). Every case runs against the real
 * server process over a real authenticated websocket; after all of them the process, the document and
 * memory are checked.
 */

const MAX_MESSAGE = 256 * 1024;
let fixtures: Fixtures;
let server: ServerProcess;
let probe: Probe;
let chair: TestUser;
let editor: TestUser;
let boardId: string;
/** Boards for the tests after the fuzz, so one cannot hide behind the state the fuzz left on its board. */
let cleanBoardId: string;
let sacrificialBoardId: string;
const rng = new Rng(knobs.seed ^ 0x5eed);

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Fay Fuzz');
	editor = await fixtures.user('Ed Itor');
	boardId = await templateBoard(fixtures, chair, 'Fuzzed board');
	await fixtures.member(boardId, editor, 'editor');
	cleanBoardId = await templateBoard(fixtures, chair, 'Fuzzed board (clean)');
	await fixtures.member(cleanBoardId, editor, 'editor');
	sacrificialBoardId = await templateBoard(fixtures, chair, 'Fuzzed board (pending)');
	await fixtures.member(sacrificialBoardId, editor, 'editor');
	probe = new Probe();
	server = new ServerProcess(fixtures.dataDir, {
		COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE),
		COLLAB_IDLE_TIMEOUT_MS: '1500',
		COLLAB_PING_INTERVAL_MS: '500',
		RELIABILITY_PROBE_INTERVAL_MS: '100',
		LOG_LEVEL: 'info',
		...probe.env
	});
	await server.start();
});

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-4000)}`));
});

afterAll(async () => {
	if (server) keepLog('bad-input-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
	probe?.dispose();
});

const headers = () => ({ Cookie: chair.cookie, Origin: server.origin });
const boardUrl = (id = boardId) => `${server.wsUrl}/${id}`;

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

const syncStep1 = frame((e) => {
	encoding.writeVarUint(e, MessageType.sync);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, new Uint8Array([0]));
});

function updateFrame(update: Uint8Array, syncType = 2): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, MessageType.sync);
		encoding.writeVarUint(e, syncType);
		encoding.writeVarUint8Array(e, update);
	});
}

/** A real update from a scratch copy of the board: the raw material for mutations. */
function sampleUpdates(base: Uint8Array): Uint8Array[] {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, base);
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	const id = models.add(doc, { name: 'fuzz model' });
	models.setName(doc, id, 'fuzz model renamed');
	meta.boardDescriptionText(doc).insert(0, 'fuzz ');
	meta.titleText(doc).insert(0, 'x');
	schema.roots(doc).scopeRows.forEach((row) => (row as Y.Map<unknown>).set('order', 'a0'));
	doc.destroy();
	return updates;
}

type Outcome = { kind: 'closed'; code: number } | { kind: 'alive' };

/**
 * Sends the frames on a fresh authenticated socket, then a sync step 1: the socket is either closed with a
 * code, or still answers (a sync step 2). Anything else (no answer, abnormal close) fails the case.
 */
async function runCase(frames: Array<Uint8Array | string>): Promise<Outcome> {
	const ws = await rawSocket(boardUrl(), headers());
	return new Promise<Outcome>((resolve, reject) => {
		const timer = setTimeout(() => {
			ws.terminate();
			reject(new Error('no answer and no close within 5 s'));
		}, 5_000);
		ws.on('close', (code) => {
			clearTimeout(timer);
			resolve({ kind: 'closed', code });
		});
		ws.on('message', (data: Buffer) => {
			if (data[0] === MessageType.sync && data[1] === 1) {
				clearTimeout(timer);
				ws.close();
				resolve({ kind: 'alive' });
			}
		});
		for (const f of frames) ws.send(f);
		ws.send(syncStep1);
	});
}

function varUintBytes(n: number): number[] {
	const out: number[] = [];
	while (n > 0x7f) {
		out.push(0x80 | (n & 0x7f));
		n = Math.floor(n / 128);
	}
	out.push(n);
	return out;
}

/** One seeded case: a family name and its frames. */
function generate(samples: Uint8Array[]): { family: string; frames: Array<Uint8Array | string> } {
	const family = rng.pick([
		'random-bytes',
		'truncated-varint',
		'huge-length',
		'invalid-update',
		'mutated-update',
		'truncated-update',
		'pathological-update',
		'bad-awareness',
		'unknown-type',
		'text-frame',
		'oversized'
	] as const);
	switch (family) {
		case 'random-bytes':
			return { family, frames: [rng.bytes(rng.int(0, 300))] };
		case 'truncated-varint':
			return {
				family,
				frames: [new Uint8Array([rng.pick([0, 1, 3]), ...Array.from({ length: rng.int(1, 12) }, () => 0x80 | rng.int(0, 127))])]
			};
		case 'huge-length': {
			const length = rng.pick([2 ** 31, 2 ** 32 - 1, 2 ** 40, 2 ** 53 - 1, MAX_MESSAGE * 10]);
			const prefix = rng.pick([[MessageType.sync, 2], [MessageType.sync, 1], [MessageType.sync, 0], [MessageType.awareness]]);
			return { family, frames: [new Uint8Array([...prefix, ...varUintBytes(length), ...rng.bytes(rng.int(0, 50))])] };
		}
		case 'invalid-update':
			return { family, frames: [updateFrame(rng.bytes(rng.int(1, 400)), rng.pick([1, 2]))] };
		case 'mutated-update': {
			const update = new Uint8Array(rng.pick(samples));
			for (let i = 0, n = rng.int(1, 6); i < n; i++) update[rng.int(0, update.length - 1)] = rng.int(0, 255);
			return { family, frames: [updateFrame(update, rng.pick([1, 2]))] };
		}
		case 'truncated-update': {
			const update = rng.pick(samples);
			return { family, frames: [updateFrame(update.slice(0, rng.int(0, update.length - 1)))] };
		}
		case 'pathological-update':
			return { family, frames: [updateFrame(pathological())] };
		case 'bad-awareness':
			return { family, frames: [badAwareness()] };
		case 'unknown-type':
			return { family, frames: [frame((e) => encoding.writeVarUint(e, rng.pick([4, 5, 99, 100, 101, 102, 127, 2 ** 20])))] };
		case 'text-frame':
			return { family, frames: [rng.pick(['hello', '{"type":"sync"}', '\u0000'.repeat(10)])] };
		case 'oversized':
			return { family, frames: [new Uint8Array(MAX_MESSAGE + rng.int(1, 4096))] };
	}
}

/** Updates that are well-formed on the wire but ask for absurd work or memory. */
function pathological(): Uint8Array {
	const kind = rng.int(0, 3);
	const e = encoding.createEncoder();
	if (kind === 0) {
		// Claims 2^31 struct groups, has none.
		encoding.writeVarUint(e, 2 ** 31);
	} else if (kind === 1) {
		// One client with a struct count in the billions at a clock near 2^53.
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 2 ** 30);
		encoding.writeVarUint(e, rng.int(1, 2 ** 31));
		encoding.writeVarUint(e, 2 ** 52);
	} else if (kind === 2) {
		// No structs; a delete set with a huge range for a client the document has never seen.
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, rng.int(1, 2 ** 31));
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 2 ** 50);
	} else if (kind === 3) {
		// A GC struct of absurd length from a far-future clock: would leave a pending gap forever.
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, rng.int(1, 2 ** 31));
		encoding.writeVarUint(e, 2 ** 40);
		encoding.writeUint8(e, 0);
		encoding.writeVarUint(e, 2 ** 40);
		encoding.writeVarUint(e, 0);
	}
	return encoding.toUint8Array(e);
}

function badAwareness(): Uint8Array {
	const kind = rng.int(0, 3);
	const body = encoding.createEncoder();
	if (kind === 0) {
		encoding.writeVarUint(body, 1);
		encoding.writeVarUint(body, rng.int(1, 2 ** 31));
		encoding.writeVarUint(body, 1);
		encoding.writeVarString(body, rng.pick(['{', 'not json', '{"user":', '[1,2', '"\\ud800"']));
	} else if (kind === 1) {
		encoding.writeVarUint(body, 2 ** 30);
	} else if (kind === 2) {
		encoding.writeVarUint(body, 1);
		encoding.writeVarUint(body, rng.int(1, 2 ** 31));
		encoding.writeVarUint(body, 1);
		encoding.writeVarString(body, JSON.stringify({ blob: 'x'.repeat(9_000) }));
	} else {
		encoding.writeUint8Array(body, rng.bytes(rng.int(1, 100)));
	}
	return frame((e) => {
		encoding.writeVarUint(e, MessageType.awareness);
		encoding.writeVarUint8Array(e, encoding.toUint8Array(body));
	});
}

/**
 * Schema violations a reader would see. Extra top-level types cannot be deleted in Yjs; the schema reports
 * them and every reader ignores them, so they do not count.
 */
function violations(doc: Y.Doc) {
	return validate.validateBoard(doc).filter((v) => !v.action.startsWith('reported only'));
}

/**
 * A well-behaved client still loads the board, and what it loads is a valid board. (Its content may have
 * changed: a mutated update can be a valid edit, which an editor may make.)
 */
async function boardIsHealthy(id = boardId): Promise<void> {
	const probeClient = new TestClient(server, id, editor);
	try {
		await probeClient.synced();
		await waitFor(
			() => read.readBoard(probeClient.doc).scope.columns.length > 0 || read.readBoard(probeClient.doc).models.rows.length >= 0,
			'the board'
		);
		expect(violations(probeClient.doc)).toEqual([]);
	} finally {
		probeClient.destroy();
	}
}

describe('fuzzing the websocket handler', () => {
	test(`${knobs.fuzzCases} seeded cases: each closes with a clear code or keeps working; the server and board survive`, async () => {
		const baseline = await probe.request();
		const seed = new TestClient(server, boardId, chair);
		await seed.synced();
		const samples = sampleUpdates(Y.encodeStateAsUpdate(seed.doc));
		seed.destroy();

		const allowed = new Set<number>([
			CloseCode.unsupported,
			CloseCode.invalidPayload,
			CloseCode.policy,
			CloseCode.tooBig,
			CloseCode.tooLarge,
			CloseCode.forgedUpdate
		]);
		const byFamily: Record<string, Record<string, number>> = {};
		const bad: string[] = [];
		const started = Date.now();
		const cases = Array.from({ length: knobs.fuzzCases }, () => generate(samples));
		let next = 0;
		// A few sockets at a time: fast, and never enough to trip anything but the per-connection limits.
		await Promise.all(
			Array.from({ length: 6 }, async () => {
				while (next < cases.length) {
					const index = next++;
					const { family, frames } = cases[index]!;
					let outcome: string;
					try {
						const result = await runCase(frames);
						outcome = result.kind === 'alive' ? 'alive' : String(result.code);
						if (result.kind === 'closed' && !allowed.has(result.code)) bad.push(`case ${index} (${family}): closed with ${result.code}`);
					} catch (error) {
						outcome = 'error';
						bad.push(`case ${index} (${family}): ${(error as Error).message}`);
					}
					byFamily[family] ??= {};
					byFamily[family][outcome] = (byFamily[family][outcome] ?? 0) + 1;
					if (!server.running) throw new Error(`the server died at case ${index} (${family})`);
				}
			})
		);
		const seconds = (Date.now() - started) / 1000;
		const after = await probe.request();
		const crashes = server.output.match(/Uncaught|FATAL|exited/g)?.length ?? 0;
		report('fuzz', {
			seed: knobs.seed,
			cases: knobs.fuzzCases,
			seconds: Math.round(seconds),
			crashes,
			badOutcomes: bad.length,
			outcomes: byFamily,
			loopDelayMaxMs: after.loopDelayMs.max,
			heapMb: { before: mb(baseline.heapUsed), after: mb(after.heapUsed) },
			rssMb: { before: mb(baseline.rss), after: mb(after.rss) }
		});
		expect(bad).toEqual([]);
		expect(server.running).toBe(true);
		await boardIsHealthy();
		expect(crashes).toBe(0);
		// Memory is bounded: after a full GC the heap is within 64 MiB of where it started.
		expect(after.heapUsed - baseline.heapUsed).toBeLessThan(64 * 1024 * 1024);
	});
});

describe('limits and timeouts', () => {
	test('a flood of real updates is cut off with 1008 and what got in is a valid board', async () => {
		const ws = await rawSocket(boardUrl(cleanBoardId), headers());
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		for (let i = 0; i < 1_000; i++) doc.getMap('flood').set(`k${i}`, i);
		for (const u of updates) if (ws.readyState === ws.OPEN) ws.send(updateFrame(u));
		expect(await closed).toBe(CloseCode.policy);
		await boardIsHealthy(cleanBoardId);
	});

	test('a silent websocket is closed as idle (4000); one that stops answering pings is dropped', async () => {
		const silent = await rawSocket(boardUrl(cleanBoardId), headers());
		const started = Date.now();
		const code = await new Promise<number>((resolve) => silent.once('close', (c) => resolve(c)));
		expect(code).toBe(CloseCode.idle);
		expect(Date.now() - started).toBeLessThan(5_000);

		const open = () => probe.latest()?.metrics?.connectionsOpen ?? -1;
		await waitFor(() => open() === 0, 'no open connections');
		const dead = await rawSocket(boardUrl(cleanBoardId), headers());
		await waitFor(() => open() === 1, 'the connection to be counted');
		// Stop reading: pings go unanswered, as with a peer that vanished without closing its socket. The idle
		// timeout (1.5 s) is longer than two ping intervals (1 s), so only the missed pong can drop it this soon.
		const socket = (dead as unknown as { _socket: net.Socket })._socket;
		socket.pause();
		const pausedAt = Date.now();
		await waitFor(() => open() === 0, 'the server to drop the socket that stopped answering pings', 6_000);
		const droppedAfterMs = Date.now() - pausedAt;
		dead.terminate();
		report('dead-socket', { droppedAfterMs, pingIntervalMs: 500, idleTimeoutMs: 1500 });
		const gone = droppedAfterMs < 6_000;
		expect(gone).toBe(true);
	});

	test('a client trickling HTTP headers is cut off by the headers timeout', async () => {
		const started = Date.now();
		const socket = net.connect(server.port, '127.0.0.1');
		await new Promise((resolve) => socket.once('connect', resolve));
		socket.write('GET /collab/' + boardId + ' HTTP/1.1\r\nHost: 127.0.0.1\r\n');
		const trickle = setInterval(() => {
			if (!socket.destroyed) socket.write(`X-Slow-${Date.now()}: 1\r\n`);
		}, 1_000);
		const closed = await new Promise<boolean>((resolve) => {
			const timer = setTimeout(() => resolve(false), 40_000);
			socket.once('close', () => {
				clearTimeout(timer);
				resolve(true);
			});
			socket.on('error', () => undefined);
		});
		clearInterval(trickle);
		const seconds = (Date.now() - started) / 1000;
		report('slow-http', { headersTimeoutClosedAfterSeconds: Math.round(seconds * 10) / 10 });
		expect(closed).toBe(true);
		expect(seconds).toBeLessThan(20);
	});
});

describe('presence cannot be abused', () => {
	function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
		const body = encoding.createEncoder();
		encoding.writeVarUint(body, 1);
		encoding.writeVarUint(body, clientId);
		encoding.writeVarUint(body, clock);
		encoding.writeVarString(body, JSON.stringify(state));
		return frame((e) => {
			encoding.writeVarUint(e, MessageType.awareness);
			encoding.writeVarUint8Array(e, encoding.toUint8Array(body));
		});
	}

	test('an oversized state closes with 1008; a foreign client id is ignored; a claimed name is replaced', async () => {
		const watcher = new TestClient(server, cleanBoardId, chair, { presence: { cursor: 'a1' } });
		await watcher.synced();
		const watcherId = watcher.doc.clientID;

		const huge = await rawSocket(boardUrl(cleanBoardId), { Cookie: editor.cookie, Origin: server.origin });
		const hugeClosed = new Promise<number>((resolve) => huge.once('close', (c) => resolve(c)));
		huge.send(awarenessFrame(424242, 1, { blob: 'x'.repeat(20_000) }));
		expect(await hugeClosed).toBe(CloseCode.policy);

		const spoofer = await rawSocket(boardUrl(cleanBoardId), { Cookie: editor.cookie, Origin: server.origin });
		// First its own id with a forged identity, then the watcher's id (someone else's presence).
		spoofer.send(awarenessFrame(777_001, 1, { user: { id: chair.id, name: 'Kim Chair (really)', colour: '#000000' } }));
		spoofer.send(awarenessFrame(watcherId, 99, { user: { id: editor.id, name: 'hijacked' } }));
		spoofer.send(awarenessFrame(777_002, 1, { user: { name: 'second id' } }));
		await waitFor(() => watcher.provider.awareness.getStates().has(777_001), 'the spoofer to appear');
		await sleep(200);
		const states = watcher.provider.awareness.getStates();
		expect(states.get(777_001)).toMatchObject({ user: { id: editor.id, name: 'Ed Itor' } });
		expect(states.has(777_002)).toBe(false);
		expect(watcher.provider.awareness.getLocalState()).toMatchObject({ cursor: 'a1' });
		// The watcher's own entry as the server relays it to a third client is untouched.
		const third = new TestClient(server, cleanBoardId, editor);
		await third.synced();
		await waitFor(() => third.provider.awareness.getStates().has(watcherId), 'the watcher presence');
		expect(third.provider.awareness.getStates().get(watcherId)).toMatchObject({ user: { id: chair.id }, cursor: 'a1' });
		spoofer.close();
		await waitFor(() => !watcher.provider.awareness.getStates().has(777_001), 'the closed socket presence to go');
		for (const c of [watcher, third]) c.destroy();
	});
});

describe('valid Yjs that breaks the board schema', () => {
	test('is neutralised by the server: every client, and a restart, see a valid board', async () => {
		const writer = new TestClient(server, cleanBoardId, editor);
		const reader = new TestClient(server, cleanBoardId, chair);
		await Promise.all([writer.synced(), reader.synced()]);
		const r = schema.roots(writer.doc);
		writer.doc.transact(() => {
			r.meta.set('schemaVersion', 999);
			r.meta.set('title', 'a plain string where a Y.Text belongs');
			const row = new Y.Map<unknown>();
			row.set('cells', 'not a map');
			r.scopeRows.set('bad-row', row);
			r.scopeRows.set('../../etc/passwd', new Y.Map());
			const rows = Array.from(r.scopeRows.values()) as Y.Map<unknown>[];
			(rows[0]!.get('cells') as Y.Map<unknown>).set('col-staff', 'lots');
			(rows[0]!.get('cells') as Y.Map<unknown>).set('col-decision', { $gt: '' });
			r.models.set('model-in-house', 42);
			r.criteria.set('crit-vat', new Y.Map());
			writer.doc.getMap('evil-root').set('x', 1);
		});
		await waitFor(() => writer.notices.some((n) => n.type === 'repaired'), 'the repair notice');
		await waitFor(() => violations(reader.doc).length === 0 && violations(writer.doc).length === 0, 'both clients to hold a valid board');
		await server.restart('SIGTERM');
		const fresh = new TestClient(server, cleanBoardId, editor);
		await fresh.synced();
		expect(violations(fresh.doc)).toEqual([]);
		for (const c of [writer, reader, fresh]) c.destroy();
	});
});

describe('updates that can never be applied', () => {
	// An update whose delete set names items of a client the board has never seen cannot be applied; Yjs keeps
	// it "pending" in the document, retries it on every later update and sends it to every client that joins.
	// An editor can send such updates: the board must not keep them (or must bound them), or it slows down for
	// everyone on the server (found by this suite; see docs/reliability.md).
	test('do not make the board slow for everyone', async () => {
		const attacker = await rawSocket(boardUrl(sacrificialBoardId), headers());
		for (let n = 0; n < 5; n++) {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, 1_000_000 + n);
			encoding.writeVarUint(e, 20_000);
			for (let i = 0; i < 20_000; i++) {
				encoding.writeVarUint(e, i * 2);
				encoding.writeVarUint(e, 1);
			}
			if (attacker.readyState === attacker.OPEN) attacker.send(updateFrame(encoding.toUint8Array(e)));
		}
		attacker.close();
		await probe.request();
		// A member then types 50 characters, one update each, and waits for them to be saved.
		const typist = new TestClient(server, sacrificialBoardId, editor);
		await typist.synced();
		const started = Date.now();
		for (let i = 0; i < 50; i++) meta.boardDescriptionText(typist.doc).insert(0, 'x');
		await typist.waitConfirmed();
		const savedAfterMs = Date.now() - started;
		const sample = await probe.request();
		const stateBytes = Y.encodeStateAsUpdate(typist.doc).byteLength;
		typist.destroy();
		report('pending-updates', { savedAfterMs, loopDelayMaxMs: sample.loopDelayMs.max, joinStateBytes: stateBytes });
		expect(savedAfterMs).toBeLessThan(1_000);
		expect(sample.loopDelayMs.max).toBeLessThan(200);
		// What a joining client downloads stays near the board's real size (the template board is ~30 KB).
		expect(stateBytes).toBeLessThan(100_000);
	});
});
