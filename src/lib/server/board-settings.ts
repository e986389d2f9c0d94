import type { Kysely } from 'kysely';
import * as audit from './audit.ts';
import type { Schema } from './db/schema.ts';

/**
 * A board's own settings, chosen by its chair. Only one so far: whether scoring rounds are revealed with or
 * without names. The setting is read when a round is revealed and fixed into that round, so changing it later
 * never puts names to an anonymous round (nor takes them off a named one, which everyone has already seen).
 */

export interface BoardSettings {
	anonymousReveal: boolean;
}

export const DEFAULTS: BoardSettings = { anonymousReveal: false };

export async function get(db: Kysely<Schema>, boardId: string): Promise<BoardSettings> {
	const row = await db.selectFrom('board_settings').select('anonymous_reveal').where('board_id', '=', boardId).executeTakeFirst();
	return row ? { anonymousReveal: row.anonymous_reveal === 1 } : { ...DEFAULTS };
}

/** Returns whether anything changed, so an unchanged form leaves no audit entry and sends no event. */
export async function setAnonymousReveal(db: Kysely<Schema>, boardId: string, anonymous: boolean, byUserId: string): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const before = await trx.selectFrom('board_settings').select('anonymous_reveal').where('board_id', '=', boardId).executeTakeFirst();
		const current = before ? before.anonymous_reveal === 1 : DEFAULTS.anonymousReveal;
		if (current === anonymous) return false;
		const values = { anonymous_reveal: anonymous ? 1 : 0, updated_by: byUserId, updated_at: Date.now() };
		await trx
			.insertInto('board_settings')
			.values({ board_id: boardId, ...values })
			.onConflict((oc) => oc.column('board_id').doUpdateSet(values))
			.execute();
		await audit.record(trx, { boardId, userId: byUserId, type: 'board.settings_changed', detail: { anonymousReveal: anonymous } });
		return true;
	});
}
