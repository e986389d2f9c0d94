import net from 'node:net';
import pg from 'pg';
import { Redis } from 'ioredis';
import { TEST_POSTGRES_URL } from '../../src/lib/server/db/testing.ts';
import { Fixtures } from './fixtures.ts';
import { ServerProcess } from './server-process.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A TCP relay in front of something: each accepted connection is piped to the first target that accepts.
 * As a load balancer in front of instances (a killed one refuses, the next takes over), and as a gate in front
 * of Redis that the test can cut to simulate a Redis restart for its own servers only.
 */
export class Relay {
	readonly #server: net.Server;
	readonly #sockets = new Set<net.Socket>();
	readonly #targets: () => number[];
	#open = true;
	#stalled = false;
	port = 0;

	private constructor(targets: () => number[]) {
		this.#targets = targets;
		this.#server = net.createServer((socket) => this.#accept(socket));
	}

	static async start(targets: () => number[]): Promise<Relay> {
		const relay = new Relay(targets);
		await new Promise<void>((resolve) => relay.#server.listen(0, '127.0.0.1', resolve));
		relay.port = (relay.#server.address() as net.AddressInfo).port;
		return relay;
	}

	get origin(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get wsUrl(): string {
		return `ws://127.0.0.1:${this.port}/collab`;
	}

	/** Drops every connection and refuses new ones until `restore`, like a restarting server. */
	cut(): void {
		this.#open = false;
		for (const socket of this.#sockets) socket.destroy();
	}

	restore(): void {
		this.#open = true;
		this.#stalled = false;
		for (const socket of this.#sockets) socket.resume();
	}

	/**
	 * Stops passing bytes either way on the open connections, as a network that silently drops packets: requests
	 * in flight get no answer until `cut` (or `restore`).
	 */
	stall(): void {
		this.#stalled = true;
		for (const socket of this.#sockets) socket.pause();
	}

	async close(): Promise<void> {
		this.cut();
		await new Promise((resolve) => this.#server.close(resolve));
	}

	#accept(socket: net.Socket): void {
		this.#track(socket);
		if (!this.#open) {
			socket.destroy();
			return;
		}
		socket.pause();
		const targets = this.#targets();
		const attempt = (index: number) => {
			const port = targets[index];
			if (port === undefined || socket.destroyed) {
				socket.destroy();
				return;
			}
			const upstream = net.connect(port, '127.0.0.1');
			const refused = () => attempt(index + 1);
			upstream.once('error', refused);
			upstream.once('connect', () => {
				upstream.off('error', refused);
				this.#track(upstream);
				const end = () => {
					socket.destroy();
					upstream.destroy();
				};
				if (socket.destroyed) return end();
				socket.on('error', end).on('close', end);
				upstream.on('error', end).on('close', end);
				socket.pipe(upstream);
				upstream.pipe(socket);
				if (!this.#stalled) socket.resume();
				else upstream.pause();
			});
		};
		attempt(0);
	}

	#track(socket: net.Socket): void {
		this.#sockets.add(socket);
		socket.once('close', () => this.#sockets.delete(socket));
	}
}

/**
 * Several real server processes (`node build/server.js`) on one fresh PostgreSQL database and Redis (through
 * a Relay, under a channel prefix unique to this run), the way a deployment runs them.
 */
export class Cluster {
	readonly servers: ServerProcess[];
	readonly databaseUrl: string;
	readonly prefix: string;
	readonly redisGate: Relay;
	readonly fixtures: Fixtures;
	readonly #databaseName: string;

	private constructor(fields: {
		servers: ServerProcess[];
		databaseUrl: string;
		databaseName: string;
		prefix: string;
		redisGate: Relay;
		fixtures: Fixtures;
	}) {
		this.servers = fields.servers;
		this.databaseUrl = fields.databaseUrl;
		this.#databaseName = fields.databaseName;
		this.prefix = fields.prefix;
		this.redisGate = fields.redisGate;
		this.fixtures = fields.fixtures;
	}

	/** Starts `count` instances at once on an empty database: they run its migrations concurrently. */
	static async start(count: number, env: Record<string, string> = {}): Promise<Cluster> {
		const run = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const databaseName = `trustboard_cluster_${run}`;
		const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
		await admin.connect();
		await admin.query(`create database ${databaseName}`);
		await admin.end();
		const url = new URL(TEST_POSTGRES_URL);
		url.pathname = `/${databaseName}`;
		const databaseUrl = url.toString();
		const redisTarget = Number(new URL(REDIS_URL).port || 6379);
		const redisGate = await Relay.start(() => [redisTarget]);
		const prefix = `tbtest:${run}:`;
		const servers = Array.from({ length: count }, () => {
			const dataDir = `/tmp/trustboard-cluster-${run}`;
			return new ServerProcess(dataDir, {
				DATABASE_URL: databaseUrl,
				REDIS_URL: `redis://127.0.0.1:${redisGate.port}`,
				REDIS_PREFIX: prefix,
				...env
			});
		});
		const started = await Promise.allSettled(servers.map((server) => server.start()));
		const failed = started.find((result) => result.status === 'rejected');
		if (failed) {
			// Leave nothing behind: afterAll never sees a cluster that did not start.
			await Promise.all(servers.filter((server) => server.running).map((server) => server.stop('SIGKILL')));
			await redisGate.close();
			await dropDatabase(databaseName);
			throw failed.reason;
		}
		const fixtures = await Fixtures.postgres(databaseUrl);
		return new Cluster({ servers, databaseUrl, databaseName, prefix, redisGate, fixtures });
	}

	/** The instance's /metrics, parsed into `name{labels}` -> value. */
	async metrics(server: ServerProcess): Promise<Map<string, number>> {
		const response = await fetch(`${server.origin}/metrics`);
		const text = await response.text();
		const values = new Map<string, number>();
		for (const line of text.split('\n')) {
			if (!line || line.startsWith('#')) continue;
			const space = line.lastIndexOf(' ');
			values.set(line.slice(0, space), Number(line.slice(space + 1)));
		}
		return values;
	}

	/** A connection to the real Redis for admin commands (CLIENT LIST / KILL on this run's connections). */
	redisAdmin(): Redis {
		return new Redis(REDIS_URL, { lazyConnect: false });
	}

	async stop(): Promise<void> {
		await Promise.all(this.servers.filter((server) => server.running).map((server) => server.stop('SIGKILL')));
		await this.fixtures.close();
		await this.redisGate.close();
		await dropDatabase(this.#databaseName);
	}
}

async function dropDatabase(name: string): Promise<void> {
	const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
	await admin.connect();
	await admin.query(`drop database if exists ${name} with (force)`);
	await admin.end();
}
