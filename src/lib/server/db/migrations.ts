import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './index.ts';

/**
 * Migrations for both databases. Each is written once; the few type names that differ come from `types`.
 * Append new migrations with the next number: never edit one that has shipped.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
	const types =
		dialect === 'postgres'
			? { blob: 'bytea', serial: 'bigserial' }
			: { blob: 'blob', serial: 'integer' };

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
					.addColumn('id', sql.raw(types.serial), (c) =>
						dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
					)
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
		'0004_a_account_security': {
			async up(db: Kysely<unknown>) {
				await db.schema.alterTable('users').addColumn('deactivated_at', 'bigint').execute();
				await db.schema.alterTable('users').addColumn('totp_key', 'text').execute();
				await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
				await db.schema.alterTable('sessions').addColumn('user_agent', 'text', (c) => c.notNull().defaultTo('')).execute();
				await db.schema.alterTable('sessions').addColumn('address', 'text', (c) => c.notNull().defaultTo('')).execute();
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
		}
	};
}
