import type { Kysely, Transaction } from 'kysely';
import type { Schema } from './db/schema.ts';

export type AuditType =
	| 'board.created'
	| 'board.renamed'
	| 'board.archived'
	| 'board.unarchived'
	| 'member.added'
	| 'member.role_changed'
	| 'member.removed'
	| 'invite.created'
	| 'invite.revoked'
	| 'invite.accepted'
	| 'snapshot.created'
	| 'snapshot.deleted'
	| 'snapshot.restored'
	| 'snapshot.minuted'
	| 'snapshot.agreed'
	| 'snapshot.published'
	| 'decision.recorded'
	| 'action.created'
	| 'action.status_changed';

export interface AuditEvent {
	id: number;
	boardId: string | null;
	userId: string | null;
	type: string;
	detail: Record<string, unknown>;
	createdAt: number;
}

/** Records who did what; called inside the transaction of the change it describes. */
export async function record(
	db: Kysely<Schema> | Transaction<Schema>,
	event: { boardId: string | null; userId: string | null; type: AuditType; detail?: Record<string, unknown> }
): Promise<void> {
	await db
		.insertInto('audit_events')
		.values({
			board_id: event.boardId,
			user_id: event.userId,
			type: event.type,
			detail: JSON.stringify(event.detail ?? {}),
			created_at: Date.now()
		})
		.execute();
}

export async function listForBoard(db: Kysely<Schema>, boardId: string, limit = 100): Promise<AuditEvent[]> {
	const rows = await db
		.selectFrom('audit_events')
		.selectAll()
		.where('board_id', '=', boardId)
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((row) => ({
		id: Number(row.id),
		boardId: row.board_id,
		userId: row.user_id,
		type: row.type,
		detail: JSON.parse(row.detail) as Record<string, unknown>,
		createdAt: row.created_at
	}));
}
