import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import * as Y from 'yjs';
import * as meta from '../../src/lib/board/meta.ts';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import { loadConfig } from '../../src/lib/server/config.ts';
import * as membership from '../../src/lib/server/membership.ts';
import * as session from '../../src/lib/server/session.ts';
import { createHttpServer, listen } from '../../server/http.ts';
import { createRuntime } from '../../server/runtime.ts';
import { Cluster, REDIS_URL, Relay } from '../support/cluster.ts';
import { ServerProcess } from '../support/server-process.ts';
import { TestClient, waitFor, type ClientOptions } from '../support/clients.ts';
import type { TestUser } from '../support/fixtures.ts';

// Three real server processes on one PostgreSQL database and Redis, as a deployment behind a load balancer
// runs them; faults are injected for this run only (its own database, channel prefix and Redis relay).
let cluster: Cluster;
let chair: TestUser;
let editor: TestUser;
let guest: TestUser;
let boardId: string;
const clients: TestClient[] = [];
const relays: Relay[] = [];

type Endpoint = { wsUrl: string; origin: string };

function client(endpoint: Endpoint, user: TestUser, options?: ClientOptions): TestClient {
	const created = new TestClient(endpoint, boardId, user, options);
	clients.push(created);
	return created;
}

const description = (doc: Y.Doc) => meta.boardDescriptionText(doc).toString();

async function waitForAsync(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

async function metric(index: number, name: string): Promise<number> {
	return (await cluster.metrics(cluster.servers[index]!)).get(name) ?? Number.NaN;
}

/** Whether the server confirmed this client's own edits (edits it received from others may be newer). */
function ownEditsConfirmed(c: TestClient): boolean {
	const last = c.saved.at(-1);
	if (!last) return false;
	return (Y.decodeStateVector(last.stateVector).get(c.doc.clientID) ?? 0) >= Y.getState(c.doc.store, c.doc.clientID);
}

/** Holds the board's head row, which blocks every append to its log as a stalled database would; roll back to release. */
async function blockAppends(): Promise<pg.Client> {
	const blocker = new pg.Client({ connectionString: cluster.databaseUrl });
	await blocker.connect();
	await blocker.query('begin');
	await blocker.query('select seq from board_heads where board_id = $1 for update', [boardId]);
	return blocker;
}

/** Whether a session of this database waits for a lock (an append, behind `blockAppends`). */
async function appendWaiting(blocker: pg.Client): Promise<boolean> {
	const { rows } = await blocker.query<{ n: number }>(
		"select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
	);
	return rows[0]!.n > 0;
}

/** User ids in a client's view of everyone's presence. */
function present(c: TestClient): string[] {
	return [...c.provider.awareness.getStates().values()].flatMap((state) => {
		const user = (state as { user?: { id?: string } }).user;
		return user?.id ? [user.id] : [];
	});
}

beforeAll(async () => {
	cluster = await Cluster.start(3, { COLLAB_UNLOAD_DELAY_MS: '1000' });
	chair = await cluster.fixtures.user('Cy Chair');
	editor = await cluster.fixtures.user('Eve Editor');
	guest = await cluster.fixtures.user('Gus Guest');
	boardId = await cluster.fixtures.board(chair);
	await cluster.fixtures.member(boardId, editor, 'editor');
	await cluster.fixtures.member(boardId, guest, 'editor');
});

// Each test starts with no one connected, so presence seen is only that test's.
afterEach(() => {
	for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
	await Promise.all(relays.map((relay) => relay.close()));
	await cluster?.stop();
});

describe('several instances on PostgreSQL and Redis', () => {
	test('instances started at once migrate one empty database together', async () => {
		const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(cluster.fixtures.db);
		expect(rows.length).toBeGreaterThanOrEqual(2);
		expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
		for (const server of cluster.servers) {
			expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
		}
	});

	test.skipIf(ServerProcess.entry !== 'build/server.js')('the app pages run on PostgreSQL too', async () => {
		// Sessions and memberships are read from PostgreSQL by the app's pages, not only by the websocket.
		const page = await fetch(`${cluster.servers[0]!.origin}/boards/${boardId}`, { headers: { cookie: chair.cookie }, redirect: 'manual' });
		expect(page.status).toBe(200);
		const anonymous = await fetch(`${cluster.servers[1]!.origin}/boards/${boardId}`, { redirect: 'manual' });
		expect(anonymous.status).toBeGreaterThanOrEqual(300);
		expect(anonymous.status).toBeLessThan(400);
	});

	test('edits through every instance reach all clients quickly, and all converge on what is stored', async () => {
		const [a, b, c] = cluster.servers as [ServerProcess, ServerProcess, ServerProcess];
		const peers = [client(a, chair), client(b, editor), client(c, guest)];
		await Promise.all(peers.map((peer) => peer.synced()));
		for (let round = 0; round < 15; round++) {
			for (const [i, peer] of peers.entries()) {
				const text = meta.boardDescriptionText(peer.doc);
				text.insert(Math.floor((round * 7 + i * 3) % (text.length + 1)), `<${i}.${round}>`);
			}
		}
		await waitFor(() => peers.every((peer) => description(peer.doc) === description(peers[0]!.doc)), 'convergence', 10_000);
		for (let round = 0; round < 15; round++) for (let i = 0; i < 3; i++) expect(description(peers[0]!.doc)).toContain(`<${i}.${round}>`);
		await waitFor(() => peers.every(ownEditsConfirmed), "every instance to confirm its own clients' edits");
		expect(description(await cluster.fixtures.storedDoc(boardId))).toBe(description(peers[0]!.doc));

		// Latency from an edit on instance A to its arrival at a client of instance B (stored first, then fanned out).
		const samples: number[] = [];
		for (let i = 0; i < 40; i++) {
			const marker = `[${i}]`;
			const arrived = new Promise<void>((resolve) => {
				const check = () => {
					if (!description(peers[1]!.doc).startsWith(marker)) return;
					peers[1]!.doc.off('update', check);
					resolve();
				};
				peers[1]!.doc.on('update', check);
			});
			const started = performance.now();
			meta.boardDescriptionText(peers[0]!.doc).insert(0, marker);
			await arrived;
			samples.push(performance.now() - started);
		}
		samples.sort((x, y) => x - y);
		const p50 = samples[Math.floor(samples.length * 0.5)]!;
		const p99 = samples[samples.length - 1]!;
		console.info(`cross-instance edit latency over ${samples.length} edits: p50 ${p50.toFixed(1)} ms, max ${p99.toFixed(1)} ms`);
		// Well under the head check's period: these came through the fan-out, not the repair.
		expect(p99).toBeLessThan(1_000);
	});

	test('presence crosses instances with the identity the server stamped, whatever the client claimed', async () => {
		const watcher = client(cluster.servers[1]!, chair);
		const liar = client(cluster.servers[2]!, guest, { presence: { user: { id: chair.id, name: 'Not Gus' }, cursor: 3 } });
		await Promise.all([watcher.synced(), liar.synced()]);
		await waitFor(() => present(watcher).includes(guest.id), "the guest's presence on another instance");
		const state = [...watcher.provider.awareness.getStates().values()].find((s) => (s as { cursor?: number }).cursor === 3) as {
			user: { id: string; name: string };
		};
		expect(state.user).toMatchObject({ id: guest.id, name: guest.displayName });
		liar.destroy();
		await waitFor(() => !present(watcher).includes(guest.id), 'the presence to leave with its socket');
	});

	test('killing an instance: its clients reconnect to another, nothing confirmed is lost, its presence goes', async () => {
		const [a, b, c] = cluster.servers as [ServerProcess, ServerProcess, ServerProcess];
		const balancer = await Relay.start(() => [c.port, a.port]);
		relays.push(balancer);
		const writer = client(balancer, editor, { presence: { cursor: 'writer' } });
		const stranded = client(c, guest, { presence: { cursor: 'stranded' } });
		const watcher = client(b, chair);
		await Promise.all([writer.synced(), stranded.synced(), watcher.synced()]);
		await waitFor(() => present(watcher).includes(guest.id) && present(watcher).includes(editor.id), 'everyone present');

		const text = meta.boardDescriptionText(writer.doc);
		for (let i = 0; i < 10; i++) text.insert(text.length, ` k${i}`);
		await writer.waitConfirmed();
		const confirmed = Y.decodeStateVector(writer.saved.at(-1)!.stateVector);
		for (let i = 10; i < 20; i++) text.insert(text.length, ` k${i}`);
		await c.stop('SIGKILL');
		for (let i = 20; i < 30; i++) text.insert(text.length, ` k${i}`);

		// The balancer sends the reconnect to the next instance; unconfirmed and offline edits come with it.
		await waitFor(() => writer.provider.wsconnected && writer.confirmed, 'the writer to reconnect elsewhere and be confirmed', 15_000);
		await waitFor(() => description(watcher.doc) === description(writer.doc), 'the watcher to converge');
		const stored = await cluster.fixtures.storedDoc(boardId);
		expect(description(stored)).toBe(description(writer.doc));
		for (let i = 0; i < 30; i++) expect(description(stored)).toContain(` k${i}`);
		const storedVector = Y.decodeStateVector(Y.encodeStateVector(stored));
		for (const [id, clock] of confirmed) expect(storedVector.get(id) ?? 0).toBeGreaterThanOrEqual(clock);

		// The dead instance's other client never came back: its presence expires with the instance's heartbeat.
		await waitFor(() => !present(watcher).includes(guest.id), "the dead instance's presence to expire", 15_000);
		await waitFor(() => present(watcher).includes(editor.id), "the moved client's presence", 20_000);
		await c.start();
	});

	test('a Redis outage: edits stay confirmed, instances resynchronise, and fan-out resumes', async () => {
		const writer = client(cluster.servers[0]!, chair);
		const reader = client(cluster.servers[1]!, editor);
		await Promise.all([writer.synced(), reader.synced()]);
		const subscribes = await metric(1, 'trustboard_fanout_subscribes_total');
		const repaired = await metric(1, 'trustboard_fanout_gaps_repaired_total');

		cluster.redisGate.cut();
		await waitForAsync(
			async () => (await metric(0, 'trustboard_fanout_connected')) === 0 && (await metric(1, 'trustboard_fanout_connected')) === 0,
			'the instances to notice the outage'
		);
		meta.boardDescriptionText(writer.doc).insert(0, 'during the outage; ');
		await writer.waitConfirmed();
		expect(description(await cluster.fixtures.storedDoc(boardId))).toContain('during the outage; ');

		cluster.redisGate.restore();
		await waitFor(() => description(reader.doc).includes('during the outage; '), 'the reader to catch up', 10_000);
		expect(await metric(1, 'trustboard_fanout_gaps_repaired_total')).toBeGreaterThan(repaired);
		await waitForAsync(
			async () =>
				(await metric(1, 'trustboard_fanout_subscribes_total')) > subscribes && (await metric(0, 'trustboard_fanout_connected')) === 1,
			'both instances to resubscribe'
		);

		const repairedBefore = await metric(1, 'trustboard_fanout_gaps_repaired_total');
		meta.boardDescriptionText(writer.doc).insert(0, 'after the outage; ');
		await waitFor(() => description(reader.doc).startsWith('after the outage; '), 'the next edit', 2_000);
		// It came through the fan-out, not through a repair from the database.
		expect(await metric(1, 'trustboard_fanout_gaps_repaired_total')).toBe(repairedBefore);
		expect(description(reader.doc)).toBe(description(writer.doc));
	});

	test('Redis connections killed on the server (CLIENT KILL) are re-established and fan-out resumes', async () => {
		const writer = client(cluster.servers[0]!, chair);
		const reader = client(cluster.servers[2]!, editor);
		await Promise.all([writer.synced(), reader.synced()]);
		const subscribes = await metric(2, 'trustboard_fanout_subscribes_total');
		const admin = cluster.redisAdmin();
		try {
			const list = (await admin.client('LIST')) as string;
			const ours = list
				.split('\n')
				.filter((line) => line.includes(` name=${cluster.prefix}`))
				.map((line) => /(?:^|\s)id=(\d+)/.exec(line)![1]!);
			expect(ours).toHaveLength(cluster.servers.length * 2);
			for (const id of ours) await admin.client('KILL', 'ID', id);
		} finally {
			admin.disconnect();
		}
		meta.boardDescriptionText(writer.doc).insert(0, 'across the kill; ');
		await waitFor(() => description(reader.doc).startsWith('across the kill; '), 'the edit to cross', 10_000);
		await waitForAsync(async () => (await metric(2, 'trustboard_fanout_subscribes_total')) > subscribes, 'the resubscription');
		meta.boardDescriptionText(writer.doc).insert(0, 'after the kill; ');
		await waitFor(() => description(reader.doc).startsWith('after the kill; '), 'the next edit', 2_000);
	});

	test('a slow database: other instances show an edit before it is stored, and confirmations wait for the write', async () => {
		const writer = client(cluster.servers[0]!, chair);
		const reader = client(cluster.servers[1]!, editor);
		await Promise.all([writer.synced(), reader.synced()]);
		const blocker = await blockAppends();
		try {
			meta.boardDescriptionText(writer.doc).insert(0, 'slow write; ');
			await waitForAsync(() => appendWaiting(blocker), 'the append to wait for the lock');
			await waitFor(() => description(reader.doc).startsWith('slow write; '), 'the other instance to show the edit early', 2_000);
			expect(writer.confirmed).toBe(false);
			expect(description(await cluster.fixtures.storedDoc(boardId))).not.toContain('slow write; ');
		} finally {
			await blocker.query('rollback');
			await blocker.end();
		}
		await writer.waitConfirmed();
		expect(description(await cluster.fixtures.storedDoc(boardId))).toContain('slow write; ');
	});

	test('an instance killed between showing an edit early and storing it: the edit is stored where its client resends it, and confirmed only then', async () => {
		const [, b, c] = cluster.servers as [ServerProcess, ServerProcess, ServerProcess];
		const balancer = await Relay.start(() => [c.port, b.port]);
		relays.push(balancer);
		const writer = client(balancer, editor);
		const watcher = client(b, chair);
		await Promise.all([writer.synced(), watcher.synced()]);
		// Earlier tests (an instance killed) may have counted early updates b stored: only this test's count.
		const earlyStored = await metric(1, 'trustboard_fanout_early_stored_total');
		const blocker = await blockAppends();
		try {
			meta.boardDescriptionText(writer.doc).insert(0, 'orphan; ');
			await waitFor(() => description(watcher.doc).startsWith('orphan; '), 'the edit to reach b early', 2_000);
			await waitForAsync(() => appendWaiting(blocker), "c's append to wait for the lock");
			await c.stop('SIGKILL');
			// The writer resends the edit through b, which already has it from c: nothing new for b's document.
			const throughB = () => writer.closes.length > 0 && writer.provider.wsconnected && writer.provider.synced;
			await waitFor(throughB, 'the writer to reconnect to b', 15_000);
			// Once c is silent past the bound, b stores the edit itself (its append now waits for the lock too).
			await waitForAsync(
				async () => (await metric(1, 'trustboard_fanout_early_stored_total')) > earlyStored,
				'b to store the edit',
				12_000
			);
			expect(throughB()).toBe(true);
			expect(ownEditsConfirmed(writer)).toBe(false);
			expect(description(await cluster.fixtures.storedDoc(boardId))).not.toContain('orphan; ');
		} finally {
			await blocker.query('rollback');
			await blocker.end();
		}
		await waitFor(() => ownEditsConfirmed(writer), 'b to confirm the edit once it has stored it', 10_000);
		const stored = await cluster.fixtures.storedDoc(boardId);
		expect(description(stored)).toContain('orphan; ');
		// Every confirmation either client ever got covers only what the database holds.
		const storedVector = Y.decodeStateVector(Y.encodeStateVector(stored));
		for (const saved of [...writer.saved, ...watcher.saved]) {
			for (const [id, clock] of Y.decodeStateVector(saved.stateVector)) expect(storedVector.get(id) ?? 0).toBeGreaterThanOrEqual(clock);
		}
		await c.start();
	});

	test("the app's changes through one instance reach sockets held by the others", async () => {
		const runtime = await createRuntime(
			loadConfig({
				DATABASE_URL: cluster.databaseUrl,
				REDIS_URL,
				REDIS_PREFIX: cluster.prefix,
				LOG_LEVEL: 'silent',
				METRICS_TOKEN: 'scrape-me'
			})
		);
		let httpServer: http.Server | undefined;
		try {
			const removed = client(cluster.servers[1]!, guest);
			const signedOut = client(cluster.servers[2]!, editor);
			const watcher = client(cluster.servers[0]!, chair);
			await Promise.all([removed.synced(), signedOut.synced(), watcher.synced()]);

			await runtime.context.collab.change(boardId, chair.id, (doc) => meta.titleText(doc).insert(0, 'Renamed: '));
			await waitFor(() => meta.titleText(watcher.doc).toString().startsWith('Renamed: '), 'a server-side change on another instance');

			// Only the app's own functions, as a route calls them in this process: they announce the change, the
			// runtime here publishes it, and the instances holding the sockets act on it.
			expect(await membership.remove(cluster.fixtures.db, boardId, guest.id, chair.id)).toEqual({ ok: true });
			await waitFor(() => removed.closes.some((c) => c.code === CloseCode.forbidden), 'the removed member to be closed');

			await session.invalidate(cluster.fixtures.db, editor.sessionId);
			await waitFor(() => signedOut.closes.some((c) => c.code === CloseCode.sessionEnded), 'the signed-out session to be closed');

			// METRICS_TOKEN set: /metrics wants it, even from loopback.
			httpServer = createHttpServer(runtime, null);
			const port = await listen(httpServer, '127.0.0.1', 0);
			expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
			const authorised = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer scrape-me' } });
			expect(authorised.status).toBe(200);
			expect(await authorised.text()).toContain('trustboard_fanout_connected 1');
		} finally {
			await runtime.close();
			httpServer?.close();
		}
	});

	test('/metrics speaks Prometheus to a scraper on the host and refuses requests through a proxy', async () => {
		const server = cluster.servers[0]!;
		const response = await fetch(`${server.origin}/metrics`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		const values = await cluster.metrics(server);
		expect(values.get('trustboard_persist_duration_seconds_count')).toBeGreaterThan(0);
		expect(values.get('trustboard_persist_duration_seconds_bucket{le="+Inf"}')).toBe(
			values.get('trustboard_persist_duration_seconds_count')
		);
		expect(values.get('trustboard_updates_in_total')).toBeGreaterThan(0);
		// Earlier tests killed and replaced instances; a dead one is counted until its heartbeat times out.
		await waitForAsync(async () => (await metric(0, 'trustboard_fanout_peers')) === 2, 'the gauge to count the two live peers', 15_000);
		expect(values.has('trustboard_event_loop_delay_seconds{quantile="0.99"}')).toBe(true);
		expect(values.has('trustboard_errors_total{kind="persist"}')).toBe(true);
		const proxied = await fetch(`${server.origin}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
		expect(proxied.status).toBe(403);
	});
});
