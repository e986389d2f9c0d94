import type { Logger } from 'pino';
import type { CollabControl } from './collab-control.ts';
import type { Config } from './config.ts';
import type { Database } from './db/index.ts';
import type { DocStore } from './doc-store.ts';
import type { DownloadLimiter } from './download-limit.ts';
import type { Offload } from './offload.ts';

export type { CollabControl };

export interface AppContext {
	config: Config;
	database: Database;
	docs: DocStore;
	logger: Logger;
	collab: CollabControl;
	/** Worker threads for downloads and cold loads, so no other board waits on them. */
	offload: Offload;
	downloads: DownloadLimiter;
}

const KEY = Symbol.for('trustboard.context');
type Holder = { [KEY]?: AppContext };

/**
 * The process entry (production server or the dev server plugin) creates the context once; SvelteKit code
 * finds it here. It cannot be an ordinary module singleton because Vite loads app modules separately from
 * the entry's own copy.
 */
export function setContext(context: AppContext | undefined): void {
	(globalThis as Holder)[KEY] = context;
}

/** Unpublishes a context only if it is still the current one (a restarted dev server has already replaced it). */
export function clearContext(context: AppContext): void {
	if ((globalThis as Holder)[KEY] === context) setContext(undefined);
}

export function getContext(): AppContext {
	const context = (globalThis as Holder)[KEY];
	if (!context) throw new Error('trustboard runtime not started: run through server/index.ts or the Vite dev server');
	return context;
}
