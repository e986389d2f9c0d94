/** Board roles and what each may do. Shared by pages, endpoints and the collaboration server. */
export const ROLES = ['chair', 'editor', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export type BoardAction =
	| 'view'
	| 'edit'
	| 'manageMembers'
	| 'manageInvites'
	| 'rename'
	| 'archive'
	| 'takeSnapshot'
	| 'restoreSnapshot'
	| 'deleteSnapshot'
	| 'signOff'
	| 'recordDecision'
	| 'manageActions'
	| 'runAgenda'
	| 'comment';

const allowed: Record<Role, ReadonlySet<BoardAction>> = {
	chair: new Set<BoardAction>([
		'view',
		'edit',
		'comment',
		'manageMembers',
		'manageInvites',
		'rename',
		'archive',
		'takeSnapshot',
		'restoreSnapshot',
		'deleteSnapshot',
		'signOff',
		'recordDecision',
		'manageActions',
		'runAgenda'
	]),
	editor: new Set<BoardAction>(['view', 'edit', 'comment', 'manageActions']),
	observer: new Set<BoardAction>(['view'])
};

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role | null | undefined, action: BoardAction): boolean {
	return role ? allowed[role].has(action) : false;
}

export const ROLE_LABELS: Record<Role, string> = {
	chair: 'Chair',
	editor: 'Editor',
	observer: 'Observer'
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
	chair:
		'Runs the meeting and its agenda clock: manages members and invites, takes and restores snapshots, records decisions and signs off the minutes, edits the grids.',
	editor: 'Edits the grids, comments, and keeps the actions up to date.',
	observer: 'Sees everything live; cannot change anything.'
};
