import { Server, type Extension } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Redis } from '@hocuspocus/extension-redis';

// Hocuspocus 3.4 as its docs set it up: the Server class with the SQLite extension (a file), plus the Redis
// extension when several instances serve one document. Defaults otherwise (store debounce 2 s, max 10 s).
const port = Number(process.env.PORT);
const extensions: Extension[] = [new SQLite({ database: process.env.SQLITE_FILE ?? '' })];
if (process.env.REDIS_URL) {
	const url = new URL(process.env.REDIS_URL);
	extensions.push(new Redis({ host: url.hostname, port: Number(url.port) || 6379, prefix: process.env.REDIS_PREFIX ?? 'hocuspocus' }));
}
const server = new Server({ port, address: '127.0.0.1', quiet: true, extensions });
await server.listen();
console.log(JSON.stringify({ msg: 'listening', port }));
