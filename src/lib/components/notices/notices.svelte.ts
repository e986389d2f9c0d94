/** One thing that happened on the board, as a sentence saying who did what. */
export interface Notice {
	readonly id: number;
	readonly text: string;
	readonly kind: string;
	readonly at: number;
}

/** How long a notice stays on screen; the live region has read it out long before. */
export const NOTICE_MS = 12_000;
const MAX_SHOWN = 4;

/**
 * Notices about what others did (the chair restored a version, locked a row,
 * moved the agenda on): the newest few, each fading after a while or when
 * dismissed. Any board event with a sentence becomes one, whatever its kind,
 * so a new kind of event needs nothing here.
 */
export class Notices {
	list = $state<Notice[]>([]);
	#next = 1;
	#timers = new Map<number, ReturnType<typeof setTimeout>>();

	push(text: string, kind = 'notice'): void {
		const trimmed = text.trim();
		if (!trimmed) return;
		const notice = { id: this.#next++, text: trimmed, kind, at: Date.now() };
		const kept = [...this.list, notice];
		for (const dropped of kept.slice(0, Math.max(0, kept.length - MAX_SHOWN))) this.#clearTimer(dropped.id);
		this.list = kept.slice(-MAX_SHOWN);
		this.#timers.set(
			notice.id,
			setTimeout(() => this.dismiss(notice.id), NOTICE_MS)
		);
	}

	dismiss(id: number): void {
		this.#clearTimer(id);
		this.list = this.list.filter((n) => n.id !== id);
	}

	destroy(): void {
		for (const id of this.#timers.keys()) this.#clearTimer(id);
	}

	#clearTimer(id: number): void {
		clearTimeout(this.#timers.get(id));
		this.#timers.delete(id);
	}
}
