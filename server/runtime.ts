import pino, { type Logger } from 'pino';
import type { Config } from '../src/lib/server/config.ts';
import { clearContext, setContext, type AppContext } from '../src/lib/server/context.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { createDocStore } from '../src/lib/server/doc-store.ts';
import { CollabServer } from './collab/server.ts';

export interface Runtime {
	context: AppContext;
	collab: CollabServer;
	logger: Logger;
	/** Stores pending edits, closes every socket as "restarting", closes the database. */
	close(): Promise<void>;
}

/**
 * Everything one server process holds, built once by the production entry or the dev server plugin and
 * published to SvelteKit code through the app context.
 */
export async function createRuntime(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<Runtime> {
	const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
	const docs = createDocStore(database.db);
	const collab = new CollabServer({ config, database, docs, logger });
	const context: AppContext = { config, database, docs, logger, collab };
	setContext(context);
	let closing: Promise<void> | null = null;
	return {
		context,
		collab,
		logger,
		close() {
			closing ??= (async () => {
				await collab.close();
				clearContext(context);
				await database.close();
			})();
			return closing;
		}
	};
}
