import * as statusHistory from '../board/status-history.ts';
import type { ModelStatus } from '../board/schema.ts';
import type { AppContext } from './context.ts';

type Deps = Pick<AppContext, 'docs' | 'database'>;

export interface StatusEntry {
	readonly modelId: string;
	readonly status: ModelStatus;
	readonly reason: string;
	readonly override: boolean;
	/** The member's display name; "trustboard" for the server's own changes. */
	readonly by: string;
	readonly at: number;
}

const LOG_PAGE = 2_000;

/**
 * Every model's status timeline from the board's update log, oldest first: of
 * the live board, or (given a version's state) of what that version holds.
 */
export async function load(deps: Deps, boardId: string, upto?: Uint8Array): Promise<StatusEntry[]> {
	const replay = new statusHistory.StatusHistoryReplay(upto);
	try {
		let after = 0;
		for (;;) {
			const batch = await deps.docs.readSince(boardId, after, LOG_PAGE);
			if (batch.length === 0) break;
			replay.feed(batch);
			after = batch.at(-1)?.seq ?? after;
		}
		const events = replay.events();
		const ids = [...new Set(events.flatMap((e) => (e.userId ? [e.userId] : [])))];
		const rows = ids.length
			? await deps.database.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()
			: [];
		const names = new Map(rows.map((row) => [row.id, row.display_name]));
		return events.map(({ userId, ...rest }) => ({ ...rest, by: userId ? (names.get(userId) ?? 'A former member') : 'trustboard' }));
	} finally {
		replay.destroy();
	}
}
