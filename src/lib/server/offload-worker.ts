import { parentPort } from 'node:worker_threads';
import type { Download } from './export/files.ts';
import type { Reply, Request } from './offload.ts';
import { runTask } from './offload-tasks.ts';

/** One of the threads of offload.ts: runs one task at a time and answers with its result or its error. */
const port = parentPort!;

/** A result's bytes are moved, not copied, when they own their whole buffer (what every writer returns). */
function transferable(result: unknown): ArrayBuffer[] {
	const bytes = result instanceof Uint8Array ? result : (result as Download | undefined)?.body;
	if (!(bytes instanceof Uint8Array)) return [];
	return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
		? [bytes.buffer]
		: [];
}

port.on('message', (request: Request) => {
	runTask(request.task).then(
		(result) => port.postMessage({ id: request.id, result } satisfies Reply, transferable(result)),
		(error: unknown) => {
			const message = error instanceof Error ? error.message : String(error);
			port.postMessage({ id: request.id, error: message } satisfies Reply);
		}
	);
});
