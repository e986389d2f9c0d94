import type { CompiledQuery, Kysely, Selectable, Transaction } from 'kysely';
import type { AuditEventsTable, Schema } from './db/schema.ts';

export type AuditType =
	| 'board.created'
	| 'board.renamed'
	| 'board.archived'
	| 'board.unarchived'
	| 'board.settings_changed'
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
	| 'action.status_changed'
	| SecurityType;

/** Events about accounts and sign-in, which the administrator reads in the security log. */
export const SECURITY_TYPES = [
	'auth.signed_in',
	'auth.sign_in_failed',
	'auth.second_factor_failed',
	'auth.recovery_code_used',
	'auth.sso_refused',
	'account.two_factor_enabled',
	'account.two_factor_disabled',
	'account.recovery_codes_renewed',
	'account.password_changed',
	'account.password_reset',
	'account.reset_link_created',
	'account.link_created',
	'account.identity_linked',
	'account.deactivated',
	'account.reactivated',
	'account.sessions_ended',
	'instance.two_factor_policy',
	'member.role_changed',
	'member.removed'
] as const;
export type SecurityType = (typeof SECURITY_TYPES)[number];

export interface AuditEvent {
	id: number;
	boardId: string | null;
	userId: string | null;
	type: string;
	detail: Record<string, unknown>;
	createdAt: number;
}

export interface NewAuditEvent {
	boardId: string | null;
	userId: string | null;
	type: AuditType;
	detail?: Record<string, unknown>;
}

/** Records who did what; called inside the transaction of the change it describes. */
export async function record(db: Kysely<Schema> | Transaction<Schema>, event: NewAuditEvent): Promise<void> {
	await db.executeQuery(recordQuery(db, event));
}

/** The insert `record` runs, for a transaction written elsewhere (Database.writeOffLoop). */
export function recordQuery(db: Kysely<Schema> | Transaction<Schema>, event: NewAuditEvent): CompiledQuery {
	return db
		.insertInto('audit_events')
		.values({
			board_id: event.boardId,
			user_id: event.userId,
			type: event.type,
			detail: JSON.stringify(event.detail ?? {}),
			created_at: Date.now()
		})
		.compile();
}

export async function listForBoard(db: Kysely<Schema>, boardId: string, limit = 100): Promise<AuditEvent[]> {
	const rows = await db.selectFrom('audit_events').selectAll().where('board_id', '=', boardId).orderBy('id', 'desc').limit(limit).execute();
	return rows.map(fromRow);
}

/** The instance's security events, newest first; `before` pages back by id. */
export async function listSecurity(db: Kysely<Schema>, options: { limit?: number; before?: number } = {}): Promise<AuditEvent[]> {
	let query = db
		.selectFrom('audit_events')
		.selectAll()
		.where('type', 'in', [...SECURITY_TYPES])
		.orderBy('id', 'desc')
		.limit(options.limit ?? 200);
	if (options.before) query = query.where('id', '<', options.before);
	const rows = await query.execute();
	return rows.map(fromRow);
}

function fromRow(row: Selectable<AuditEventsTable>): AuditEvent {
	return {
		id: Number(row.id),
		boardId: row.board_id,
		userId: row.user_id,
		type: row.type,
		detail: JSON.parse(row.detail) as Record<string, unknown>,
		createdAt: Number(row.created_at)
	};
}
