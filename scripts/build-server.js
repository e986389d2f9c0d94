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

// Run as a script by `npm run build`; imported by the integration tests to refresh a stale bundle.
if (process.argv[1] === fileURLToPath(import.meta.url)) await build(serverBuildOptions);
