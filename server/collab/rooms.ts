import * as clientIds from '../../src/lib/server/client-ids.ts';
import { loadDocument } from './load-document.ts';
import type { Metrics } from './metrics.ts';
import { Room, type RoomDeps } from './room.ts';
import { Turns } from './turns.ts';

/**
 * The loaded rooms. Concurrent requests for one board share one load; a request for a room that is unloading
 * waits until the unload has stored everything and then loads afresh, so no one ever joins a document that
 * is about to be thrown away.
 */
export class Rooms {
	readonly #rooms = new Map<string, Room>();
	readonly #loading = new Map<string, Promise<Room>>();
	readonly #deps: Omit<RoomDeps, 'onClosed' | 'turns'>;
	readonly #metrics: Metrics;
	/** The event loop shared between the boards: their messages and their loads' slices (turns.ts). */
	readonly #turns: Turns;

	constructor(deps: Omit<RoomDeps, 'onClosed' | 'turns'>) {
		this.#deps = deps;
		this.#turns = new Turns({ onError: (error) => deps.logger.error({ err: error }, 'a board task failed') });
		this.#metrics = deps.metrics;
	}

	/** The live room if loaded. */
	get(boardId: string): Room | undefined {
		const room = this.#rooms.get(boardId);
		return room?.state === 'live' ? room : undefined;
	}

	/** A live room for the board. Callers must use it synchronously (join or change) once this resolves. */
	async acquire(boardId: string): Promise<Room> {
		for (;;) {
			const existing = this.#rooms.get(boardId);
			if (existing) {
				if (existing.state === 'live') return existing;
				await existing.closed;
				continue;
			}
			let loading = this.#loading.get(boardId);
			if (!loading) {
				loading = this.#load(boardId);
				this.#loading.set(boardId, loading);
				const done = () => this.#loading.delete(boardId);
				loading.then(done, done);
			}
			const room = await loading;
			if (room.state === 'live') return room;
		}
	}

	all(): Room[] {
		return [...this.#rooms.values()];
	}

	async #load(boardId: string): Promise<Room> {
		// Bindings still gathering (made before the board last unloaded) are written before they are read back.
		await this.#deps.bindingWriter.flush();
		const [stored, bindings] = await Promise.all([this.#deps.docs.load(boardId), clientIds.load(this.#deps.db, boardId)]);
		// Nobody is connected to the board until it is loaded: its slices take the turns' short budget (turns.ts).
		const loaded = await loadDocument(stored, { run: (slice) => this.#turns.runAsync(boardId, slice, { background: true }) });
		const room = new Room(boardId, loaded, bindings, {
			...this.#deps,
			turns: this.#turns,
			onClosed: (closed) => {
				if (this.#rooms.get(boardId) === closed) this.#rooms.delete(boardId);
				this.#metrics.roomsLoaded--;
				this.#metrics.roomUnloads++;
			}
		});
		this.#rooms.set(boardId, room);
		this.#metrics.roomsLoaded++;
		this.#metrics.roomLoads++;
		return room;
	}
}
