import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { PinnedProcess } from '../lib/process.ts';
import { freePort } from '../lib/net.ts';
import { sleep } from '../lib/time.ts';
import { uploadHistory } from '../clients/upload.ts';
import type { Endpoint } from '../clients/endpoint.ts';
import type { RunningTarget, Target } from './target.ts';

const root = path.resolve(import.meta.dirname, '../..');
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

let compiled: Promise<string> | null = null;

/** The entry compiled to plain JS once, so the server runs on bare node (no TypeScript loader in its memory). */
function entry(): Promise<string> {
	compiled ??= (async () => {
		// Bare imports resolve from the file's directory, so it goes where node_modules is reachable.
		const outfile = path.join(root, 'node_modules', '.cache', `bench-hocuspocus-${process.pid}.mjs`);
		await build({
			entryPoints: [path.join(import.meta.dirname, 'hocuspocus-entry.ts')],
			outfile,
			bundle: true,
			platform: 'node',
			format: 'esm',
			target: 'node20',
			packages: 'external',
			logLevel: 'warning'
		});
		process.once('exit', () => fs.rmSync(outfile, { force: true }));
		return outfile;
	})();
	return compiled;
}

/** @hocuspocus/server 3.4.4 with its SQLite extension, and with its Redis extension for several instances. */
export class HocuspocusTarget implements Target {
	readonly name: string;
	readonly label: string;
	readonly wire = 'hocuspocus' as const;
	readonly storage: string;
	readonly durable = true;
	readonly crossInstance: boolean;

	constructor(redis: boolean) {
		this.crossInstance = redis;
		this.name = redis ? 'hocuspocus-redis' : 'hocuspocus';
		this.label = redis ? 'Hocuspocus 3.4.4 + SQLite + Redis' : 'Hocuspocus 3.4.4 + SQLite';
		this.storage =
			'SQLite file, whole document stored after a 2 s debounce (max 10 s)' + (redis ? '; Redis pub/sub between instances' : '');
	}

	async unavailable(): Promise<string | null> {
		return fs.existsSync(path.join(root, 'node_modules/@hocuspocus/extension-sqlite')) ? null : 'npm i -D -E @hocuspocus/server@3.4.4 ...';
	}

	async start(options: { instances?: number } = {}): Promise<RunningTarget> {
		const script = await entry();
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hocuspocus-'));
		const prefix = `bench-${process.pid}-${Date.now().toString(36)}`;
		const instances = await Promise.all(
			Array.from({ length: options.instances ?? 1 }, async () => {
				const port = await freePort();
				return {
					port,
					process: new PinnedProcess({
						args: [script],
						cwd: root,
						env: {
							PORT: String(port),
							SQLITE_FILE: path.join(dir, 'documents.sqlite'),
							...(this.crossInstance ? { REDIS_URL, REDIS_PREFIX: prefix } : {})
						},
						ready: (line) => line.includes('"listening"')
					})
				};
			})
		);
		for (const instance of instances) await instance.process.start();
		const at = (i = 0) => {
			const instance = instances[i];
			if (!instance) throw new Error(`no instance ${i}`);
			return instance;
		};
		const endpoint = (i = 0): Endpoint => ({ wire: 'hocuspocus', base: `ws://127.0.0.1:${at(i).port}`, headers: {}, params: {} });
		let boards = 0;
		return {
			target: this,
			pid: (i) => at(i).process.pid,
			endpoint: (o) => endpoint(o?.instance),
			newBoard: async () => `bench-${++boards}-${Date.now().toString(36)}`,
			async storeHistory(boardId, history) {
				await uploadHistory(endpoint(), boardId, history);
				// The last client leaving stores the document at once (unloadImmediately); a graceful stop also stores.
				await sleep(1_000);
				for (const instance of instances) {
					await instance.process.stop('SIGTERM');
					await instance.process.start();
				}
			},
			kill: (i) => at(i).process.stop('SIGKILL'),
			restart: (i) => at(i).process.start(),
			async stop() {
				for (const instance of instances) await instance.process.stop('SIGTERM');
				fs.rmSync(dir, { recursive: true, force: true });
			}
		};
	}
}
