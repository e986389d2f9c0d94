import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { pathToFileURL } from 'node:url';
import type { Database } from '../../src/lib/server/db/index.ts';
import { TRUSTBOARD_CHECKOUT, builtServer } from '../lib/build-snapshot.ts';
import { PinnedProcess } from '../lib/process.ts';
import { freePort } from '../lib/net.ts';
import { seedUpdate } from '../lib/content.ts';
import type { Endpoint } from '../clients/endpoint.ts';
import type { RunningTarget, Target } from './target.ts';

const root = path.resolve(import.meta.dirname, '../..');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The server-side code that prepares a run (database and migrations, user, session, boards), taken from the
 * checkout under test: an older build must find the database its own migrations made.
 */
let loaded: ReturnType<typeof loadServerCode> | null = null;
const serverCode = () => (loaded ??= loadServerCode());

async function loadServerCode() {
	const load = (file: string) => import(pathToFileURL(path.join(TRUSTBOARD_CHECKOUT, 'src/lib/server', file)).href);
	const [config, db, docStore, board, session, user] = await Promise.all([
		load('config.ts') as Promise<typeof import('../../src/lib/server/config.ts')>,
		load('db/index.ts') as Promise<typeof import('../../src/lib/server/db/index.ts')>,
		load('doc-store.ts') as Promise<typeof import('../../src/lib/server/doc-store.ts')>,
		load('board.ts') as Promise<typeof import('../../src/lib/server/board.ts')>,
		load('session.ts') as Promise<typeof import('../../src/lib/server/session.ts')>,
		load('user.ts') as Promise<typeof import('../../src/lib/server/user.ts')>
	]);
	return { loadConfig: config.loadConfig, openDatabase: db.openDatabase, createDocStore: docStore.createDocStore, board, session, user };
}

interface Storage {
	database: Database;
	env: Record<string, string>;
	drop(): Promise<void>;
}

async function sqliteStorage(sync: 'full' | 'normal'): Promise<Storage> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-trustboard-'));
	// Opening it here runs the migrations; the server shares the file (SQLite WAL).
	const { openDatabase } = await serverCode();
	const database = await openDatabase({ url: null, dataDir });
	return {
		database,
		// Set only when it is not the default, so a build from before the setting existed is measured as it was.
		env: { DATA_DIR: dataDir, ...(sync === 'full' ? {} : { SQLITE_SYNC: sync }) },
		async drop() {
			await database.close();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function postgresStorage(): Promise<Storage> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-trustboard-pg-'));
	const name = `trustboard_bench_${process.pid}_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: POSTGRES_URL });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(POSTGRES_URL);
	url.pathname = `/${name}`;
	const { openDatabase } = await serverCode();
	const database = await openDatabase({ url: url.toString(), dataDir });
	return {
		database,
		env: { DATA_DIR: dataDir, DATABASE_URL: url.toString(), REDIS_URL },
		async drop() {
			await database.close();
			const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
			await cleanup.connect();
			await cleanup.query(`drop database if exists ${name} with (force)`);
			await cleanup.end();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/**
 * trustboard's production build (`node build/server.js`) with everything on: session-cookie and Origin checks
 * and board membership at the upgrade, the schema guard, and every update stored before it is confirmed.
 */
export class TrustboardTarget implements Target {
	readonly name: string;
	readonly label: string;
	readonly wire = 'y-websocket' as const;
	readonly storage: string;
	readonly durable = true;
	readonly crossInstance: boolean;
	readonly onlyWorkloads?: readonly string[];
	readonly #postgres: boolean;
	readonly #sync: 'full' | 'normal';

	/**
	 * `sqlite-normal` is the embedded store with SQLITE_SYNC=normal (no fsync per commit; docs/reliability.md),
	 * measured where the setting shows: latency, and confirmed edits at kill -9.
	 */
	constructor(mode: 'sqlite' | 'sqlite-normal' | 'postgres') {
		this.#postgres = mode === 'postgres';
		this.#sync = mode === 'sqlite-normal' ? 'normal' : 'full';
		this.crossInstance = this.#postgres;
		if (this.#postgres) {
			this.name = 'trustboard-pg-redis';
			this.label = 'trustboard (PostgreSQL + Redis)';
			this.storage = 'PostgreSQL update log, group commit before confirmation; Redis between instances';
		} else if (this.#sync === 'normal') {
			this.name = 'trustboard-sqlite-normal';
			this.label = 'trustboard (SQLite, SQLITE_SYNC=normal)';
			this.storage = 'SQLite (WAL) update log, group commit; confirmed once written, the disk synced every second';
			this.onlyWorkloads = ['latency', 'durability'];
		} else {
			this.name = 'trustboard';
			this.label = 'trustboard (SQLite)';
			this.storage = 'SQLite (WAL) update log, group commit; readers get an edit once written, its confirmation after the fsync';
		}
	}

	async unavailable(): Promise<string | null> {
		if (!(await builtServer())) return 'not built: run `npm run build` first';
		if (!this.#postgres) return null;
		try {
			const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
			await client.connect();
			await client.end();
		} catch (error) {
			return `PostgreSQL not reachable at ${POSTGRES_URL}: ${String(error)}`;
		}
		const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
		try {
			await redis.connect();
			await redis.ping();
		} catch (error) {
			return `Redis not reachable at ${REDIS_URL}: ${String(error)}`;
		} finally {
			redis.disconnect();
		}
		return null;
	}

	async start(options: { instances?: number } = {}): Promise<RunningTarget> {
		const built = await builtServer();
		if (!built) throw new Error('not built');
		const storage = this.#postgres ? await postgresStorage() : await sqliteStorage(this.#sync);
		const { db } = storage.database;
		const { loadConfig, createDocStore, board, session, user } = await serverCode();
		const created = await user.create(db, {
			username: `bench${Date.now().toString(36)}`,
			displayName: 'Bench',
			password: 'bench password long enough'
		});
		if (!created.ok) throw new Error('could not create the bench user');
		const userId = created.user.id;
		const token = session.generateToken();
		await session.create(db, token, userId, loadConfig({}).session);
		const cookie = `${session.COOKIE_NAME}=${token}`;
		const instances = await Promise.all(
			Array.from({ length: options.instances ?? 1 }, async () => {
				const port = await freePort();
				const origin = `http://127.0.0.1:${port}`;
				return {
					port,
					origin,
					process: new PinnedProcess({
						// BENCH_CPU_PROF=<dir>: a V8 CPU profile per instance, written when it stops (SIGTERM).
						args: [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), built.serverJs],
						cwd: root,
						env: {
							HOST: '127.0.0.1',
							PORT: String(port),
							ORIGIN: origin,
							LOG_LEVEL: 'info',
							// The fan-out ceiling's writer sends up to 800 updates/s; the default flood limit (100/s) is
							// set for people, whose providers send one message per edit, and would close it.
							COLLAB_MESSAGES_PER_SECOND: '5000',
							COLLAB_MESSAGE_BURST: '5000',
							// Every bench client shares one session and one address: the caps on open sockets (20 per
							// session, 500 per address, set against one member hoarding sockets) would close the readers.
							COLLAB_MAX_SOCKETS_PER_SESSION: '10000',
							COLLAB_MAX_SOCKETS_PER_ADDRESS: '10000',
							...storage.env
						},
						ready: (line) => line.includes('"msg":"listening"')
					})
				};
			})
		);
		try {
			for (const instance of instances) await instance.process.start();
		} catch (error) {
			for (const instance of instances) await instance.process.stop('SIGKILL');
			await storage.drop();
			throw error;
		}
		const at = (i = 0) => {
			const instance = instances[i];
			if (!instance) throw new Error(`no instance ${i}`);
			return instance;
		};
		return {
			target: this,
			pid: (i) => at(i).process.pid,
			endpoint: (o = {}): Endpoint => {
				const instance = at(o.instance);
				return {
					wire: 'y-websocket',
					base: `ws://127.0.0.1:${instance.port}/collab`,
					headers: { Cookie: cookie, Origin: instance.origin },
					params: o.acks ? { acks: '1' } : {}
				};
			},
			newBoard: async (initial = seedUpdate()) =>
				(await board.create(db, { title: 'Benchmark board', createdBy: userId, initialUpdate: initial })).id,
			async storeHistory(boardId, history) {
				await createDocStore(db).append(
					boardId,
					history.updates.map((update) => ({ update, userId }))
				);
				for (const instance of instances) {
					await instance.process.stop('SIGTERM');
					await instance.process.start();
				}
			},
			kill: (i) => at(i).process.stop('SIGKILL'),
			restart: (i) => at(i).process.start(),
			async stop() {
				for (const instance of instances) await instance.process.stop('SIGTERM');
				await storage.drop();
			}
		};
	}
}
