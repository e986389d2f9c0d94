import * as Y from 'yjs';
import type { Endpoint } from './endpoint.ts';
import { openProvider } from './provider-client.ts';
import { until } from '../lib/time.ts';

/**
 * The cold-load workload's large-board client, in a process of its own: applying a 1.5 MB board into a document
 * holds a process's event loop for tens to hundreds of milliseconds, and in the load generator's process that
 * delayed the other board's probe, which then counted it as the server's. Started with the endpoint, board and
 * the history's author and clock as JSON in argv; says `ready`, opens the board on a line from stdin, and prints
 * the result as JSON once it holds the whole board.
 */
const { endpoint, boardId, clientId, clock } = JSON.parse(process.argv[2]!) as { endpoint: Endpoint; boardId: string; clientId: number; clock: number };
process.stdout.write('ready\n');
process.stdin.once('data', () => {
	void (async () => {
		const openedAt = performance.now();
		const client = openProvider(endpoint, boardId);
		// Until the client holds the whole board: y-websocket-server answers sync before LevelDB has loaded.
		await until(() => Y.getState(client.doc.store, clientId) >= clock, 'the large board', 60_000, 2);
		const loadMs = performance.now() - openedAt;
		const loadedBytes = Y.encodeStateAsUpdate(client.doc).byteLength;
		client.destroy();
		process.stdout.write(`${JSON.stringify({ loadMs, loadedBytes })}\n`, () => process.exit(0));
	})();
});
