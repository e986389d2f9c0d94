import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import * as read from '$lib/board/read';
import type { BoardView } from '$lib/board/read';
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
 * per animation frame, and unchanged rows keep their objects (see share), so
 * only what changed re-renders.
 */
export class BoardState {
	readonly doc: Y.Doc;
	#view: BoardView;
	#cancel: (() => void) | null = null;
	#subscribe: () => void;

	constructor(doc: Y.Doc) {
		this.doc = doc;
		this.#view = read.readBoard(doc);
		this.#subscribe = createSubscriber((update) => {
			const onUpdate = () => {
				if (this.#cancel) return;
				this.#cancel = nextFrame(() => {
					this.#cancel = null;
					this.#refresh();
					update();
				});
			};
			// Changes made while nobody was watching.
			this.#refresh();
			doc.on('update', onUpdate);
			return () => {
				doc.off('update', onUpdate);
				this.#cancel?.();
				this.#cancel = null;
			};
		});
	}

	#refresh(): void {
		this.#view = share(this.#view, read.readBoard(this.doc));
	}

	get view(): BoardView {
		this.#subscribe();
		return this.#view;
	}
}
