import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Config } from './config.ts';
import type { Database } from './db/index.ts';
import type { DocStore } from './doc-store.ts';

/**
 * What the live collaboration server lets the app do to open boards. Session ends are announced by
 * session.ts (revocation.ts) and need nothing here; server-side document changes (rename, restore) go through it so they
 * reach connected clients as ordinary updates instead of replacing their document.
 */
export interface CollabControl {
	/** A member's role changed or they were removed: close or downgrade their open connections to this board. */
	membershipChanged(boardId: string, userId: string): Promise<void>;
	/** Applies a change to a board's document as the server, stores it durably, and broadcasts it. */
	change(boardId: string, userId: string | null, fn: (doc: Y.Doc) => void): Promise<void>;
	/** The board's current full state as one update (from the live room if loaded, otherwise from storage). */
	state(boardId: string): Promise<Uint8Array>;
}

export interface AppContext {
	config: Config;
	database: Database;
	docs: DocStore;
	logger: Logger;
	collab: CollabControl;
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
