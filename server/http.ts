import http from 'node:http';
import type { Runtime } from './runtime.ts';
import { CollabServer } from './collab/server.ts';
import { refuse } from './collab/upgrade.ts';
import { HEALTH_PATH, health } from './health.ts';
import { METRICS_PATH } from './metrics-endpoint.ts';

export type RequestHandler = (request: http.IncomingMessage, response: http.ServerResponse, next?: () => void) => void;

/** A slow client must not hold a socket open by trickling headers or a body. */
const HEADERS_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 60_000;
const SHUTDOWN_LIMIT_MS = 20_000;
/**
 * How often Node checks the two timeouts above. Its default (30 s) let a trickling client hold a socket for up
 * to 45 s; at 1 s the headers timeout is enforced within a second of expiring.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
/**
 * How long an idle connection is kept for the next request. Node's default, 5 s, is shorter than the idle time
 * of proxies and load balancers that pool connections (60 s is common) and hardly longer than fetch's pool (about
 * 4 s): a form post sent on a connection the server is closing at that moment fails, and neither a proxy nor
 * fetch sends a POST again. Past 60 s the server is not the side that closes an idle connection first.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Headers every response carries, static files and /healthz included. SvelteKit responses get the same set
 * again from src/hooks.server.ts plus the page's Content-Security-Policy.
 */
const BASE_HEADERS: Record<string, string> = {
	'X-Content-Type-Options': 'nosniff',
	'X-Frame-Options': 'DENY',
	'Referrer-Policy': 'same-origin',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/**
 * The one HTTP server of a process: /healthz, the collaboration websocket at /collab/<boardId>, and everything
 * else to the app's handler (SvelteKit's, or a plain 404 when there is none).
 */
export function createHttpServer(runtime: Runtime, app: RequestHandler | null): http.Server {
	const options = {
		headersTimeout: HEADERS_TIMEOUT_MS,
		requestTimeout: REQUEST_TIMEOUT_MS,
		connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS
	};
	const server = http.createServer(options, (request, response) => {
		response.once('finish', () => discardUnreadBody(request));
		for (const [name, value] of Object.entries(BASE_HEADERS)) response.setHeader(name, value);
		if (request.url === HEALTH_PATH) {
			void health(runtime.context.database, response);
			return;
		}
		if (request.url === METRICS_PATH) {
			runtime.metrics.serve(request, response);
			return;
		}
		if (app) {
			app(request, response);
			return;
		}
		response.writeHead(404).end();
	});
	server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
	server.on('upgrade', (request, socket, head) => {
		if (CollabServer.owns(request)) runtime.collab.handleUpgrade(request, socket, head);
		else refuse(socket, 404);
	});
	return server;
}

/**
 * The rest of a body the answer did not need (a cross-site form refused before it was read, a body cut off at
 * BODY_SIZE_LIMIT). Node discards an unread body itself, but not one SvelteKit started reading and paused: the
 * connection then never reads its next request, which hung until the request timeout answered it 408. Read and
 * dropped, still bounded by the request timeout.
 */
function discardUnreadBody(request: http.IncomingMessage): void {
	if (request.complete) return;
	request.removeAllListeners('data');
	request.resume();
}

export function listen(server: http.Server, host: string, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			const address = server.address();
			resolve(typeof address === 'object' && address ? address.port : port);
		});
	});
}

/** SIGTERM/SIGINT: stop accepting, store pending edits, close sockets as "restarting", close the database, exit. */
export function stopOnSignals(server: http.Server, runtime: Runtime): void {
	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		runtime.logger.info({ signal }, 'shutting down');
		setTimeout(() => {
			runtime.logger.error('shutdown took too long; exiting');
			process.exit(1);
		}, SHUTDOWN_LIMIT_MS).unref();
		server.close();
		server.closeIdleConnections();
		runtime
			.close()
			.then(() => {
				runtime.logger.info('stopped');
				process.exit(0);
			})
			.catch((error: unknown) => {
				runtime.logger.error({ err: error }, 'shutdown failed');
				process.exit(1);
			});
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
}
