import path from 'node:path';
import { PinnedProcess } from '../lib/process.ts';
import { freePort } from '../lib/net.ts';
import type { Endpoint } from '../clients/endpoint.ts';
import type { RunningTarget, Target } from './target.ts';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * A bare websocket relay (relay-server.mjs): the least any server on Node and `ws` can cost, so every latency
 * and fan-out table shows how far each Yjs server is from the floor.
 */
export class RelayTarget implements Target {
	readonly name = 'relay';
	readonly label = 'bare relay (ws, no Yjs)';
	readonly wire = 'y-websocket' as const;
	readonly storage = 'none (forwards frames; the floor)';
	readonly durable = false;
	readonly crossInstance = false;

	async unavailable(): Promise<string | null> {
		return null;
	}

	async start(): Promise<RunningTarget> {
		const port = await freePort();
		const server = new PinnedProcess({
			args: [path.join(import.meta.dirname, 'relay-server.mjs')],
			cwd: root,
			env: { HOST: '127.0.0.1', PORT: String(port) },
			ready: (line) => line.includes('"listening"')
		});
		await server.start();
		const endpoint: Endpoint = { wire: 'y-websocket', base: `ws://127.0.0.1:${port}`, headers: {}, params: {} };
		let boards = 0;
		return {
			target: this,
			pid: () => server.pid,
			endpoint: () => endpoint,
			newBoard: async () => `relay-${++boards}-${Date.now().toString(36)}`,
			storeHistory: () => Promise.reject(new Error('the relay stores nothing')),
			kill: () => server.stop('SIGKILL'),
			restart: () => server.start(),
			stop: () => server.stop('SIGTERM')
		};
	}
}
