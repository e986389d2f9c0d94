import * as Y from 'yjs';
import type { Saved } from '../protocol/messages.ts';

export type SaveState = 'saved' | 'saving' | 'error';

/**
 * Decides whether this client's own edits are durable on the server. Two conditions, because each misses a
 * case the other catches: every frame carrying a local edit must be covered by a `saved` frame count (a pure
 * deletion does not move the state vector), and this client's own clock must be covered by the durable state
 * vector (an update the server could not integrate yet is acknowledged as a frame but is not in the state).
 * Edits made while disconnected travel in the sync step 2 answer of the next connection.
 */
export class SaveTracker {
	readonly #doc: Y.Doc;
	#pendingFrame = 0;
	#confirmedFrames = 0;
	#unsent = false;
	#durable: Map<number, number> = new Map();
	#failure: string | null = null;

	constructor(doc: Y.Doc) {
		this.#doc = doc;
	}

	get failure(): string | null {
		return this.#failure;
	}

	/** A local change: sent as frame `frame` on the current socket, or not sent yet (null). */
	localChange(frame: number | null): void {
		if (frame === null) this.#unsent = true;
		else this.#pendingFrame = Math.max(this.#pendingFrame, frame);
	}

	/** A new socket: whatever the old one did not get confirmed must go out again. */
	newSocket(): void {
		if (this.#pendingFrame > this.#confirmedFrames) this.#unsent = true;
		this.#pendingFrame = 0;
		this.#confirmedFrames = 0;
	}

	/** The sync step 2 answer was sent as `frame`: it carries everything unsent. */
	resent(frame: number): void {
		if (!this.#unsent) return;
		this.#unsent = false;
		this.#pendingFrame = Math.max(this.#pendingFrame, frame);
	}

	get hasUnsent(): boolean {
		return this.#unsent;
	}

	saved(saved: Saved): void {
		this.#confirmedFrames = Math.max(this.#confirmedFrames, saved.frames);
		this.#durable = Y.decodeStateVector(saved.stateVector);
		this.#failure = null;
	}

	failed(reason: string): void {
		this.#failure = reason;
	}

	get state(): SaveState {
		const ownClock = Y.getState(this.#doc.store, this.#doc.clientID);
		const unsaved = this.#unsent || this.#pendingFrame > this.#confirmedFrames || ownClock > (this.#durable.get(this.#doc.clientID) ?? 0);
		if (!unsaved) return 'saved';
		return this.#failure ? 'error' : 'saving';
	}
}
