import type * as Y from 'yjs';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Schema } from '../../src/lib/server/db/schema.ts';
import * as board from '../../src/lib/server/board.ts';
import { boardTitle } from './board-model.ts';

const TITLE_MIRROR_DELAY_MS = 1_000;

/**
 * Copies a board's title from its document into the board list ("My boards" reads the list, not documents),
 * at most once a second while it changes and once more when the room closes.
 */
export class TitleMirror {
	readonly #boardId: string;
	readonly #doc: Y.Doc;
	readonly #db: Kysely<Schema>;
	readonly #log: Logger;
	#mirrored: string;
	#timer: NodeJS.Timeout | undefined;

	constructor(boardId: string, doc: Y.Doc, db: Kysely<Schema>, logger: Logger) {
		this.#boardId = boardId;
		this.#doc = doc;
		this.#db = db;
		this.#log = logger;
		this.#mirrored = boardTitle(doc);
	}

	/** The document changed: mirror its title soon. */
	changed(): void {
		if (this.#timer) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.mirror();
		}, TITLE_MIRROR_DELAY_MS);
		this.#timer.unref();
	}

	/** Mirrors now (the room is closing); later changes are not mirrored. */
	async mirror(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (this.#doc.isDestroyed) return;
		const title = board.normaliseTitle(boardTitle(this.#doc)).slice(0, board.TITLE_MAX);
		if (!title || title === this.#mirrored) return;
		this.#mirrored = title;
		try {
			await board.syncTitle(this.#db, this.#boardId, title);
		} catch (error) {
			this.#log.warn({ err: error }, 'could not mirror the board title');
		}
	}
}
