import type { ServerResponse } from 'node:http';
import type { Database } from '../src/lib/server/db/index.ts';

export const HEALTH_PATH = '/healthz';

/** Liveness and readiness in one: the process answers, and so does its database. */
export async function health(database: Database, response: ServerResponse): Promise<void> {
	let ok = true;
	try {
		await database.ping();
	} catch {
		ok = false;
	}
	response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
	response.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable' }));
}
