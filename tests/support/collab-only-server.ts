import { loadConfig } from '../../src/lib/server/config.ts';
import { createHttpServer, listen, stopOnSignals } from '../../server/http.ts';
import { createRuntime } from '../../server/runtime.ts';

// The production entry without SvelteKit's handler: used by the integration tests when the app has not been
// built (build/handler.js missing). Same runtime, HTTP server, upgrade handling and shutdown.
const config = loadConfig(process.env);
const runtime = await createRuntime(config);
const server = createHttpServer(runtime, null);
stopOnSignals(server, runtime);
const port = await listen(server, config.host, config.port);
runtime.logger.info({ host: config.host, port }, 'listening');
