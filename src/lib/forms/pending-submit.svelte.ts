import type { SubmitFunction } from '@sveltejs/kit';

/** A form's "submitting…" state for its button, then SvelteKit's usual update (errors, redirect, invalidation). */
export class PendingSubmit {
	current = $state(false);
	readonly #reset: boolean;

	/** `reset: false` keeps what was typed after a successful submit. */
	constructor(options: { reset?: boolean } = {}) {
		this.#reset = options.reset ?? true;
	}

	readonly enhance: SubmitFunction = () => {
		this.current = true;
		return async ({ update }) => {
			this.current = false;
			await update({ reset: this.#reset });
		};
	};
}
