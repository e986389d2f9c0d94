import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Table types shared by SQLite and PostgreSQL. Times are epoch milliseconds, flags are 0/1 integers and
 * binary data is a Buffer, so one query path serves both databases.
 */
export interface Schema {
	users: UsersTable;
	sessions: SessionsTable;
	boards: BoardsTable;
	memberships: MembershipsTable;
	invites: InvitesTable;
	board_heads: BoardHeadsTable;
	board_updates: BoardUpdatesTable;
	board_states: BoardStatesTable;
	audit_events: AuditEventsTable;
	login_attempts: LoginAttemptsTable;
	instance_settings: InstanceSettingsTable;
	snapshots: SnapshotsTable;
	recovery_codes: RecoveryCodesTable;
	identities: IdentitiesTable;
	account_links: AccountLinksTable;
	sign_in_challenges: SignInChallengesTable;
}

export interface RecoveryCodesTable {
	user_id: string;
	/** SHA-256 of the normalised code, hex: each code works once and is deleted when used. */
	code_hash: string;
}

/** An organisation account (OpenID Connect issuer and subject) linked to a trustboard account. */
export interface IdentitiesTable {
	issuer: string;
	subject: string;
	user_id: string;
	/** The configured provider id it was linked through, for display. */
	provider: string;
	email: string;
	created_at: number;
}

/** One-time links an administrator issues: a password reset, or linking an organisation account. */
export interface AccountLinksTable {
	token_hash: string;
	user_id: string;
	purpose: 'reset' | 'link';
	created_by: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
}

/** A sign-in whose first factor passed and that waits for a second (or for enrolment in one). */
export interface SignInChallengesTable {
	token_hash: string;
	user_id: string;
	/** 'password' or 'oidc:<provider>'. */
	method: string;
	redirect_to: string;
	/** Base32 TOTP key being enrolled when two-factor is required and not yet set up. */
	enrol_key: string | null;
	created_at: number;
	expires_at: number;
}

export interface SnapshotsTable {
	id: string;
	board_id: string;
	/** 'named' by a chair, or an automatic 'checkpoint'. */
	kind: 'named' | 'checkpoint';
	title: string;
	note: string;
	meeting_title: string | null;
	/** ISO date, yyyy-mm-dd. */
	meeting_date: string | null;
	is_minutes: number;
	created_by: string | null;
	created_at: number;
	/** The update log position the state includes, for attribution of later changes. */
	upto_seq: number;
	/** The board as one Yjs update; null once deleted. */
	state: Buffer | null;
	bytes: number;
	deleted_at: number | null;
	deleted_by: string | null;
}

export interface InstanceSettingsTable {
	key: string;
	value: string;
}

export type Role = 'chair' | 'editor' | 'observer';

export interface UsersTable {
	id: string;
	username: string;
	display_name: string;
	password_hash: string;
	is_admin: number;
	created_at: number;
	updated_at: number;
	/** Set when an administrator deactivates the account: it cannot sign in and has no sessions. */
	deactivated_at: Generated<number | null>;
	/** Base32 TOTP key once two-factor is enabled, else null. */
	totp_key: Generated<string | null>;
	/** The last TOTP time step accepted, so a code cannot be used twice. */
	totp_last_step: Generated<number | null>;
}

export interface SessionsTable {
	/** SHA-256 of the token, hex: the token itself is never stored. */
	id: string;
	user_id: string;
	created_at: number;
	expires_at: number;
	/** The browser's User-Agent when the session began, for "Your sessions". */
	user_agent: Generated<string>;
	address: Generated<string>;
	last_seen_at: Generated<number | null>;
}

export interface BoardsTable {
	id: string;
	title: string;
	created_by: string;
	created_at: number;
	updated_at: number;
	archived_at: number | null;
}

export interface MembershipsTable {
	board_id: string;
	user_id: string;
	role: Role;
	created_at: number;
}

export interface InvitesTable {
	id: string;
	token_hash: string;
	board_id: string;
	role: Role;
	created_by: string;
	created_at: number;
	expires_at: number;
	revoked_at: number | null;
	uses: number;
}

export interface BoardHeadsTable {
	board_id: string;
	/** Highest sequence number in board_updates for this board. */
	seq: number;
}

export interface BoardUpdatesTable {
	board_id: string;
	seq: number;
	data: Buffer;
	user_id: string | null;
	created_at: number;
}

export interface BoardStatesTable {
	board_id: string;
	/** A merged Yjs update equal to every logged update up to and including upto_seq. */
	state: Buffer;
	upto_seq: number;
	updated_at: number;
}

export interface AuditEventsTable {
	id: Generated<number>;
	board_id: string | null;
	user_id: string | null;
	type: string;
	detail: string;
	created_at: number;
}

export interface LoginAttemptsTable {
	key: string;
	failures: number;
	window_start: number;
	blocked_until: number;
}

export type UserRow = Selectable<UsersTable>;
export type BoardRow = Selectable<BoardsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
