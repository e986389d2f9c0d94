import { parentPort } from 'node:worker_threads';
import type { Download } from './export/files.ts';
import type { Reply, Request } from './offload.ts';
import { runTask, type PreparedLoad } from './offload-tasks.ts';

/** One of the threads of offload.ts: runs one task at a time and answers with its result or its error. */
const port = parentPort!;

/** A result's bytes are moved, not copied, when they own their whole buffer (what every writer returns). */
function transferable(result: unknown): ArrayBuffer[] {
	const shaped = result as Partial<PreparedLoad & Download> | null | undefined;
	const all = [result, shaped?.body, shaped?.state, ...(Array.isArray(shaped?.slices) ? shaped.slices : [])];
	const buffers = new Set<ArrayBuffer>();
	for (const bytes of all) {
		if (!(bytes instanceof Uint8Array)) continue;
		if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer)
			buffers.add(bytes.buffer);
	}
	return [...buffers];
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
