/**
 * Live announcements to everyone on a board ("Ann restored version 3", "the agenda moved on", "Ben finished
 * scoring"), made by the server code that did the thing. The collaboration server listens and sends each one
 * as a notice to the board's open connections on this instance and, through the fan-out, on the others.
 * Nothing is stored: an event is a signal to people looking now; whatever must survive is stored by its
 * owner. With no server listening (scripts, unit tests) an announcement does nothing.
 */
export interface BoardEvent {
	/** A short machine name the page can act on, e.g. `restored`, `agenda-moved`, `round-finished`. */
	kind: string;
	/** The sentence shown to people, saying who did what. */
	text: string;
	by?: { id: string; name: string } | null;
	/** JSON the page may use (never anything private: every recipient sees it). */
	data?: Record<string, unknown>;
	/** Only these members' connections; omitted means everyone on the board. */
	to?: string[];
}

export type BoardEventListener = (boardId: string, event: BoardEvent) => Promise<void> | void;

/** Longest `text` sent: a notice is a sentence, not a document. */
export const MAX_EVENT_TEXT = 500;

// On globalThis, not in a module variable: Vite loads app modules apart from the server entry's own copy.
const KEY = Symbol.for('trustboard.board-event-listeners');
type Holder = { [KEY]?: Set<BoardEventListener> };

function listeners(): Set<BoardEventListener> {
	const holder = globalThis as Holder;
	return (holder[KEY] ??= new Set());
}

/** Subscribes; returns the unsubscribe function. */
export function listen(listener: BoardEventListener): () => void {
	listeners().add(listener);
	return () => listeners().delete(listener);
}

/** Tells every listener, resolving once they have acted here (other instances hear it through the fan-out). */
export async function announce(boardId: string, event: BoardEvent): Promise<void> {
	const bounded = { ...event, text: event.text.slice(0, MAX_EVENT_TEXT) };
	await Promise.all([...listeners()].map(async (listener) => listener(boardId, bounded)));
}
