import type { Kysely } from 'kysely';
import type { Schema } from './db/schema.ts';

/** Every client id of the board with the member it is bound to. */
export async function load(db: Kysely<Schema>, boardId: string): Promise<Map<number, string>> {
	const rows = await db.selectFrom('board_client_ids').select(['client_id', 'user_id']).where('board_id', '=', boardId).execute();
	return new Map(rows.map((row) => [Number(row.client_id), row.user_id]));
}

/** How long bindings gather before they are written together. */
export const BINDING_GATHER_MS = 20;
/** Rows per statement: four parameters each, well inside SQLite's and PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 500;

type Binding = Schema['board_client_ids'];

/**
 * Stores client id bindings (the first binding stays, on every instance). Each member's first edit on a board
 * binds a client id, so a meeting joining at once made one commit per member, each an fsync on SQLite, on the
 * event loop: a thousand members joining held the loop for over half a second. Bindings gathered for
 * BINDING_GATHER_MS are written in one statement. Until then the room's registry (server/collab/client-ids.ts)
 * is what decides, and `flush` lets a load or a shutdown wait for what is gathered.
 */
export class BindingWriter {
	readonly #db: Kysely<Schema>;
	readonly #onError: (error: unknown, count: number) => void;
	#gathered: Binding[] = [];
	#timer: NodeJS.Timeout | undefined;
	#written: Promise<void> = Promise.resolve();

	constructor(db: Kysely<Schema>, onError: (error: unknown, count: number) => void) {
		this.#db = db;
		this.#onError = onError;
	}

	bind(boardId: string, clientId: number, userId: string): void {
		this.#gathered.push({ board_id: boardId, client_id: clientId, user_id: userId, created_at: Date.now() });
		this.#timer ??= setTimeout(() => void this.flush(), BINDING_GATHER_MS);
	}

	/** Writes what is gathered; resolves once it and every earlier write are done (failures are reported, not thrown). */
	flush(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		const batch = this.#gathered;
		this.#gathered = [];
		if (batch.length > 0) this.#written = this.#written.then(() => this.#write(batch));
		return this.#written;
	}

	async #write(batch: Binding[]): Promise<void> {
		for (let start = 0; start < batch.length; start += ROWS_PER_STATEMENT) {
			const rows = batch.slice(start, start + ROWS_PER_STATEMENT);
			try {
				await this.#db
					.insertInto('board_client_ids')
					.values(rows)
					.onConflict((conflict) => conflict.columns(['board_id', 'client_id']).doNothing())
					.execute();
			} catch (error) {
				this.#onError(error, rows.length);
			}
		}
	}
}
