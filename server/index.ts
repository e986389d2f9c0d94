import { loadConfig } from '../src/lib/server/config.ts';
import { createHttpServer, listen, stopOnSignals, type RequestHandler } from './http.ts';
import { createRuntime } from './runtime.ts';

// Production entry, bundled to build/server.js beside SvelteKit's build/handler.js: one process, one port,
// serving the app, /healthz and the collaboration websocket.
// adapter-node reads this when the handler loads: 512 KB by default, too small for a board's JSON import
// (the import itself caps files at 5 MB with a clear message).
process.env.BODY_SIZE_LIMIT ??= '6M';
const config = loadConfig(process.env);
const runtime = await createRuntime(config);
// Imported after the runtime exists: app modules find it through the app context.
const { handler } = (await import(new URL('./handler.js', import.meta.url).href)) as { handler: RequestHandler };
const server = createHttpServer(runtime, handler);
stopOnSignals(server, runtime);
const port = await listen(server, config.host, config.port);
runtime.logger.info({ host: config.host, port }, 'listening');
