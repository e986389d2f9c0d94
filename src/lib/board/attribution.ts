import * as Y from 'yjs';
import * as schema from './schema.ts';

/**
 * Who last touched each part of a board, found by replaying its update log.
 * A path names a spot in the document: `scopeRows/<row>/cells/<column>`,
 * `models/<model>/scores/<criterion>`, `criteria/<criterion>/weight`, ... the
 * same paths `diffBoards` puts on its changes. Replaying one logged update at a
 * time and watching the document's deep events tells exactly which paths that
 * update changed, whatever the client that sent it.
 */

export interface Touch {
	readonly userId: string;
	readonly at: number;
}

export class TouchRecorder {
	readonly #touches = new Map<string, Touch>();
	readonly #unobserve: (() => void)[] = [];
	#current: Touch | null = null;

	constructor(doc: Y.Doc) {
		for (const name of Object.values(schema.ROOT)) {
			const root = doc.getMap(name);
			const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
				const by = this.#current;
				if (!by) return;
				for (const event of events) {
					const base = [name, ...event.path.map(String)].join('/');
					if (event instanceof Y.YMapEvent) {
						for (const key of event.keysChanged) this.#touches.set(`${base}/${key}`, by);
					} else {
						this.#touches.set(base, by);
					}
				}
			};
			root.observeDeep(observer);
			this.#unobserve.push(() => root.unobserveDeep(observer));
		}
	}

	/**
	 * Applies one logged update, crediting whatever it changes to `by`. Updates
	 * without a user (the server's own repairs) are applied but credit no one,
	 * so a repair does not hide the person whose edit it corrected.
	 */
	apply(doc: Y.Doc, update: Uint8Array, by: Touch | null): void {
		this.#current = by;
		try {
			Y.applyUpdate(doc, update);
		} finally {
			this.#current = null;
		}
	}

	/**
	 * The latest touch at `path` or inside it (a row's cells, a cell's evidence
	 * links); failing that, the nearest enclosing touch (a row pasted whole).
	 */
	lookup(path: string): Touch | null {
		let best = this.#touches.get(path) ?? null;
		const prefix = `${path}/`;
		for (const [key, touch] of this.#touches) {
			if (key.startsWith(prefix) && (!best || touch.at >= best.at)) best = touch;
		}
		if (best) return best;
		const parts = path.split('/');
		for (let i = parts.length - 1; i > 0; i--) {
			const touch = this.#touches.get(parts.slice(0, i).join('/'));
			if (touch) return touch;
		}
		return null;
	}

	destroy(): void {
		for (const off of this.#unobserve) off();
	}
}

export interface LoggedChange {
	readonly update: Uint8Array;
	readonly userId: string | null;
	readonly createdAt: number;
}

/**
 * Attribution of the changes between two versions of a board: start from the
 * older version's content and replay the board's update log, in log order,
 * applying exactly the updates the newer version contains. Updates the older
 * version already has change nothing. A version normally holds a prefix of the
 * log (one server applies and logs updates in one order); with several server
 * instances an update logged before the version may be missing from it, so a
 * missing update is skipped rather than taken as the end, and the replay ends
 * once it has reached the newer version's exact content.
 */
export class AttributionReplay {
	readonly #doc = new Y.Doc({ gc: false });
	readonly #target: Y.Snapshot;
	readonly #recorder: TouchRecorder;
	#done: boolean;
	#skipped = false;

	constructor(fromState: Uint8Array, toState: Uint8Array) {
		const target = new Y.Doc({ gc: false });
		Y.applyUpdate(target, toState);
		this.#target = Y.snapshot(target);
		target.destroy();
		Y.applyUpdate(this.#doc, fromState);
		this.#recorder = new TouchRecorder(this.#doc);
		// Comparing a newer version with an older one: there is no forward history to replay.
		this.#done = !Y.snapshotContainsUpdate(this.#target, fromState) || this.#reached();
	}

	get done(): boolean {
		return this.#done;
	}

	#reached(): boolean {
		return Y.equalSnapshots(Y.snapshot(this.#doc), this.#target);
	}

	/** Feeds the next log entries, oldest first; returns false once the newer version is reached. */
	feed(entries: readonly LoggedChange[]): boolean {
		if (this.#done) return false;
		for (const entry of entries) {
			if (!Y.snapshotContainsUpdate(this.#target, entry.update)) {
				this.#skipped = true;
				continue;
			}
			this.#recorder.apply(this.#doc, entry.update, entry.userId ? { userId: entry.userId, at: entry.createdAt } : null);
		}
		// Checked per batch, and only once past the newer version's end: comparing snapshots costs a document walk.
		if (this.#skipped && this.#reached()) this.#done = true;
		return !this.#done;
	}

	lookup(path: string): Touch | null {
		return this.#recorder.lookup(path);
	}

	destroy(): void {
		this.#recorder.destroy();
		this.#doc.destroy();
	}
}
