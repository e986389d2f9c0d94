import type { Kysely } from 'kysely';
import type { Schema } from './db/schema.ts';

/** Every client id of the board with the member it is bound to. */
export async function load(db: Kysely<Schema>, boardId: string): Promise<Map<number, string>> {
	const rows = await db.selectFrom('board_client_ids').select(['client_id', 'user_id']).where('board_id', '=', boardId).execute();
	return new Map(rows.map((row) => [Number(row.client_id), row.user_id]));
}

/** Binds a client id to a member unless it is bound already (the first binding stays, on every instance). */
export async function bind(db: Kysely<Schema>, boardId: string, clientId: number, userId: string): Promise<void> {
	await db
		.insertInto('board_client_ids')
		.values({ board_id: boardId, client_id: clientId, user_id: userId, created_at: Date.now() })
		.onConflict((conflict) => conflict.columns(['board_id', 'client_id']).doNothing())
		.execute();
}
