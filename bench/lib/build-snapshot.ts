import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './time.ts';

const root = path.resolve(import.meta.dirname, '../..');
/**
 * The trustboard checkout under test: this one, or another built one (`BENCH_TRUSTBOARD_DIR`, as
 * bench/compare-commits.sh makes for an older commit), measured with this checkout's harness.
 */
export const TRUSTBOARD_CHECKOUT = process.env.BENCH_TRUSTBOARD_DIR ? path.resolve(process.env.BENCH_TRUSTBOARD_DIR) : root;
const build = path.join(TRUSTBOARD_CHECKOUT, 'build');
const WAIT_FOR_BUILD_MS = 180_000;

function complete(): boolean {
	const server = path.join(build, 'server.js');
	const handler = path.join(build, 'handler.js');
	// `npm run build` writes handler.js (vite) and then server.js (esbuild): both present, server.js last.
	return fs.existsSync(server) && fs.existsSync(handler) && fs.statSync(server).mtimeMs >= fs.statSync(handler).mtimeMs;
}

let snapshot: Promise<{ serverJs: string; builtAt: string } | null> | null = null;

/**
 * A private copy of the production build (of TRUSTBOARD_CHECKOUT), taken once per run: other people rebuilding `build/` while the
 * bench runs must not swap the server under it (or leave it half written). It sits inside node_modules so
 * the bundle's bare imports still resolve to the project's packages. Null when there is no build.
 */
export function builtServer(): Promise<{ serverJs: string; builtAt: string } | null> {
	snapshot ??= (async () => {
		const deadline = Date.now() + WAIT_FOR_BUILD_MS;
		while (!complete()) {
			if (Date.now() > deadline) return null;
			await sleep(1_000);
		}
		const copy = path.join(root, 'node_modules', '.cache', 'trustboard-bench', `build-${process.pid}`);
		fs.rmSync(copy, { recursive: true, force: true });
		fs.cpSync(build, copy, { recursive: true });
		process.once('exit', () => fs.rmSync(copy, { recursive: true, force: true }));
		return { serverJs: path.join(copy, 'server.js'), builtAt: fs.statSync(path.join(build, 'server.js')).mtime.toISOString() };
	})();
	return snapshot;
}
