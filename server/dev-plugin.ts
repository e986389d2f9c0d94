import type { Plugin } from 'vite';
import { loadConfig } from '../src/lib/server/config.ts';
import { CollabServer } from './collab/server.ts';
import { createRuntime } from './runtime.ts';

/**
 * `npm run dev`: starts the same runtime as the production entry inside the Vite dev server and attaches the
 * collaboration websocket to Vite's HTTP server. Vite's own HMR upgrades carry their own protocol and are
 * left to Vite.
 */
export function collabDevServer(): Plugin {
	return {
		name: 'trustboard-collab',
		apply: 'serve',
		async configureServer(server) {
			// Test runs load vite.config too; they start their own servers.
			if (process.env.VITEST || !server.httpServer) return;
			const httpServer = server.httpServer;
			const runtime = await createRuntime(loadConfig(process.env));
			httpServer.on('upgrade', (request, socket, head) => {
				if (CollabServer.owns(request)) runtime.collab.handleUpgrade(request, socket, head);
			});
			httpServer.once('close', () => void runtime.close());
		}
	};
}
