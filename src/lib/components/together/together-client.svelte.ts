import type { Interest } from '$lib/server/interests';
import type { RoundView } from '$lib/server/rounds';
import { isRoundEvent } from '$lib/round-event-kinds';

/**
 * The browser's side of scoring rounds and the register of interests: reads them from the board's JSON
 * endpoints, and reads them again when the board's live connection announces a change to them (a round
 * opened, someone finished, a reveal), when it reconnects (events are not replayed), and when a deadline
 * passes. Private scores come back only for the signed-in member, as the server decides.
 */
export class TogetherClient {
	rounds = $state<RoundView[]>([]);
	barredModels = $state<string[]>([]);
	/** The board's setting: rounds are revealed without names. */
	anonymousReveal = $state(false);
	interests = $state<Interest[]>([]);
	error = $state<string | null>(null);
	loaded = $state(false);
	/** The latest announcement about rounds or interests, as a sentence ("Sam has finished scoring ..."). */
	lastEvent = $state<string | null>(null);
	readonly #boardId: string;
	#reading: Promise<void> | null = null;
	#again = false;

	constructor(boardId: string) {
		this.#boardId = boardId;
	}

	/** Handles one board event; true when it was about rounds or interests. */
	hear(event: { kind: string; text: string }): boolean {
		if (!isRoundEvent(event.kind)) return false;
		this.lastEvent = event.text;
		void this.refresh();
		return true;
	}

	/** Reads rounds and interests; a call while a read is under way reads once more after it, not in parallel. */
	refresh(): Promise<void> {
		if (this.#reading) {
			this.#again = true;
			return this.#reading;
		}
		this.#reading = (async () => {
			do {
				this.#again = false;
				await this.#read();
			} while (this.#again);
			this.#reading = null;
		})();
		return this.#reading;
	}

	/** The next moment an open round's deadline passes, when its status changes with no one acting. */
	get nextDeadline(): number | null {
		const now = Date.now();
		const due = this.rounds
			.filter((r) => r.status === 'open' && r.deadlineAt !== null && r.deadlineAt > now)
			.map((r) => r.deadlineAt as number);
		return due.length ? Math.min(...due) : null;
	}

	async #read(): Promise<void> {
		try {
			const [rounds, interests] = await Promise.all([this.#get('rounds'), this.#get('interests')]);
			this.rounds = rounds.rounds as RoundView[];
			this.barredModels = rounds.barredModels as string[];
			this.anonymousReveal = rounds.anonymousReveal === true;
			this.interests = interests.interests as Interest[];
			this.loaded = true;
		} catch (e) {
			this.error = e instanceof Error ? e.message : 'Could not load the scoring rounds.';
		}
	}

	async #get(what: string): Promise<Record<string, unknown>> {
		const response = await fetch(`/boards/${this.#boardId}/${what}`, { headers: { accept: 'application/json' } });
		if (!response.ok) throw new Error(`Could not load the ${what} (${response.status}).`);
		return (await response.json()) as Record<string, unknown>;
	}

	#queue: Promise<unknown> = Promise.resolve();

	/**
	 * Sends one change; on refusal keeps the server's message for the panel and returns false. Changes go one
	 * at a time, so a score and the rationale typed just after it reach the server in that order.
	 */
	send(path: 'rounds' | 'interests' | `rounds/${string}`, body: Record<string, unknown>): Promise<boolean> {
		const sent = this.#queue.then(() => this.#send(path, body));
		this.#queue = sent.catch(() => undefined);
		return sent;
	}

	async #send(path: string, body: Record<string, unknown>): Promise<boolean> {
		this.error = null;
		const response = await fetch(`/boards/${this.#boardId}/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(body)
		});
		if (!response.ok) {
			const answer = (await response.json().catch(() => null)) as { message?: string } | null;
			this.error = answer?.message ?? `That did not work (${response.status}).`;
			return false;
		}
		const answer = (await response.json()) as { round?: RoundView };
		if (answer.round) {
			const fresh = answer.round;
			const index = this.rounds.findIndex((r) => r.id === fresh.id);
			this.rounds = index === -1 ? [fresh, ...this.rounds] : this.rounds.map((r) => (r.id === fresh.id ? fresh : r));
		}
		if (path === 'interests') await this.refresh();
		return true;
	}
}
