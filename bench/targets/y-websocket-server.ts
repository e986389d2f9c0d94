import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PinnedProcess } from '../lib/process.ts';
import { freePort } from '../lib/net.ts';
import { sleep } from '../lib/time.ts';
import { uploadHistory } from '../clients/upload.ts';
import type { Endpoint } from '../clients/endpoint.ts';
import type { RunningTarget, Target } from './target.ts';

const root = path.resolve(import.meta.dirname, '../..');
// Its `bin` (y-websocket-server / y-websocket), run as its README says: HOST=... PORT=... [YPERSISTENCE=dir].
const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('@y/websocket-server/package.json')), 'src/server.js');

/**
 * @y/websocket-server 0.1.1 as people run it. By default it keeps documents in memory only (and drops a
 * document when its last client leaves); with YPERSISTENCE it appends every update to LevelDB.
 */
export class YWebsocketServerTarget implements Target {
	readonly name: string;
	readonly label: string;
	readonly wire = 'y-websocket' as const;
	readonly storage: string;
	readonly durable: boolean;
	readonly crossInstance = false;

	constructor(leveldb: boolean) {
		this.durable = leveldb;
		this.name = leveldb ? 'y-websocket-server-leveldb' : 'y-websocket-server';
		this.label = leveldb ? '@y/websocket-server 0.1.1 + LevelDB' : '@y/websocket-server 0.1.1';
		this.storage = leveldb ? 'YPERSISTENCE (y-leveldb, each update appended, not awaited)' : 'in memory (default; no persistence)';
	}

	async unavailable(): Promise<string | null> {
		return fs.existsSync(bin) ? null : 'npm i -D -E @y/websocket-server@0.1.1';
	}

	async start(): Promise<RunningTarget> {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ywss-'));
		const port = await freePort();
		const server = new PinnedProcess({
			args: [bin],
			cwd: root,
			env: { HOST: '127.0.0.1', PORT: String(port), ...(this.durable ? { YPERSISTENCE: path.join(dir, 'leveldb') } : {}) },
			ready: (line) => line.startsWith('running at')
		});
		await server.start();
		const endpoint: Endpoint = { wire: 'y-websocket', base: `ws://127.0.0.1:${port}`, headers: {}, params: {} };
		let boards = 0;
		return {
			target: this,
			pid: () => server.pid,
			endpoint: () => endpoint,
			newBoard: async () => `bench-${++boards}-${Date.now().toString(36)}`,
			async storeHistory(boardId, history) {
				await uploadHistory(endpoint, boardId, history);
				// y-leveldb stores each update as it arrives (not awaited): give the last ones time to land.
				await sleep(1_500);
				await server.stop('SIGTERM');
				await server.start();
			},
			kill: () => server.stop('SIGKILL'),
			restart: () => server.start(),
			async stop() {
				await server.stop('SIGTERM');
				fs.rmSync(dir, { recursive: true, force: true });
			}
		};
	}
}
