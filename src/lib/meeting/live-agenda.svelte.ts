import { createSubscriber } from 'svelte/reactivity';
import type { BoardConnection } from '$lib/collab/board-connection.svelte';
import { currentItem, nextItem, remainingAt, type AgendaItem, type AgendaState } from './agenda.ts';

/** A state sent by the server, checked for shape before the page trusts it. */
function isAgendaState(value: unknown): value is AgendaState {
	if (typeof value !== 'object' || value === null) return false;
	const state = value as Record<string, unknown>;
	const clock = state.clock as Record<string, unknown> | undefined;
	return (
		typeof state.revision === 'number' &&
		typeof state.serverNow === 'number' &&
		typeof state.meetingDate === 'string' &&
		Array.isArray(state.items) &&
		typeof clock === 'object' &&
		clock !== null &&
		typeof clock.elapsedMs === 'number' &&
		(clock.runningSince === null || typeof clock.runningSince === 'number') &&
		(clock.currentId === null || typeof clock.currentId === 'string')
	);
}

/**
 * The agenda on one page, kept live: it takes every state the server
 * announces on the board's events channel, keeps the newest by revision, and
 * reloads it whenever the connection comes back (events are not replayed).
 * The countdown is worked out here, once a second while something shows it,
 * from the server's moments corrected by how far this screen's clock is off.
 */
export class LiveAgenda {
	state = $state<AgendaState>() as AgendaState;
	/** Server time minus this screen's time, measured when a state arrives. */
	#offset = 0;
	#tick: () => void;
	readonly #boardId: string;

	constructor(boardId: string, initial: AgendaState) {
		this.#boardId = boardId;
		this.accept(initial);
		this.#tick = createSubscriber((update) => {
			const timer = setInterval(update, 500);
			return () => clearInterval(timer);
		});
	}

	/** Takes a state if it is newer than the one shown (two can cross in flight). */
	accept(state: unknown): void {
		if (!isAgendaState(state)) return;
		if (this.state && state.revision < this.state.revision) return;
		this.#offset = state.serverNow - Date.now();
		this.state = state;
	}

	/** Follows the board's events and reloads after every reconnect; returns the function that stops it. */
	follow(connection: BoardConnection): () => void {
		const off = connection.onEvent((event) => {
			if (event.kind === 'agenda' || event.kind === 'agenda-moved') this.accept(event.data.agenda);
		});
		let wasLive = connection.status === 'live';
		const stop = $effect.root(() => {
			$effect(() => {
				const live = connection.status === 'live';
				if (live && !wasLive) void this.reload();
				wasLive = live;
			});
		});
		return () => {
			off();
			stop();
		};
	}

	async reload(): Promise<void> {
		try {
			const response = await fetch(`/boards/${this.#boardId}/agenda/state`, { headers: { accept: 'application/json' } });
			if (response.ok) this.accept(await response.json());
		} catch {
			// Offline again: the next reconnect tries again.
		}
	}

	/** Server time now, as best this screen knows it; re-read every half second by whatever shows it. */
	get now(): number {
		this.#tick();
		return Date.now() + this.#offset;
	}

	get current(): AgendaItem | null {
		return currentItem(this.state);
	}

	get next(): AgendaItem | null {
		return nextItem(this.state);
	}

	get running(): boolean {
		return this.state.clock.runningSince !== null;
	}

	/** Milliseconds left of the current item (negative once over), or null with no current item. */
	get remaining(): number | null {
		return remainingAt(this.state, this.now);
	}
}
