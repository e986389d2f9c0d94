import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread from `name` beside `base` (the caller's import.meta.url). The production build emits
 * each worker as plain JavaScript beside the server bundle (scripts/build-server.js). From the sources
 * (`npm run dev`, vitest, tsx) there is only the TypeScript file, which this Node cannot run by itself: the
 * thread starts by registering tsx, the project's TypeScript runner, and then imports it.
 */
export function startWorker(name: string, base: string, workerData: unknown): Worker {
	const compiled = new URL(`./${name}.js`, base);
	if (fs.existsSync(compiled)) return new Worker(compiled, { workerData });
	const source = new URL(`./${name}.ts`, base).href;
	const tsx = import.meta.resolve('tsx/esm/api');
	const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
	return new Worker(bootstrap, { eval: true, workerData });
}
