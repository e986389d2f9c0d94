// Bundles the production entry (server/index.ts and what it imports) next to SvelteKit's build output, so
// `node build/server.js` serves the app and the collaboration websocket on one port.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** @type {import('esbuild').BuildOptions} */
export const serverBuildOptions = {
	entryPoints: ['server/index.ts'],
	outfile: 'build/server.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	external: ['./handler.js'],
	sourcemap: true,
	logLevel: 'warning'
};

/**
 * The SQLite update log's worker thread (src/lib/server/sqlite-append.ts) runs a file of its own: emitted beside
 * server.js, where the bundle looks for it.
 * @type {import('esbuild').BuildOptions}
 */
export const workerBuildOptions = {
	...serverBuildOptions,
	entryPoints: ['src/lib/server/sqlite-append-worker.ts'],
	outfile: 'build/sqlite-append-worker.js',
	external: []
};

/** The threads that write downloads and merge cold loads (src/lib/server/offload.ts), emitted the same way. */
/** @type {import('esbuild').BuildOptions} */
export const offloadBuildOptions = {
	...workerBuildOptions,
	entryPoints: ['src/lib/server/offload-worker.ts'],
	outfile: 'build/offload-worker.js'
};

/** Every bundle `npm run build` writes after SvelteKit's. */
export const serverBundles = [serverBuildOptions, workerBuildOptions, offloadBuildOptions];

// Run as a script by `npm run build`; imported by the integration tests to refresh a stale bundle.
if (process.argv[1] === fileURLToPath(import.meta.url)) await Promise.all(serverBundles.map((options) => build(options)));
