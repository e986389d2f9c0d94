import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './dialect.ts';

/**
 * Migrations for both databases. Each is written once; the few type names that differ come from `types`.
 * Append new migrations with the next number: never edit one that has shipped.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
	const types = dialect === 'postgres' ? { blob: 'bytea', serial: 'bigserial' } : { blob: 'blob', serial: 'integer' };

	return {
		'0001_initial': {
			async up(db: Kysely<unknown>) {
				await db.schema
					.createTable('users')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('username', 'text', (c) => c.notNull().unique())
					.addColumn('display_name', 'text', (c) => c.notNull())
					.addColumn('password_hash', 'text', (c) => c.notNull())
					.addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addColumn('updated_at', 'bigint', (c) => c.notNull())
					.execute();

				await db.schema
					.createTable('sessions')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addColumn('expires_at', 'bigint', (c) => c.notNull())
					.execute();
				await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

				await db.schema
					.createTable('boards')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('title', 'text', (c) => c.notNull())
					.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addColumn('updated_at', 'bigint', (c) => c.notNull())
					.addColumn('archived_at', 'bigint')
					.execute();

				await db.schema
					.createTable('memberships')
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('role', 'text', (c) => c.notNull())
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addPrimaryKeyConstraint('memberships_pk', ['board_id', 'user_id'])
					.execute();
				await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

				await db.schema
					.createTable('invites')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('token_hash', 'text', (c) => c.notNull().unique())
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('role', 'text', (c) => c.notNull())
					.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addColumn('expires_at', 'bigint', (c) => c.notNull())
					.addColumn('revoked_at', 'bigint')
					.addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
					.execute();
				await db.schema.createIndex('invites_board').on('invites').column('board_id').execute();

				await db.schema
					.createTable('board_heads')
					.addColumn('board_id', 'text', (c) => c.primaryKey().references('boards.id').onDelete('cascade'))
					.addColumn('seq', 'bigint', (c) => c.notNull())
					.execute();

				await db.schema
					.createTable('board_updates')
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('seq', 'bigint', (c) => c.notNull())
					.addColumn('data', sql.raw(types.blob), (c) => c.notNull())
					.addColumn('user_id', 'text')
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addPrimaryKeyConstraint('board_updates_pk', ['board_id', 'seq'])
					.execute();

				await db.schema
					.createTable('board_states')
					.addColumn('board_id', 'text', (c) => c.primaryKey().references('boards.id').onDelete('cascade'))
					.addColumn('state', sql.raw(types.blob), (c) => c.notNull())
					.addColumn('upto_seq', 'bigint', (c) => c.notNull())
					.addColumn('updated_at', 'bigint', (c) => c.notNull())
					.execute();

				await db.schema
					.createTable('audit_events')
					.addColumn('id', sql.raw(types.serial), (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
					.addColumn('board_id', 'text')
					.addColumn('user_id', 'text')
					.addColumn('type', 'text', (c) => c.notNull())
					.addColumn('detail', 'text', (c) => c.notNull())
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.execute();
				await db.schema.createIndex('audit_events_board').on('audit_events').columns(['board_id', 'id']).execute();

				await db.schema
					.createTable('instance_settings')
					.addColumn('key', 'text', (c) => c.primaryKey())
					.addColumn('value', 'text', (c) => c.notNull())
					.execute();

				await db.schema
					.createTable('login_attempts')
					.addColumn('key', 'text', (c) => c.primaryKey())
					.addColumn('failures', 'integer', (c) => c.notNull())
					.addColumn('window_start', 'bigint', (c) => c.notNull())
					.addColumn('blocked_until', 'bigint', (c) => c.notNull())
					.execute();
			}
		},
		'0002_snapshots': {
			async up(db: Kysely<unknown>) {
				await db.schema
					.createTable('snapshots')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('kind', 'text', (c) => c.notNull())
					.addColumn('title', 'text', (c) => c.notNull())
					.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
					.addColumn('meeting_title', 'text')
					.addColumn('meeting_date', 'text')
					.addColumn('is_minutes', 'integer', (c) => c.notNull().defaultTo(0))
					.addColumn('created_by', 'text')
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addColumn('upto_seq', 'bigint', (c) => c.notNull())
					.addColumn('state', sql.raw(types.blob))
					.addColumn('bytes', 'integer', (c) => c.notNull())
					.addColumn('deleted_at', 'bigint')
					.addColumn('deleted_by', 'text')
					.execute();
				await db.schema.createIndex('snapshots_board').on('snapshots').columns(['board_id', 'created_at']).execute();
			}
		},
		'0006_signoff': {
			async up(db: Kysely<unknown>) {
				// A minuted snapshot with no row here is a draft; agreeing it inserts the row, publishing completes it.
				await db.schema
					.createTable('snapshot_signoffs')
					.addColumn('snapshot_id', 'text', (c) => c.primaryKey().references('snapshots.id').onDelete('cascade'))
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('attendees', 'text', (c) => c.notNull())
					.addColumn('apologies', 'text', (c) => c.notNull())
					.addColumn('members_present', 'integer', (c) => c.notNull())
					.addColumn('quorum', 'integer', (c) => c.notNull())
					.addColumn('agreed_by', 'text', (c) => c.notNull())
					.addColumn('agreed_at', 'bigint', (c) => c.notNull())
					.addColumn('published_by', 'text')
					.addColumn('published_at', 'bigint')
					.execute();
				await db.schema.createIndex('snapshot_signoffs_board').on('snapshot_signoffs').column('board_id').execute();

				// The decision log and its actions; parts are JSON lists of board references ({ kind, id }).
				await db.schema
					.createTable('decisions')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('number', 'integer', (c) => c.notNull())
					.addColumn('meeting_date', 'text', (c) => c.notNull())
					.addColumn('agenda_item', 'text', (c) => c.notNull())
					.addColumn('resolution', 'text', (c) => c.notNull())
					.addColumn('rationale', 'text', (c) => c.notNull())
					.addColumn('parts', 'text', (c) => c.notNull())
					.addColumn('proposer', 'text', (c) => c.notNull())
					.addColumn('seconder', 'text', (c) => c.notNull())
					.addColumn('method', 'text', (c) => c.notNull())
					.addColumn('votes_for', 'integer')
					.addColumn('votes_against', 'integer')
					.addColumn('abstentions', 'integer')
					.addColumn('snapshot_id', 'text', (c) => c.references('snapshots.id').onDelete('set null'))
					.addColumn('created_by', 'text', (c) => c.notNull())
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addUniqueConstraint('decisions_board_number', ['board_id', 'number'])
					.execute();
				await db.schema
					.createTable('actions')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('decision_id', 'text', (c) => c.references('decisions.id').onDelete('set null'))
					.addColumn('part', 'text')
					.addColumn('description', 'text', (c) => c.notNull())
					.addColumn('owner', 'text', (c) => c.notNull())
					.addColumn('due_date', 'text', (c) => c.notNull())
					.addColumn('status', 'text', (c) => c.notNull())
					.addColumn('created_by', 'text', (c) => c.notNull())
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addColumn('updated_at', 'bigint', (c) => c.notNull())
					.execute();
				await db.schema.createIndex('actions_board').on('actions').column('board_id').execute();
			}
		},
		'0003_client_ids': {
			async up(db: Kysely<unknown>) {
				// Which member writes under each Yjs client id of a board (no foreign key to users: an id stays
				// taken after its member is removed or deleted, so no one else can write under it).
				await db.schema
					.createTable('board_client_ids')
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('client_id', 'bigint', (c) => c.notNull())
					.addColumn('user_id', 'text', (c) => c.notNull())
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addPrimaryKeyConstraint('board_client_ids_pk', ['board_id', 'client_id'])
					.execute();
			}
		},
		'0003_invite_uses': {
			async up(db: Kysely<unknown>) {
				// Links made before this were usable by anyone until expiry: they stay so, and new ones are single-use.
				await db.schema
					.alterTable('invites')
					.addColumn('multi_use', 'integer', (c) => c.notNull().defaultTo(0))
					.execute();
				await db
					.updateTable('invites' as never)
					.set({ multi_use: 1 } as never)
					.execute();
				// Who joined with which link, so removing a member revokes the links they could walk back in with.
				await db.schema
					.createTable('invite_uses')
					.addColumn('invite_id', 'text', (c) => c.notNull().references('invites.id').onDelete('cascade'))
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('user_id', 'text', (c) => c.notNull())
					.addColumn('used_at', 'bigint', (c) => c.notNull())
					.execute();
				await db.schema.createIndex('invite_uses_member').on('invite_uses').columns(['board_id', 'user_id']).execute();
			}
		},
		'0005_rounds': {
			async up(db: Kysely<unknown>) {
				await db.schema
					.createTable('scoring_rounds')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('title', 'text', (c) => c.notNull())
					.addColumn('cells', 'text', (c) => c.notNull())
					.addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
					.addColumn('opened_by', 'text', (c) => c.notNull())
					.addColumn('opened_at', 'bigint', (c) => c.notNull())
					.addColumn('deadline_at', 'bigint')
					.addColumn('closed_at', 'bigint')
					.addColumn('revealed_at', 'bigint')
					.execute();
				await db.schema.createIndex('scoring_rounds_board').on('scoring_rounds').columns(['board_id', 'opened_at']).execute();
				await db.schema
					.createTable('round_scores')
					.addColumn('round_id', 'text', (c) => c.notNull().references('scoring_rounds.id').onDelete('cascade'))
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('model_id', 'text', (c) => c.notNull())
					.addColumn('criterion_id', 'text', (c) => c.notNull())
					.addColumn('score', 'integer', (c) => c.notNull())
					.addColumn('rationale', 'text', (c) => c.notNull().defaultTo(''))
					.addColumn('updated_at', 'bigint', (c) => c.notNull())
					.addPrimaryKeyConstraint('round_scores_pk', ['round_id', 'user_id', 'model_id', 'criterion_id'])
					.execute();
				await db.schema
					.createTable('round_finished')
					.addColumn('round_id', 'text', (c) => c.notNull().references('scoring_rounds.id').onDelete('cascade'))
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('finished_at', 'bigint', (c) => c.notNull())
					.addPrimaryKeyConstraint('round_finished_pk', ['round_id', 'user_id'])
					.execute();
				await db.schema
					.createTable('round_consensus')
					.addColumn('round_id', 'text', (c) => c.notNull().references('scoring_rounds.id').onDelete('cascade'))
					.addColumn('model_id', 'text', (c) => c.notNull())
					.addColumn('criterion_id', 'text', (c) => c.notNull())
					.addColumn('score', 'integer', (c) => c.notNull())
					.addColumn('rationale', 'text', (c) => c.notNull())
					.addColumn('agreed_by', 'text', (c) => c.notNull())
					.addColumn('agreed_at', 'bigint', (c) => c.notNull())
					.addPrimaryKeyConstraint('round_consensus_pk', ['round_id', 'model_id', 'criterion_id'])
					.execute();
				await db.schema
					.createTable('interests')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('subject_kind', 'text', (c) => c.notNull())
					.addColumn('subject_id', 'text')
					.addColumn('text', 'text', (c) => c.notNull())
					.addColumn('declared_at', 'bigint', (c) => c.notNull())
					.execute();
				await db.schema.createIndex('interests_board').on('interests').columns(['board_id', 'declared_at']).execute();
				// Every change to the register, attributed; the register at any moment is replayed from these.
				await db.schema
					.createTable('interest_events')
					.addColumn('id', sql.raw(types.serial), (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
					.addColumn('interest_id', 'text', (c) => c.notNull().references('interests.id').onDelete('cascade'))
					.addColumn('board_id', 'text', (c) => c.notNull())
					.addColumn('user_id', 'text', (c) => c.notNull())
					.addColumn('kind', 'text', (c) => c.notNull())
					.addColumn('outcome', 'text')
					.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.execute();
				await db.schema.createIndex('interest_events_board').on('interest_events').columns(['board_id', 'created_at']).execute();
			}
		},
		'0008_meeting': {
			async up(db: Kysely<unknown>) {
				// The agenda of each meeting (by its date): its items in order, and the one clock the chair runs.
				await db.schema
					.createTable('agenda_items')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('meeting_date', 'text', (c) => c.notNull())
					.addColumn('position', 'integer', (c) => c.notNull())
					.addColumn('title', 'text', (c) => c.notNull())
					.addColumn('minutes', 'integer', (c) => c.notNull())
					.addColumn('parts', 'text', (c) => c.notNull())
					.addColumn('spent_ms', 'bigint', (c) => c.notNull().defaultTo(0))
					.addColumn('created_by', 'text', (c) => c.notNull())
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.execute();
				await db.schema.createIndex('agenda_items_meeting').on('agenda_items').columns(['board_id', 'meeting_date', 'position']).execute();
				await db.schema
					.createTable('agenda_clocks')
					.addColumn('board_id', 'text', (c) => c.primaryKey().references('boards.id').onDelete('cascade'))
					.addColumn('meeting_date', 'text', (c) => c.notNull())
					.addColumn('current_id', 'text')
					.addColumn('running_since', 'bigint')
					.addColumn('elapsed_ms', 'bigint', (c) => c.notNull().defaultTo(0))
					.addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
					.addColumn('updated_by', 'text', (c) => c.notNull())
					.addColumn('updated_at', 'bigint', (c) => c.notNull())
					.execute();
				// In-app notifications (a mention in a comment), one per member and comment, read or not.
				await db.schema
					.createTable('notifications')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
					.addColumn('kind', 'text', (c) => c.notNull())
					.addColumn('subject_id', 'text', (c) => c.notNull())
					.addColumn('by_user_id', 'text', (c) => c.notNull())
					.addColumn('text', 'text', (c) => c.notNull())
					.addColumn('link', 'text', (c) => c.notNull())
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addColumn('read_at', 'bigint')
					.addUniqueConstraint('notifications_once', ['user_id', 'kind', 'subject_id'])
					.execute();
				await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();
			}
		},
		'0004_a_account_security': {
			async up(db: Kysely<unknown>) {
				await db.schema.alterTable('users').addColumn('deactivated_at', 'bigint').execute();
				await db.schema.alterTable('users').addColumn('totp_key', 'text').execute();
				await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
				await db.schema
					.alterTable('sessions')
					.addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
					.execute();
				await db.schema
					.alterTable('sessions')
					.addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
					.execute();
				await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute();

				await db.schema
					.createTable('recovery_codes')
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('code_hash', 'text', (c) => c.notNull())
					.addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
					.execute();

				await db.schema
					.createTable('identities')
					.addColumn('issuer', 'text', (c) => c.notNull())
					.addColumn('subject', 'text', (c) => c.notNull())
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('provider', 'text', (c) => c.notNull())
					.addColumn('email', 'text', (c) => c.notNull())
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addPrimaryKeyConstraint('identities_pk', ['issuer', 'subject'])
					.execute();
				await db.schema.createIndex('identities_user').on('identities').column('user_id').execute();

				await db.schema
					.createTable('account_links')
					.addColumn('token_hash', 'text', (c) => c.primaryKey())
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('purpose', 'text', (c) => c.notNull())
					.addColumn('created_by', 'text', (c) => c.notNull())
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addColumn('expires_at', 'bigint', (c) => c.notNull())
					.addColumn('used_at', 'bigint')
					.execute();
				await db.schema.createIndex('account_links_user').on('account_links').column('user_id').execute();

				await db.schema
					.createTable('sign_in_challenges')
					.addColumn('token_hash', 'text', (c) => c.primaryKey())
					.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
					.addColumn('method', 'text', (c) => c.notNull())
					.addColumn('redirect_to', 'text', (c) => c.notNull())
					.addColumn('enrol_key', 'text')
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.addColumn('expires_at', 'bigint', (c) => c.notNull())
					.execute();

				await db.schema.createIndex('audit_events_type').on('audit_events').columns(['type', 'id']).execute();
			}
		},
		'0007_board_settings': {
			async up(db: Kysely<unknown>) {
				// A board's own settings. A board with no row has the defaults (scores revealed with names).
				await db.schema
					.createTable('board_settings')
					.addColumn('board_id', 'text', (c) => c.primaryKey().references('boards.id').onDelete('cascade'))
					.addColumn('anonymous_reveal', 'integer', (c) => c.notNull().defaultTo(0))
					.addColumn('updated_by', 'text', (c) => c.notNull())
					.addColumn('updated_at', 'bigint', (c) => c.notNull())
					.execute();
			}
		}
	};
}
