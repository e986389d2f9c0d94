import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as Y from 'yjs';
import * as scope from '../../src/lib/board/scope.ts';
import * as meta from '../../src/lib/board/meta.ts';
import * as boardRead from '../../src/lib/board/read.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { RawClient } from '../../bench/clients/raw-client.ts';
import { ServerProcess } from '../support/server-process.ts';
import { TestClient, waitFor } from '../support/clients.ts';
import { knobs } from './support/knobs.ts';
import { LoopMonitor } from './support/loop-delay.ts';
import { CORES, pinToCore } from './support/pin.ts';
import { Probe, histogramPercentile, mb, type Sample } from './support/probe.ts';
import { PropagationProbe, type PropagationSample } from './support/propagation-probe.ts';
import { PERSIST_BUCKETS, RELAY_BUCKETS_MS } from '../../server/collab/metrics.ts';
import { keepLog, report } from './support/report.ts';
import { Rng } from './support/rng.ts';
import { SendOnlyMember } from './support/send-only-member.ts';
import { sleep, templateBoard } from './support/setup.ts';
import { Writer, view } from './support/workload.ts';

/**
 * Load on loopback (issue 5, "Load"): boards x members editing at a steady rate, a paste burst on one board
 * while another board's latency is measured, and a reconnect storm after a restart. Sizes come from
 * RELIABILITY_LOAD_* (defaults fit CI; docs/reliability.md has the full-size run). All clients share the
 * machine with the server, so most members are protocol-level clients that do not apply the others' edits
 * (SendOnlyMember; their pages would run elsewhere): otherwise at full size the test process, applying
 * every edit 19 times, saturates first and what is measured is the test, not the server. Propagation is timed
 * by a probe in a process of its own (support/propagation-probe.ts): in this one it waited behind the load
 * generator's own stalls. The generator's event-loop delay is reported beside it, with its stalls.
 */

let fixtures: Fixtures;
let server: ServerProcess;
let probe: Probe;
const rng = new Rng(knobs.seed ^ 0x10ad);
const members: TestUser[] = [];
const boards: string[] = [];

beforeAll(async () => {
	fixtures = await Fixtures.create();
	const chair = await fixtures.user('Lou Load');
	for (let m = 0; m < knobs.loadMembers; m++) members.push(await fixtures.user(`Member ${m}`));
	for (let b = 0; b < knobs.loadBoards + 2; b++) {
		const id = await templateBoard(fixtures, chair, `Load board ${b}`);
		for (const member of members) await fixtures.member(id, member, 'editor');
		boards.push(id);
	}
	probe = new Probe();
	// Event-loop delay sampled at 1 ms, as issue 16's targets are stated (the default 10 ms hides short stalls).
	server = new ServerProcess(fixtures.dataDir, {
		COLLAB_UNLOAD_DELAY_MS: '500',
		// Every simulated member connects from loopback, and one member holds a socket on each of the 50 boards at
		// full size: the per-session and per-address caps (meant for people) would close them before they sync.
		COLLAB_MAX_SOCKETS_PER_SESSION: '10000',
		COLLAB_MAX_SOCKETS_PER_ADDRESS: '10000',
		RELIABILITY_PROBE_INTERVAL_MS: '500',
		RELIABILITY_PROBE_RESOLUTION_MS: '1',
		...probe.env
	});
	await server.start();
	pinApart();
});

/** RELIABILITY_PIN=1: with the clients on the server's core, a full-size run measures them as much as the server. */
function pinApart(): void {
	if (!knobs.pinCores || server.pid === null) return;
	pinToCore(server.pid, CORES.server);
	pinToCore(process.pid, CORES.clients);
}

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-3000)}`));
});

afterAll(async () => {
	if (server) keepLog('load-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
	probe?.dispose();
});

/**
 * Members per board with a whole y-websocket client that applies everyone's edits, and whose documents must
 * converge with the database; the rest are SendOnlyMember, as if their pages ran on other machines.
 */
const FULL_MEMBERS_PER_BOARD = 2;

interface LoadMember {
	boardId: string;
	writer: Writer;
	/** The whole client, for the members whose documents are checked for convergence. */
	full: TestClient | null;
	ownEditsSaved(): boolean;
	errors(): Array<{ code: number; reason: string }>;
	destroy(): void;
}

function fullMember(boardId: string, writer: Writer, full: TestClient): LoadMember {
	return {
		boardId,
		writer,
		full,
		ownEditsSaved: () => ownEditsSaved(full),
		errors: () => full.closes.concat(full.saveFailures.map((reason) => ({ code: 0, reason }))),
		destroy: () => full.destroy()
	};
}

function sendOnlyMember(boardId: string, writer: Writer, member: SendOnlyMember): LoadMember {
	return {
		boardId,
		writer,
		full: null,
		ownEditsSaved: () => member.ownEditsSaved,
		errors: () => member.closes,
		destroy: () => member.destroy()
	};
}

/** Whether the server has confirmed this client's own edits (others' edits it received do not count). */
function ownEditsSaved(client: TestClient): boolean {
	const last = client.saved.at(-1);
	const own = Y.getState(client.doc.store, client.doc.clientID);
	if (own === 0) return true;
	return last !== undefined && (Y.decodeStateVector(last.stateVector).get(client.doc.clientID) ?? 0) >= own;
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() > deadline) return value;
		await sleep(100);
	}
}

/**
 * The server's own share of propagation between two probe samples: a member's frame arriving to its edit sent on
 * (`relay`), and of that the commit it waits for (`commit`, one group-commit batch), each as the upper bound of
 * its histogram bucket.
 */
function relayFigures(before: Sample, after: Sample) {
	const relay = { bounds: RELAY_BUCKETS_MS, buckets: 'relayBuckets', count: 'relays' };
	const commit = { bounds: PERSIST_BUCKETS.map((seconds) => seconds * 1000), buckets: 'persistBuckets', count: 'persistBatches' };
	return {
		relayP50: histogramPercentile(relay, before, after, 50),
		relayP99: histogramPercentile(relay, before, after, 99),
		commitP50: histogramPercentile(commit, before, after, 50),
		commitP99: histogramPercentile(commit, before, after, 99)
	};
}

function percentile(values: number[], p: number): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}

/** Every `everyMs`, one client on `boardId` edits and the time until another client there sees it is noted. */
function measureLatency(boardId: string, everyMs: number): Promise<PropagationProbe> {
	return PropagationProbe.start(server, boardId, { sender: members[0]!, receiver: members[1]! }, everyMs, knobs.pinCores);
}

/**
 * The probe's slowest samples, each with the longest stall of the load generator in the second before it or while
 * it travelled: a slow sample right after one may be the generator's held-back edits going out at once.
 */
function slowest(samples: PropagationSample[], generator: LoopMonitor, count = 3) {
	return [...samples]
		.sort((a, b) => b.ms - a.ms)
		.slice(0, count)
		.map((s) => ({ ms: Math.round(s.ms), generatorStallMs: generator.stalledAround(s.sentAt, s.sentAt + s.ms) }));
}

async function idleServer(): Promise<void> {
	await waitFor(
		() => {
			const m = probe.latest()?.metrics;
			return m?.connectionsOpen === 0 && m.roomsLoaded === 0;
		},
		'every connection closed and every board unloaded',
		30_000
	);
}

describe('load', () => {
	test(`${knobs.loadBoards} boards x ${knobs.loadMembers} members at ${knobs.loadRatePerMember} edits/s for ${knobs.loadSeconds} s: no errors, nothing lost, memory returns`, async () => {
		// Warm up (JIT, caches, one room load and unload) so the baseline is a steady state.
		const warm = new TestClient(server, boards.at(-1)!, members[0]!);
		await warm.synced();
		warm.destroy();
		await idleServer();
		const baseline = await probe.request();

		const active = boards.slice(0, knobs.loadBoards);
		const connectStarted = Date.now();
		const clients: LoadMember[] = await Promise.all(
			active.flatMap((boardId, b) =>
				members.map(async (member, m): Promise<LoadMember> => {
					const memberRng = new Rng(rng.int(1, 2 ** 31));
					if (m < FULL_MEMBERS_PER_BOARD) {
						const full = new TestClient(server, boardId, member);
						// A thousand sockets opening at once on the test process's one core take longer than one client's bound.
						await waitFor(() => full.provider.synced, 'a whole client to sync', 60_000);
						return fullMember(boardId, new Writer(`b${b}m${m}`, full.doc, memberRng), full);
					}
					const sendOnly = await SendOnlyMember.open(server, boardId, member);
					return sendOnlyMember(boardId, new Writer(`b${b}m${m}`, sendOnly.doc, memberRng, { editsDescription: false }), sendOnly);
				})
			)
		);
		const connectMs = Date.now() - connectStarted;
		const latency = await measureLatency(boards[knobs.loadBoards]!, 250);

		const beforeEdits = await probe.request();
		// The load generator's own loop: while it stalls its members' edits wait, then go out together.
		const generator = new LoopMonitor();
		const started = Date.now();
		const interval = 1000 / knobs.loadRatePerMember;
		let slotsSkipped = 0;
		await Promise.all(
			clients.map(async ({ writer }) => {
				await sleep(rng.int(0, interval));
				let next = Date.now();
				while (Date.now() - started < knobs.loadSeconds * 1000) {
					writer.edit();
					next += interval;
					// A slot this process missed while it stalled is skipped, not made up: a thousand members sending their
					// held-back edits together would be a burst of the generator's making, not of a thousand pages.
					for (; next < Date.now(); next += interval) slotsSkipped++;
					await sleep(next - Date.now());
				}
			})
		);
		const editSeconds = (Date.now() - started) / 1000;
		await waitFor(() => clients.every((c) => c.ownEditsSaved()), 'every member to see their edits saved', 30_000);
		const during = await probe.request();
		const generatorLoop = generator.stop();
		const probeLoop = await latency.stop();
		const propagation = latency.samples.map((s) => s.ms);

		// Zero lost updates: every edit of every member is in the database, and every client converged.
		const lost: string[] = [];
		for (const boardId of active) {
			const writers = clients.filter((c) => c.boardId === boardId).map((c) => c.writer);
			const stored = await poll(
				() => fixtures.storedDoc(boardId),
				(doc) => writers.every((w) => w.check(view(doc), w.seq).length === 0),
				'every edit to be stored'
			);
			const board = view(stored);
			for (const writer of writers) lost.push(...writer.check(board, writer.seq));
			const expected = JSON.stringify(boardRead.readBoard(stored));
			for (const { full } of clients.filter((c) => c.boardId === boardId)) {
				if (full)
					await waitFor(() => JSON.stringify(boardRead.readBoard(full.doc)) === expected, 'the clients of a board to converge', 20_000);
			}
			stored.destroy();
		}
		const errors = clients.flatMap((c) => c.errors());
		const edits = clients.reduce((sum, c) => sum + c.writer.seq, 0);
		for (const c of clients) c.destroy();
		await idleServer();
		const after = await probe.request();
		const metrics = after.metrics ?? {};

		report('load', {
			boards: knobs.loadBoards,
			membersPerBoard: knobs.loadMembers,
			connections: clients.length,
			fullClientsPerBoard: Math.min(FULL_MEMBERS_PER_BOARD, knobs.loadMembers),
			editsPerSecondPerMember: knobs.loadRatePerMember,
			seconds: Math.round(editSeconds),
			edits,
			editsPerSecond: Math.round(edits / editSeconds),
			editsLost: lost.length,
			errors: errors.length,
			protocolErrors: metrics.protocolErrors,
			persistFailures: metrics.persistFailures,
			connectAllMs: connectMs,
			propagationMs: {
				p50: percentile(propagation, 50),
				p99: percentile(propagation, 99),
				max: percentile(propagation, 100),
				samples: propagation.length,
				slowest: slowest(latency.samples, generator)
			},
			probeProcessLoopDelayMs: probeLoop,
			loopDelayMs: during.loopDelayMs,
			gcMs: during.gcMs,
			serverRelayMs: relayFigures(beforeEdits, during),
			// What the server wrote while members edited (a compaction's state is written on its event loop, not in the thread).
			serverWrites: {
				commitBatches: (during.metrics?.persistBatches ?? 0) - (beforeEdits.metrics?.persistBatches ?? 0),
				compactions: (during.metrics?.compactions ?? 0) - (beforeEdits.metrics?.compactions ?? 0)
			},
			offeredEditsPerSecond: clients.length * knobs.loadRatePerMember,
			generatorSlotsSkipped: slotsSkipped,
			generatorLoopDelayMs: generatorLoop,
			heapMb: { baseline: mb(baseline.heapUsed), underLoadPeak: probe.window(started).heapMaxMb, afterBoardsClosed: mb(after.heapUsed) },
			rssMb: { baseline: mb(baseline.rss), underLoadPeak: probe.window(started).rssMaxMb, afterBoardsClosed: mb(after.rss) },
			activeResources: { baseline: baseline.resources, after: after.resources }
		});
		expect(lost).toEqual([]);
		expect(errors).toEqual([]);
		expect(metrics.persistFailures ?? 0).toBe(0);
		// No leak: with every board closed and unloaded, the heap is back near where it started.
		expect(after.heapUsed).toBeLessThan(baseline.heapUsed * 1.5 + 8 * 1024 * 1024);
		expect(after.resources).toBeLessThanOrEqual((baseline.resources ?? 0) + 2);
	});

	test(`a burst: ${knobs.burstMembers} members paste ${knobs.burstCells} cells each at once; another board stays fast; nothing is dropped`, async () => {
		const burstBoard = boards[0]!;
		// The members' own pages would each apply the others' pastes on their own machines. Here they are
		// protocol-level clients (bench/clients/raw-client.ts) that send their paste and read the server's
		// confirmations without keeping a document, so the test process, on the same machine, does not spend
		// seconds applying 20 x 19 pastes and the latency measured is the server's.
		const pasters = await Promise.all(
			members.slice(0, knobs.burstMembers).map(async (member) => {
				const paster = { raw: null as RawClient | null, sentFrame: Infinity, savedFrames: 0 };
				paster.raw = await RawClient.open({
					endpoint: {
						wire: 'y-websocket',
						base: server.wsUrl,
						headers: { Cookie: member.cookie, Origin: server.origin },
						params: { acks: '1' }
					},
					boardId: burstBoard,
					onSaved: (_stateVector, frames) => (paster.savedFrames = frames)
				});
				return paster as typeof paster & { raw: RawClient };
			})
		);
		const perRow = 5;
		const rowsEach = Math.ceil(knobs.burstCells / perRow);
		const expected: string[] = [];
		// One paste is one transaction: one update per member, built before anything is timed (building 20 of them holds this
		// process for hundreds of milliseconds) and then all sent at the same moment.
		const pastes = pasters.map((paster, i) => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, paster.raw.initial!);
			const before = Y.encodeStateVector(doc);
			doc.transact(() => {
				for (let r = 0; r < rowsEach; r++) {
					const service = `paste ${i}.${r}`;
					expected.push(service);
					scope.addRow(doc, {
						values: { 'col-service': service, 'col-staff': r, 'col-budget': r * 10, 'col-risk': 'amber', 'col-statutory': `basis ${r}` }
					});
				}
			});
			const update = Y.encodeStateAsUpdate(doc, before);
			doc.destroy();
			return update;
		});
		const beforeBurst = await probe.request();
		const generator = new LoopMonitor();
		const latency = await measureLatency(boards[1]!, 50);
		await waitFor(() => latency.samples.length >= 5, 'a latency baseline');
		const started = Date.now();
		for (const [i, paster] of pasters.entries()) paster.sentFrame = paster.raw.send(pastes[i]!);
		await waitFor(() => pasters.every((p) => p.savedFrames >= p.sentFrame), 'every paste to be saved', 60_000);
		const burstMs = Date.now() - started;
		await sleep(300);
		const probeLoop = await latency.stop();
		const serverDuringBurst = probe.window(started);
		const burstWindow = await probe.request();
		const generatorLoop = generator.stop();
		// A ping still travelling when the pastes went out counts as during the burst.
		const quiet = latency.samples.filter((s) => s.sentAt + s.ms < started).map((s) => s.ms);
		const duringSamples = latency.samples.filter((s) => s.sentAt + s.ms >= started);
		const during = duringSamples.map((s) => s.ms);
		const stored = view(await fixtures.storedDoc(burstBoard));
		const services = new Set(stored.scope.rows.map((r) => String(r.cells['col-service'] ?? '')));
		const missing = expected.filter((s) => !services.has(s));
		for (const p of pasters) p.raw.close();
		report('burst', {
			members: knobs.burstMembers,
			cellsEach: rowsEach * perRow,
			pasteBytes: pastes.reduce((sum, u) => sum + u.length, 0),
			allSavedAfterMs: burstMs,
			cellsMissing: missing.length * perRow,
			otherBoardPropagationMs: {
				quietP50: percentile(quiet, 50),
				duringBurstP50: percentile(during, 50),
				duringBurstMax: percentile(during, 100),
				samples: during.length,
				slowest: slowest(duringSamples, generator)
			},
			probeProcessLoopDelayMs: probeLoop,
			serverLoopDelayMaxMs: serverDuringBurst.loopDelayMaxMs,
			serverLoopDelayMs: burstWindow.loopDelayMs,
			gcMs: burstWindow.gcMs,
			serverRelayMs: relayFigures(beforeBurst, burstWindow),
			generatorLoopDelayMs: generatorLoop
		});
		expect(missing).toEqual([]);
		// Another board's edits still arrive within a second while the burst is stored.
		expect(percentile(during, 100)).toBeLessThan(1_000);
	});

	test(`a reconnect storm: ${knobs.stormClients} clients reconnect after a restart and all resync`, async () => {
		const clients: TestClient[] = [];
		for (let i = 0; i < knobs.stormClients; i++) {
			clients.push(new TestClient(server, boards[i % boards.length]!, members[i % members.length]!));
		}
		// Hundreds of providers syncing at once on the test process's one core take longer than one client's bound.
		await waitFor(() => clients.every((c) => c.provider.synced), 'every client to sync before the restart', 60_000);
		// Some of them edited while the server was down: those edits travel on reconnect.
		await server.stop('SIGKILL');
		const offline = clients.filter((_, i) => i % 10 === 0);
		for (const [i, c] of offline.entries()) meta.boardDescriptionText(c.doc).insert(0, `<storm ${i}>`);
		await waitFor(() => clients.every((c) => !c.provider.synced || !c.provider.wsconnected), 'every client to notice', 15_000);
		const started = Date.now();
		await server.start();
		pinApart();
		// The storm's window starts once the server listens: its start-up (loading its modules) is not the storm.
		const listening = Date.now();
		await probe.request();
		await waitFor(() => clients.every((c) => c.provider.wsconnected && c.provider.synced), 'every client to resync', 60_000);
		const resyncMs = Date.now() - started;
		const resyncAfterListeningMs = Date.now() - listening;
		await waitFor(() => offline.every(ownEditsSaved), 'the offline edits to be saved', 30_000);
		const stormWindow = await probe.request();
		const stored = new Map<string, string>();
		for (const id of boards) stored.set(id, meta.boardDescriptionText(await fixtures.storedDoc(id)).toString());
		const missing = offline
			.map((c, i) => ({ c, i }))
			.filter(({ c, i }) => !(stored.get(c.provider.roomname) ?? '').includes(`<storm ${i}>`));
		for (const c of clients) c.destroy();
		report('reconnect-storm', {
			clients: knobs.stormClients,
			allResyncedAfterMs: resyncMs,
			allResyncedAfterListeningMs: resyncAfterListeningMs,
			offlineEditsLost: missing.length,
			serverLoopDelayMs: stormWindow.loopDelayMs,
			gcMs: stormWindow.gcMs
		});
		expect(missing).toEqual([]);
	});
});
