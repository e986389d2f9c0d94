import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import * as read from '$lib/board/read';
import type { BoardPart, BoardView } from '$lib/board/read';
import { share } from './share.ts';

/** Runs `callback` once on the next animation frame, or soon when the tab is hidden (no frames then). */
function nextFrame(callback: () => void): () => void {
	if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
		const id = requestAnimationFrame(callback);
		return () => cancelAnimationFrame(id);
	}
	const id = setTimeout(callback, 16);
	return () => clearTimeout(id);
}

/**
 * The board as reactive, frozen plain data. Document updates (a keystroke, a
 * remote paste of 500 cells) are coalesced: the board is re-read at most once
 * per animation frame, only the parts of it that the updates touched (a scope
 * cell re-reads the scope, not 750 scores), and unchanged rows keep their
 * objects (see share), so only what changed re-renders.
 */
export class BoardState {
	readonly doc: Y.Doc;
	#view: BoardView;
	/** Parts changed since the view was last read (while nobody watches, the read waits for a watcher). */
	#changed = new Set<BoardPart>();
	#watched: (() => void) | null = null;
	#cancel: (() => void) | null = null;
	#subscribe: () => void;

	constructor(doc: Y.Doc) {
		this.doc = doc;
		this.#view = read.readBoard(doc);
		doc.on('afterTransaction', (transaction: Y.Transaction) => {
			if (transaction.changed.size === 0) return;
			for (const part of read.changedParts(doc, transaction.changed.keys())) this.#changed.add(part);
			if (this.#changed.size > 0 && this.#watched && !this.#cancel) {
				const update = this.#watched;
				this.#cancel = nextFrame(() => {
					this.#cancel = null;
					this.#refresh();
					update();
				});
			}
		});
		this.#subscribe = createSubscriber((update) => {
			// Changes made while nobody was watching. Reading a board takes milliseconds (tens on a large one before
			// the JIT has warmed up), so the page's first render does not read it a second time.
			this.#refresh();
			this.#watched = update;
			return () => {
				this.#watched = null;
				this.#cancel?.();
				this.#cancel = null;
			};
		});
	}

	#refresh(): void {
		if (this.#changed.size === 0) return;
		const parts = this.#changed;
		this.#changed = new Set();
		this.#view = share(this.#view, read.rereadBoard(this.doc, this.#view, parts));
	}

	get view(): BoardView {
		this.#subscribe();
		return this.#view;
	}
}
