import pino, { type Logger } from 'pino';
import type { Config } from '../src/lib/server/config.ts';
import { clearContext, setContext, type AppContext } from '../src/lib/server/context.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { docStoreFor } from '../src/lib/server/doc-store.ts';
import { DownloadLimiter } from '../src/lib/server/download-limit.ts';
import { createOffload, defaultThreads, onThisThread } from '../src/lib/server/offload.ts';
import * as snapshot from '../src/lib/server/snapshot.ts';
import * as versions from '../src/lib/server/versions.ts';
import { Checkpoints } from './collab/checkpoints.ts';
import { localFanout, type Fanout } from './collab/fanout.ts';
import { Metrics } from './collab/metrics.ts';
import { RedisFanout } from './collab/redis-fanout.ts';
import { CollabServer } from './collab/server.ts';
import { MetricsEndpoint } from './metrics-endpoint.ts';

export interface Runtime {
	context: AppContext;
	collab: CollabServer;
	metrics: MetricsEndpoint;
	logger: Logger;
	/** Stores pending edits, closes every socket as "restarting", disconnects Redis, closes the database. */
	close(): Promise<void>;
}

/**
 * Everything one server process holds, built once by the production entry or the dev server plugin and
 * published to SvelteKit code through the app context.
 */
export async function createRuntime(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<Runtime> {
	const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, sqliteSync: config.sqliteSync });
	const threads = config.offloadThreads ?? defaultThreads();
	const offload = threads > 0 ? createOffload(threads) : onThisThread;
	const docs = docStoreFor(database, offload, { compactOffThread: threads > 0 });
	const metrics = new Metrics();
	if (config.redisUrl && !config.databaseUrl) {
		logger.warn('REDIS_URL without DATABASE_URL: instances on different machines cannot share a SQLite file; use PostgreSQL');
	}
	const fanout: Fanout = config.redisUrl
		? new RedisFanout({ url: config.redisUrl, prefix: config.redisPrefix, logger, metrics })
		: localFanout;
	const checkpoints = new Checkpoints({
		intervalMs: config.checkpointIntervalMs,
		logger,
		async take(boardId) {
			await versions.take({ collab, docs, database }, { boardId, userId: null, kind: 'checkpoint', title: 'Automatic checkpoint' });
			await snapshot.thinCheckpoints(database.db, boardId);
		}
	});
	const collab: CollabServer = new CollabServer({ config, database, docs, logger, fanout, metrics, activity: checkpoints });
	const metricsEndpoint = new MetricsEndpoint(metrics, { token: config.metricsToken, addressHeader: config.addressHeader });
	const downloads = new DownloadLimiter(config.downloads);
	const context: AppContext = { config, database, docs, logger, collab, offload, downloads };
	setContext(context);
	let closing: Promise<void> | null = null;
	return {
		context,
		collab,
		metrics: metricsEndpoint,
		logger,
		close() {
			closing ??= (async () => {
				await collab.close();
				await checkpoints.stop();
				// After the rooms: their last writes are published before the other instances hear "bye".
				await fanout.close();
				metricsEndpoint.close();
				clearContext(context);
				await offload.close();
				await database.close();
			})();
			return closing;
		}
	};
}
