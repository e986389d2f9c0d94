/** Every lazily fetched part made so far, for warming them all once the page is usable. */
const everyLazy: Lazy<unknown>[] = [];

/**
 * Code fetched the first time it is needed (a menu's list when a menu opens, a dialog when it opens, the other
 * grid when its tab is chosen), so the board page's first load carries only what its first screen shows. Create
 * one at module level per piece of code, so every use shares one fetch; `current` is reactive and stays set once
 * loaded. A failed fetch (offline) is tried again on the next `load`.
 */
export class Lazy<T> {
	current = $state.raw<T | null>(null);
	#pending: Promise<T> | null = null;
	readonly #fetch: () => Promise<T>;

	constructor(fetch: () => Promise<T>) {
		this.#fetch = fetch;
		// Made by code that arrived while warming: the walk below reaches it too.
		everyLazy.push(this);
	}

	load(): Promise<T> {
		this.#pending ??= this.#fetch().then(
			(loaded) => (this.current = loaded),
			(error: unknown) => {
				this.#pending = null;
				throw error;
			}
		);
		return this.#pending;
	}

	/** The code if it has arrived, else its fetch: for `{#await lazy.get() then Component}`, which then renders at once. */
	get(): T | Promise<T> {
		return this.current ?? this.load();
	}

	/** Start fetching ahead of use (a pointer over a trigger, focus on it, the dialog opening); errors wait for the next try. */
	preload = (): void => {
		this.load().catch(() => {});
	};
}

/** After the first screen has settled, then when the browser is idle. */
const WARM_AFTER_MS = 3_000;

/**
 * Fetches everything left out of the first load, in the background once the page is usable, so that menus,
 * dialogs and the other tab still open if the network drops later (the board keeps working offline). One part
 * per idle moment, each after the last has arrived: running every fetched module at once made one long task,
 * and a remote change arriving during it waited for it (the p99 of a remote update, docs/performance.md).
 * Returns a function that stops it.
 */
export function warmWhenIdle(): () => void {
	let stopped = false;
	let idle: number | undefined;
	let next = 0;
	const step = () => {
		idle = undefined;
		const lazy = everyLazy[next++];
		if (stopped || !lazy) return;
		void lazy.load().then(later, later);
	};
	const later = () => {
		if (stopped) return;
		if ('requestIdleCallback' in window) idle = requestIdleCallback(step, { timeout: WARM_AFTER_MS });
		else setTimeout(step, 0);
	};
	const timer = setTimeout(later, WARM_AFTER_MS);
	return () => {
		stopped = true;
		clearTimeout(timer);
		if (idle !== undefined) cancelIdleCallback(idle);
	};
}
