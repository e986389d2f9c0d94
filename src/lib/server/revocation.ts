/**
 * Announcements that someone's access ended or changed, made by the functions that change it (session.ts,
 * membership.ts) so that every caller, now or later, takes effect on open websockets without remembering to.
 * The collaboration server listens and carries each one out on this instance and, through the fan-out, on
 * the others. With no server listening (scripts, unit tests) an announcement does nothing.
 */
export type Revocation =
	/** One session ended (sign-out, signed in again, expired, ended by an admin). */
	| { type: 'session'; sessionId: string }
	/** Every session of a user ended, except `keepSessionId` if given (password change, "sign out everywhere else"). */
	| { type: 'sessions'; userId: string; keepSessionId?: string }
	/** A member's role on a board changed or they were removed. */
	| { type: 'membership'; boardId: string; userId: string };

export type RevocationListener = (event: Revocation) => Promise<void> | void;

// On globalThis, not in a module variable: Vite loads app modules apart from the server entry's own copy.
const KEY = Symbol.for('trustboard.revocation-listeners');
type Holder = { [KEY]?: Set<RevocationListener> };

function listeners(): Set<RevocationListener> {
	const holder = globalThis as Holder;
	return (holder[KEY] ??= new Set());
}

/** Subscribes; returns the unsubscribe function. */
export function listen(listener: RevocationListener): () => void {
	listeners().add(listener);
	return () => listeners().delete(listener);
}

/** Tells every listener, resolving once they have acted here (other instances hear it through the fan-out). */
export async function announce(event: Revocation): Promise<void> {
	await Promise.all([...listeners()].map(async (listener) => listener(event)));
}
