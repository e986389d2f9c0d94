import WebSocketClient from 'ws';
import type { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as meta from '../../src/lib/board/meta.ts';
import { CloseCode, MessageType } from '../../src/lib/protocol/messages.ts';
import * as membership from '../../src/lib/server/membership.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { ServerProcess } from '../support/server-process.ts';
import { TestClient, closeOf, rawSocket, waitFor } from '../support/clients.ts';
import { knobs } from './support/knobs.ts';
import { Probe, mb } from './support/probe.ts';
import { keepLog, report } from './support/report.ts';
import { Rng } from './support/rng.ts';
import { sleep, templateBoard } from './support/setup.ts';

/**
 * A member with bad intent and a modified client (issue 11): black-box attacks over the documented protocol,
 * each of which used to erase someone's work or exhaust the server. Honest members are stock y-websocket
 * clients; the attacker speaks raw frames.
 */

const MAX_UNSENT = 4 * 1024 * 1024;
const SOCKETS_PER_SESSION = 6;
const SOCKETS_PER_ADDRESS = 16;
let fixtures: Fixtures;
let server: ServerProcess;
let probe: Probe;
let chair: TestUser;
let victim: TestUser;
let attacker: TestUser;
let observer: TestUser;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
	fixtures = await Fixtures.create();
	chair = await fixtures.user('Cath Chair');
	victim = await fixtures.user('Vic Tim');
	attacker = await fixtures.user('Mal Lory');
	observer = await fixtures.user('Obi Server');
	probe = new Probe();
	server = new ServerProcess(fixtures.dataDir, {
		COLLAB_MAX_UNSENT_BYTES: String(MAX_UNSENT),
		COLLAB_MAX_SOCKETS_PER_SESSION: String(SOCKETS_PER_SESSION),
		COLLAB_MAX_SOCKETS_PER_ADDRESS: String(SOCKETS_PER_ADDRESS),
		COLLAB_UNLOAD_DELAY_MS: '300',
		RELIABILITY_PROBE_INTERVAL_MS: '100',
		...probe.env
	});
	await server.start();
});

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-4000)}`));
});

afterEach(async () => {
	for (const client of clients.splice(0)) client.destroy();
	for (const ws of sockets.splice(0)) ws.terminate();
	// Every socket of a test is gone before the next one counts sockets per address.
	await sleep(100);
});

afterAll(async () => {
	if (server) keepLog('hostile-member-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
	probe?.dispose();
});

async function boardWithMembers(title: string): Promise<string> {
	const boardId = await templateBoard(fixtures, chair, title);
	await fixtures.member(boardId, victim, 'editor');
	await fixtures.member(boardId, attacker, 'editor');
	await fixtures.member(boardId, observer, 'observer');
	return boardId;
}

function client(boardId: string, user: TestUser): TestClient {
	const created = new TestClient(server, boardId, user);
	clients.push(created);
	return created;
}

async function socket(boardId: string, user: Pick<TestUser, 'cookie'>): Promise<WebSocket> {
	const ws = await rawSocket(`${server.wsUrl}/${boardId}`, { Cookie: user.cookie, Origin: server.origin });
	sockets.push(ws);
	return ws;
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/** "Send me the whole board": sync step 1 with an empty state vector. */
const fullStateRequest = frame((e) => {
	encoding.writeVarUint(e, MessageType.sync);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
});

function updateFrame(update: Uint8Array): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, MessageType.sync);
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint8Array(e, update);
	});
}

/** An update holding one placeholder (GC) struct of `length` under `client` at `clock` (update format v1). */
function placeholderUpdate(client: number, clock: number, length: number): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, 1); // clients
		encoding.writeVarUint(e, 1); // structs of this client
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, clock);
		encoding.writeUint8(e, 0); // info 0: GC
		encoding.writeVarUint(e, length);
		encoding.writeVarUint(e, 0); // empty delete set
	});
}

/** An update with no structs that deletes `length` items of `client` from `clock` on. */
function deletionUpdate(client: number, clock: number, length: number): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, 0); // no structs
		encoding.writeVarUint(e, 1); // delete set: one client
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, clock);
		encoding.writeVarUint(e, length);
	});
}

/** An ordinary insertion, but written under `client` at its next clock (what a modified client can do). */
function insertionAs(base: Y.Doc, client: number, text: string): Uint8Array {
	const forged = new Y.Doc();
	Y.applyUpdate(forged, Y.encodeStateAsUpdate(base));
	// Set after loading: Yjs picks a new id for a document whose own id arrives in a remote update.
	forged.clientID = client;
	const update = captureUpdate(forged, () => meta.boardDescriptionText(forged).insert(0, text));
	forged.destroy();
	return update;
}

function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
	let captured: Uint8Array | null = null;
	const listener = (update: Uint8Array) => (captured = update);
	doc.on('update', listener);
	change();
	doc.off('update', listener);
	if (!captured) throw new Error('the change made no update');
	return captured;
}

/** A socket past its greeting (the server sends everyone's presence on joining), so the next presence is an answer. */
function settledSocket(boardId: string, user: TestUser): Promise<WebSocket> {
	// Listening from the start: the greeting may arrive in the same packet as the upgrade's answer.
	const ws = new WebSocketClient(`${server.wsUrl}/${boardId}`, { headers: { Cookie: user.cookie, Origin: server.origin } });
	sockets.push(ws);
	return new Promise((resolve, reject) => {
		const onMessage = (message: Buffer) => {
			if (message[0] !== MessageType.awareness) return;
			ws.off('message', onMessage);
			resolve(ws);
		};
		ws.on('message', onMessage);
		ws.once('error', reject);
	});
}

/**
 * Sends a frame, then asks for everyone's presence: frames are handled in order, so the socket is either closed
 * (with the code returned) before the answer comes, or the frame was taken ('applied').
 */
function sendAndProbe(ws: WebSocket, data: Uint8Array): Promise<string> {
	return new Promise((resolve) => {
		const onMessage = (message: Buffer) => {
			if (message[0] !== MessageType.awareness) return;
			ws.off('message', onMessage);
			resolve('applied');
		};
		ws.on('message', onMessage);
		void closeOf(ws).then(({ code }) => resolve(String(code)));
		ws.send(data);
		ws.send(new Uint8Array([MessageType.queryAwareness]));
	});
}

async function storedDescription(boardId: string): Promise<string> {
	const doc = await fixtures.storedDoc(boardId);
	const text = meta.boardDescriptionText(doc).toString();
	doc.destroy();
	return text;
}

describe('memory', () => {
	test('a member who never reads while asking for the whole board again and again is closed, and memory comes back', async () => {
		const boardId = await boardWithMembers('Full-state flood');
		const baseline = await probe.request();
		const ws = await socket(boardId, observer);
		const closed = closeOf(ws);
		(ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
		for (let i = 0; i < 1_200; i++) ws.send(fullStateRequest);
		await waitFor(() => server.output.includes('too many full-state requests'), 'the server to refuse the flood');
		(ws as unknown as { _socket: { resume(): void } })._socket.resume();
		const { code, reason } = await closed;
		const during = probe.window(baseline.t);
		await sleep(600); // the room unloads
		const after = await probe.request();
		report('hostile-full-state-flood', {
			requests: 1_200,
			closeCode: code,
			rssMb: { before: mb(baseline.rss), peak: during.rssMaxMb, after: mb(after.rss) },
			arrayBuffersMb: { before: mb(baseline.arrayBuffers), after: mb(after.arrayBuffers) }
		});
		expect({ code, reason }).toEqual({ code: CloseCode.policy, reason: 'too many full-state requests' });
		expect(during.rssMaxMb - mb(baseline.rss)).toBeLessThan(100);
		expect(mb(after.arrayBuffers) - mb(baseline.arrayBuffers)).toBeLessThan(10);
	});

	test('a socket that stops reading while others edit is closed once its unsent replies pass the cap', async () => {
		const boardId = await boardWithMembers('Slow reader');
		const baseline = await probe.request();
		const reader = await socket(boardId, observer);
		const closed = closeOf(reader);
		(reader as unknown as { _socket: { pause(): void } })._socket.pause();
		const writer = client(boardId, victim);
		await writer.synced();
		const chunk = 'x'.repeat(200 * 1024);
		for (let i = 0; i < 100 && !server.output.includes('closing a connection that does not read'); i++) {
			meta.boardDescriptionText(writer.doc).insert(0, chunk);
			await writer.waitConfirmed();
		}
		expect(server.output).toContain('closing a connection that does not read');
		(reader as unknown as { _socket: { resume(): void } })._socket.resume();
		const { code } = await closed;
		const during = probe.window(baseline.t);
		report('hostile-slow-reader', { closeCode: code, rssMb: { before: mb(baseline.rss), peak: during.rssMaxMb } });
		expect(code).toBe(CloseCode.backlog);
		// The writer was never held up by the reader that stopped.
		expect(writer.closes).toEqual([]);
	});

	test('one session cannot open more than its share of sockets, nor one address', async () => {
		const boardId = await boardWithMembers('Many sockets');
		for (let i = 0; i < SOCKETS_PER_SESSION; i++) await socket(boardId, observer);
		const extra = await socket(boardId, observer);
		expect(await closeOf(extra)).toEqual({ code: CloseCode.tooManySockets, reason: 'too many open tabs' });

		// More sessions from the same address: past the address cap, refused too.
		const others = await Promise.all(Array.from({ length: 3 }, () => fixtures.signIn(observer.id)));
		const results: number[] = [];
		for (const other of others) {
			for (let i = 0; i < SOCKETS_PER_SESSION; i++) {
				const ws = await socket(boardId, other);
				const state = await Promise.race([closeOf(ws).then(({ code }) => code), sleep(300).then(() => 0)]);
				results.push(state);
			}
		}
		const refused = results.filter((code) => code === CloseCode.tooManySockets).length;
		expect(SOCKETS_PER_SESSION + results.length - refused).toBe(SOCKETS_PER_ADDRESS);
	});
});

describe("another member's client id", () => {
	test("a placeholder under another member's next clock is refused, and their next edits are stored", async () => {
		const boardId = await boardWithMembers('Placeholder forgery');
		const honest = client(boardId, victim);
		await honest.synced();
		meta.boardDescriptionText(honest.doc).insert(0, '[before] ');
		await honest.waitConfirmed();

		const ws = await socket(boardId, attacker);
		const closed = closeOf(ws);
		const victimId = honest.doc.clientID;
		ws.send(updateFrame(placeholderUpdate(victimId, Y.getState(honest.doc.store, victimId), 1_000_000)));
		expect(await closed).toEqual({ code: CloseCode.forgedUpdate, reason: 'update writes under a client id of another member' });

		meta.boardDescriptionText(honest.doc).insert(0, '[after] ');
		await honest.waitConfirmed();
		expect(await storedDescription(boardId)).toContain('[after]');
		const other = client(boardId, chair);
		await other.synced();
		await waitFor(() => meta.boardDescriptionText(other.doc).toString().includes('[after]'), "the victim's edit to reach others");
	});

	test('a member returning with offline edits keeps them, even after a placeholder was forged while they were away', async () => {
		const boardId = await boardWithMembers('Offline return');
		const honest = client(boardId, victim);
		await honest.synced();
		meta.boardDescriptionText(honest.doc).insert(0, '[online] ');
		await honest.waitConfirmed();
		honest.provider.disconnect();
		meta.boardDescriptionText(honest.doc).insert(0, '[offline] ');
		await sleep(800); // everyone left: the room unloads, so the binding must come from storage

		const ws = await socket(boardId, attacker);
		const closed = closeOf(ws);
		const victimId = honest.doc.clientID;
		// The server has the victim's content up to its online edit: forge at that position.
		const storedDoc = await fixtures.storedDoc(boardId);
		ws.send(updateFrame(placeholderUpdate(victimId, Y.getState(storedDoc.store, victimId), 1_000_000)));
		storedDoc.destroy();
		expect((await closed).code).toBe(CloseCode.forgedUpdate);

		honest.provider.connect();
		await honest.synced();
		await honest.waitConfirmed();
		expect(await storedDescription(boardId)).toContain('[offline]');
	});

	test("an insertion written under another member's client id is refused", async () => {
		const boardId = await boardWithMembers('Insertion forgery');
		const honest = client(boardId, victim);
		await honest.synced();
		meta.boardDescriptionText(honest.doc).insert(0, '[mine] ');
		await honest.waitConfirmed();
		const ws = await socket(boardId, attacker);
		const closed = closeOf(ws);
		ws.send(updateFrame(insertionAs(honest.doc, honest.doc.clientID, '[forged] ')));
		expect((await closed).code).toBe(CloseCode.forgedUpdate);
		meta.boardDescriptionText(honest.doc).insert(0, '[next] ');
		await honest.waitConfirmed();
		const stored = await storedDescription(boardId);
		expect(stored).toContain('[next]');
		expect(stored).not.toContain('[forged]');
	});

	test("a deletion reaching past another member's content is refused, and their later edits survive", async () => {
		const boardId = await boardWithMembers('Deletion ahead');
		const honest = client(boardId, victim);
		await honest.synced();
		meta.boardDescriptionText(honest.doc).insert(0, '[first] ');
		await honest.waitConfirmed();
		const ws = await socket(boardId, attacker);
		const closed = closeOf(ws);
		const victimId = honest.doc.clientID;
		ws.send(updateFrame(deletionUpdate(victimId, Y.getState(honest.doc.store, victimId), 2 ** 30)));
		expect(await closed).toEqual({ code: CloseCode.forgedUpdate, reason: 'update deletes content this board does not have' });
		for (let i = 0; i < 5; i++) {
			meta.boardDescriptionText(honest.doc).insert(0, `[later ${i}] `);
			await honest.waitConfirmed();
		}
		const stored = await storedDescription(boardId);
		for (let i = 0; i < 5; i++) expect(stored).toContain(`[later ${i}]`);
		expect(meta.boardDescriptionText(honest.doc).toString()).toContain('[later 4]');
	});
});

describe('updates that can never apply', () => {
	test('a client that keeps sending updates building on content no one has is closed, and the board keeps confirming others', async () => {
		const boardId = await boardWithMembers('Held updates');
		const honest = client(boardId, victim);
		await honest.synced();
		// Content from a client the server never hears from, and edits placed next to it.
		const ghost = new Y.Doc();
		Y.applyUpdate(ghost, Y.encodeStateAsUpdate(honest.doc));
		meta.boardDescriptionText(ghost).insert(0, 'never sent');
		const forger = new Y.Doc();
		Y.applyUpdate(forger, Y.encodeStateAsUpdate(ghost));
		const ws = await socket(boardId, attacker);
		const closed = closeOf(ws);
		let sent = 0;
		for (; sent < 100 && ws.readyState === ws.OPEN; sent++) {
			ws.send(updateFrame(captureUpdate(forger, () => meta.boardDescriptionText(forger).insert(0, `[held ${sent}]`))));
			if (sent % 10 === 9) {
				meta.boardDescriptionText(honest.doc).insert(0, `[honest ${sent}] `);
				await honest.waitConfirmed();
			}
		}
		expect(await closed).toEqual({ code: CloseCode.invalidPayload, reason: 'update depends on content this board does not have' });
		report('hostile-held-updates', { sentBeforeClose: sent });
		expect(sent).toBeLessThan(100);
		meta.boardDescriptionText(honest.doc).insert(0, '[after] ');
		await honest.waitConfirmed();
		const stored = await storedDescription(boardId);
		expect(stored).toContain('[after]');
		expect(stored).not.toContain('[held');
	});
});

describe('sessions and memberships changed behind open sockets', () => {
	test('an expired session, a removed member and a downgraded member are acted on without reconnecting', async () => {
		const boardId = await boardWithMembers('Access changes');
		const other = await fixtures.signIn(victim.id);
		const expiring = client(boardId, { ...victim, ...other });
		const removed = client(boardId, attacker);
		const downgraded = client(boardId, observer);
		await fixtures.member(boardId, observer, 'observer');
		await membership.setRole(fixtures.db, boardId, observer.id, 'editor', chair.id);
		await Promise.all([expiring.synced(), removed.synced(), downgraded.synced()]);

		await fixtures.db
			.updateTable('sessions')
			.set({ expires_at: Date.now() - 1 })
			.where('id', '=', other.sessionId)
			.execute();
		await membership.remove(fixtures.db, boardId, attacker.id, chair.id);
		await membership.setRole(fixtures.db, boardId, observer.id, 'observer', chair.id);

		await waitFor(() => expiring.closes.length > 0 && removed.closes.length > 0, 'the sockets to close');
		expect(expiring.closes[0]?.code).toBe(CloseCode.sessionEnded);
		expect(removed.closes[0]?.code).toBe(CloseCode.forbidden);
		await waitFor(() => downgraded.notices.some((n) => n.type === 'read-only' && n.readOnly), 'the downgrade notice');
		meta.boardDescriptionText(downgraded.doc).insert(0, '[after downgrade] ');
		await sleep(300);
		expect(await storedDescription(boardId)).not.toContain('[after downgrade]');
	});
});

describe('forged-update fuzzer', () => {
	test('seeded random forged updates never lose or alter an honest member’s confirmed edit', async () => {
		const rng = new Rng(knobs.seed ^ 0xf0e9);
		const boardId = await boardWithMembers('Forged-update fuzz');
		const honest = [client(boardId, victim), client(boardId, chair)];
		await Promise.all(honest.map((c) => c.synced()));
		const markers: string[] = [];
		const outcomes: Record<string, Record<string, number>> = {};
		const cases = Math.max(60, Math.round(knobs.fuzzCases / 15));
		let ws = await settledSocket(boardId, attacker);

		for (let i = 0; i < cases; i++) {
			const writer = rng.pick(honest);
			const marker = `[${i}:${writer === honest[0] ? 'v' : 'c'}]`;
			// At either end, never inside another marker (that would split it, as any edit may).
			meta.boardDescriptionText(writer.doc).insert(rng.chance(0.5) ? 0 : meta.boardDescriptionText(writer.doc).length, marker);
			markers.push(marker);
			await writer.waitConfirmed();

			const target = rng.pick(honest).doc;
			const victimId = target.clientID;
			const state = Y.getState(target.store, victimId);
			const family = rng.pick(['placeholder', 'placeholder-ahead', 'insertion-as', 'deletion-ahead', 'deletion-huge', 'own-id'] as const);
			const update =
				family === 'placeholder'
					? placeholderUpdate(victimId, state, rng.int(1, 2 ** 20))
					: family === 'placeholder-ahead'
						? placeholderUpdate(victimId, state + rng.int(1, 50), rng.int(1, 100))
						: family === 'insertion-as'
							? insertionAs(target, victimId, `<forged ${i}>`)
							: family === 'deletion-ahead'
								? deletionUpdate(victimId, state + rng.int(0, 3), rng.int(1, 20))
								: family === 'deletion-huge'
									? ((start) => deletionUpdate(victimId, start, state - start + 2 ** rng.int(0, 30)))(rng.int(0, state))
									: placeholderUpdate(rng.int(1, 2 ** 31), 0, rng.int(1, 10));
			if (ws.readyState !== ws.OPEN) ws = await settledSocket(boardId, attacker);
			const outcome = await sendAndProbe(ws, updateFrame(update));
			outcomes[family] ??= {};
			outcomes[family][outcome] = (outcomes[family][outcome] ?? 0) + 1;
		}

		// A last edit from each: its confirmation covers everything the member's copy holds.
		for (const [index, c] of honest.entries()) {
			const marker = `[last ${index}]`;
			meta.boardDescriptionText(c.doc).insert(0, marker);
			markers.push(marker);
			await c.waitConfirmed();
		}
		const stored = await storedDescription(boardId);
		const lost = markers.filter((marker) => !stored.includes(marker));
		const forgedStored = (stored.match(/<forged \d+>/g) ?? []).length;
		report('hostile-forged-update-fuzz', { seed: knobs.seed, cases, lost: lost.length, forgedStored, outcomes });
		expect(lost).toEqual([]);
		expect(forgedStored).toBe(0);
		// What each honest member sees is what is stored.
		for (const c of honest) expect(meta.boardDescriptionText(c.doc).toString()).toBe(stored);
		expect(honest.flatMap((c) => c.closes)).toEqual([]);
	});
});
