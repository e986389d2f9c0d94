// Bundles the production entry (server/index.ts and what it imports) next to SvelteKit's build output, so
// `node build/server.js` serves the app and the collaboration websocket on one port.
import { build } from 'esbuild';

await build({
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
});
