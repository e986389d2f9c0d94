import type * as Y from 'yjs';

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
