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
	snapshot_signoffs: SnapshotSignoffsTable;
	decisions: DecisionsTable;
	actions: ActionsTable;
	board_client_ids: BoardClientIdsTable;
	invite_uses: InviteUsesTable;
	scoring_rounds: ScoringRoundsTable;
	round_scores: RoundScoresTable;
	round_finished: RoundFinishedTable;
	round_consensus: RoundConsensusTable;
	interests: InterestsTable;
	interest_events: InterestEventsTable;
	board_settings: BoardSettingsTable;
	recovery_codes: RecoveryCodesTable;
	identities: IdentitiesTable;
	account_links: AccountLinksTable;
	sign_in_challenges: SignInChallengesTable;
	agenda_items: AgendaItemsTable;
	agenda_clocks: AgendaClocksTable;
	notifications: NotificationsTable;
}

/** A meeting's agenda items, in order (agenda.ts). */
export interface AgendaItemsTable {
	id: string;
	board_id: string;
	/** yyyy-mm-dd: the meeting the item is on the agenda of. */
	meeting_date: string;
	position: number;
	title: string;
	/** Time allowed. */
	minutes: number;
	/** JSON array of { kind: 'area' | 'service' | 'model' | 'heading' | 'criterion', id }. */
	parts: string;
	/** Clock time used by the item, recorded when the chair moves on from it. */
	spent_ms: number;
	created_by: string;
	created_at: number;
}

/** The one meeting clock of a board: which meeting and item, and since when it runs (agenda.ts). */
export interface AgendaClocksTable {
	board_id: string;
	meeting_date: string;
	current_id: string | null;
	/** Epoch ms the clock was last started; null while paused. */
	running_since: number | null;
	/** What the current item had used before running_since. */
	elapsed_ms: number;
	/** Rises with every change to the agenda or the clock. */
	revision: number;
	updated_by: string;
	updated_at: number;
}

/** A member's in-app notifications (notifications.ts). */
export interface NotificationsTable {
	id: string;
	user_id: string;
	board_id: string;
	kind: 'mention';
	/** What it is about (the comment's id), so the same mention never notifies twice. */
	subject_id: string;
	by_user_id: string;
	text: string;
	/** A path inside the app. */
	link: string;
	created_at: number;
	read_at: number | null;
}

/** The board's decision log (decisions.ts). */
export interface DecisionsTable {
	id: string;
	board_id: string;
	/** D1, D2, … in the order recorded on this board. */
	number: number;
	/** yyyy-mm-dd, the meeting it was made at. */
	meeting_date: string;
	agenda_item: string;
	resolution: string;
	rationale: string;
	/** JSON array of { kind: 'service' | 'model' | 'criterion', id }. */
	parts: string;
	proposer: string;
	seconder: string;
	method: 'consensus' | 'vote';
	votes_for: number | null;
	votes_against: number | null;
	abstentions: number | null;
	/** The snapshot taken with the decision, if any. */
	snapshot_id: string | null;
	created_by: string;
	created_at: number;
}

export interface ActionsTable {
	id: string;
	board_id: string;
	decision_id: string | null;
	/** JSON { kind, id } of a board part, or null. */
	part: string | null;
	description: string;
	owner: string;
	/** yyyy-mm-dd */
	due_date: string;
	status: 'open' | 'in-progress' | 'done';
	created_by: string;
	created_at: number;
	updated_at: number;
}

/** The sign-off of a minuted snapshot: agreed by the chair (then immutable), later published. */
export interface SnapshotSignoffsTable {
	snapshot_id: string;
	board_id: string;
	/** JSON array of names, as the chair recorded them. */
	attendees: string;
	apologies: string;
	members_present: number;
	quorum: number;
	agreed_by: string;
	agreed_at: number;
	published_by: string | null;
	published_at: number | null;
}

/** The member each Yjs client id of a board is bound to, on its first use (see server/collab/client-ids.ts). */
export interface BoardClientIdsTable {
	board_id: string;
	client_id: number;
	user_id: string;
	created_at: number;
}

/** An independent scoring round. Its private scores live in round_scores, never in the board document. */
export interface ScoringRoundsTable {
	id: string;
	board_id: string;
	title: string;
	/** JSON: [{ modelId, criterionId }], the cells fixed when the round opened. */
	cells: string;
	/** 1: revealed scores are shown without names. */
	anonymous: number;
	opened_by: string;
	opened_at: number;
	deadline_at: number | null;
	closed_at: number | null;
	revealed_at: number | null;
}

/** A board's own settings (board-settings.ts); a board without a row has the defaults. */
export interface BoardSettingsTable {
	board_id: string;
	/** 1: rounds are revealed without names. Fixed into each round when it is revealed. */
	anonymous_reveal: number;
	updated_by: string;
	updated_at: number;
}

export interface RoundScoresTable {
	round_id: string;
	user_id: string;
	model_id: string;
	criterion_id: string;
	score: number;
	rationale: string;
	updated_at: number;
}

export interface RoundFinishedTable {
	round_id: string;
	user_id: string;
	finished_at: number;
}

export interface RoundConsensusTable {
	round_id: string;
	model_id: string;
	criterion_id: string;
	score: number;
	rationale: string;
	agreed_by: string;
	agreed_at: number;
}

export interface InterestsTable {
	id: string;
	board_id: string;
	/** The member who has the interest. */
	user_id: string;
	subject_kind: 'model' | 'scopeRow' | 'general';
	subject_id: string | null;
	text: string;
	declared_at: number;
}

export interface InterestEventsTable {
	id: Generated<number>;
	interest_id: string;
	board_id: string;
	/** Who made the change. */
	user_id: string;
	kind: 'declared' | 'outcome' | 'withdrawn';
	outcome: 'maySpeak' | 'mayNotScore' | 'withdraws' | null;
	note: string;
	created_at: number;
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
	/** 0: the link works once; 1: anyone with it may join until it expires (a chair's choice for a meeting). */
	multi_use: number;
}

export interface InviteUsesTable {
	invite_id: string;
	board_id: string;
	user_id: string;
	used_at: number;
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
