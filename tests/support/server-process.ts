import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const built = path.join(root, 'build/server.js');

function newestSourceMs(dir: string): number {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(full));
		else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
	}
	return newest;
}

/**
 * A server bundle older than its sources would test yesterday's code: rebuild it the way `npm run build` does
 * (to a temporary file renamed into place, as several test files may do this at once). One refresh at a time in
 * a process: a test starting several instances at once would otherwise build them all to one temporary file.
 */
let refreshing: Promise<void> = Promise.resolve();
function refreshBundle(): Promise<void> {
	refreshing = refreshing.then(refreshBundleNow, refreshBundleNow);
	return refreshing;
}

async function refreshBundleNow(): Promise<void> {
	const sources = Math.max(newestSourceMs(path.join(root, 'server')), newestSourceMs(path.join(root, 'src/lib')));
	const { serverBundles } = await import('../../scripts/build-server.js');
	const bundled = serverBundles.map((options) => path.join(root, options.outfile!));
	if (sources <= Math.min(...bundled.map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0)))) return;
	const { build } = await import('esbuild');
	// The worker first: a fresh server.js must not start a stale worker.
	for (const options of [...serverBundles].reverse()) {
		const outfile = path.join(root, options.outfile!);
		const temporary = `${outfile}.${process.pid}.tmp`;
		await build({ ...options, absWorkingDir: root, outfile: temporary, sourcemap: 'inline' });
		fs.renameSync(temporary, outfile);
	}
}

/**
 * The real server as a child process on a free port. It runs the production bundle (`node build/server.js`)
 * when the app has been built (`npm test` builds first), otherwise the same runtime without SvelteKit through
 * tests/support/collab-only-server.ts, so the suite also runs while pages are half-written.
 */
export class ServerProcess {
	readonly dataDir: string;
	readonly env: Record<string, string>;
	port = 0;
	output = '';
	#child: ChildProcess | null = null;
	#exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;

	constructor(dataDir: string, env: Record<string, string> = {}) {
		this.dataDir = dataDir;
		this.env = env;
	}

	static get entry(): string {
		return fs.existsSync(path.join(root, 'build/handler.js')) && fs.existsSync(built) ? 'build/server.js' : 'collab-only';
	}

	get origin(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get wsUrl(): string {
		return `ws://127.0.0.1:${this.port}/collab`;
	}

	async start(): Promise<void> {
		if (ServerProcess.entry === 'build/server.js') await refreshBundle();
		const args =
			ServerProcess.entry === 'build/server.js' ? [built] : ['--import', 'tsx', path.join(root, 'tests/support/collab-only-server.ts')];
		const child = spawn(process.execPath, args, {
			cwd: root,
			env: {
				PATH: process.env.PATH ?? '',
				HOME: process.env.HOME ?? '',
				HOST: '127.0.0.1',
				PORT: String(this.port),
				DATA_DIR: this.dataDir,
				LOG_LEVEL: 'info',
				...this.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child = child;
		this.#exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
		this.port = await new Promise<number>((resolve, reject) => {
			let buffered = '';
			const onData = (chunk: Buffer) => {
				this.output += chunk.toString();
				buffered += chunk.toString();
				let newline: number;
				while ((newline = buffered.indexOf('\n')) >= 0) {
					const line = buffered.slice(0, newline);
					buffered = buffered.slice(newline + 1);
					const port = listeningPort(line);
					if (port) resolve(port);
				}
			};
			child.stdout?.on('data', onData);
			child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
			void this.#exit?.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${this.output}`)));
		});
	}

	/** Sends a signal and waits for the process to end. */
	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
		if (!this.#child || !this.#exit) throw new Error('not started');
		if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill(signal);
		const result = await this.#exit;
		this.#child = null;
		return result;
	}

	/** Restarts on the same port, so clients reconnecting to the old URL find it again. */
	async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		await this.stop(signal);
		await this.start();
	}

	get pid(): number | null {
		return this.#child?.pid ?? null;
	}

	get running(): boolean {
		return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
	}
}

function listeningPort(line: string): number | null {
	try {
		const entry = JSON.parse(line) as { msg?: string; port?: number };
		return entry.msg === 'listening' && typeof entry.port === 'number' ? entry.port : null;
	} catch {
		return null;
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/**
 * The built app (`npm run build` first) on `dataDir`, on a port chosen up front: ORIGIN must name it, as SvelteKit
 * checks form posts and the websocket upgrade checks Origin against it.
 */
export async function startApp(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
	if (ServerProcess.entry !== 'build/server.js') throw new Error('these tests need the built app: run `npm run build` first');
	const port = await freePort();
	const server = new ServerProcess(dataDir, { ORIGIN: `http://127.0.0.1:${port}`, ...env });
	server.port = port;
	await server.start();
	return server;
}
