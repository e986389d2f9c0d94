import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import * as schema from '$lib/board/schema';

/**
 * The board's title and description Y.Texts, re-read when the meta map changes (a text can be replaced if
 * two clients ever created it concurrently). Read-only: looking them up never writes to the document.
 */
export class LiveMeta {
	#meta: Y.Map<unknown>;
	#subscribe: () => void;

	constructor(doc: Y.Doc) {
		this.#meta = schema.roots(doc).meta;
		this.#subscribe = createSubscriber((update) => {
			this.#meta.observe(update);
			return () => this.#meta.unobserve(update);
		});
	}

	#text(key: 'title' | 'description'): Y.Text | null {
		this.#subscribe();
		const value = this.#meta.get(key);
		return value instanceof Y.Text ? value : null;
	}

	get title() {
		return this.#text('title');
	}

	get description() {
		return this.#text('description');
	}
}

/** A Y.Text's current string as reactive state, for showing text that is edited elsewhere. */
export class LiveText {
	#text: Y.Text;
	#subscribe: () => void;

	constructor(text: Y.Text) {
		this.#text = text;
		this.#subscribe = createSubscriber((update) => {
			text.observe(update);
			return () => text.unobserve(update);
		});
	}

	get current(): string {
		this.#subscribe();
		return this.#text.toString();
	}
}
