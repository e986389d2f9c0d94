import type http from 'node:http';
import { loadConfig } from '../../src/lib/server/config.ts';
import { createHttpServer, listen } from '../../server/http.ts';
import { createRuntime, type Runtime } from '../../server/runtime.ts';

export interface InProcessServer {
	runtime: Runtime;
	/** What TestClient needs to connect. */
	endpoint: { wsUrl: string; origin: string };
	close(): Promise<void>;
}

/**
 * The collaboration server and its runtime in the test's own process, on a free port: for tests that call
 * the app's server code directly (as SvelteKit actions do) and watch real clients on a real socket.
 */
export async function startInProcess(dataDir: string, env: Record<string, string> = {}): Promise<InProcessServer> {
	const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }));
	const httpServer: http.Server = createHttpServer(runtime, null);
	const port = await listen(httpServer, '127.0.0.1', 0);
	return {
		runtime,
		endpoint: { wsUrl: `ws://127.0.0.1:${port}/collab`, origin: `http://127.0.0.1:${port}` },
		async close() {
			await runtime.close();
			httpServer.close();
		}
	};
}
