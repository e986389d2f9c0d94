import type { Kysely } from 'kysely';
import type { Schema } from './db/schema.ts';
import * as audit from './audit.ts';

/** The security events of the instance as an administrator reads them: names instead of ids, one line of detail. */

export interface SecurityLogEntry {
	id: number;
	at: number;
	event: string;
	/** Who did it (or who tried to sign in), by name. */
	actor: string;
	/** The account it was done to, when that is someone else. */
	account: string;
	address: string;
	detail: string;
}

const LABELS: Record<audit.SecurityType, string> = {
	'auth.signed_in': 'Signed in',
	'auth.sign_in_failed': 'Sign-in failed',
	'auth.second_factor_failed': 'Two-factor code refused',
	'auth.recovery_code_used': 'Recovery code used',
	'auth.sso_refused': 'Organisation sign-in refused',
	'account.two_factor_enabled': 'Two-factor turned on',
	'account.two_factor_disabled': 'Two-factor turned off',
	'account.recovery_codes_renewed': 'Recovery codes renewed',
	'account.password_changed': 'Password changed',
	'account.password_reset': 'Password reset through a link',
	'account.reset_link_created': 'Password reset link issued',
	'account.link_created': 'Organisation account link issued',
	'account.identity_linked': 'Organisation account linked',
	'account.deactivated': 'Account deactivated',
	'account.reactivated': 'Account reactivated',
	'account.sessions_ended': 'Signed out other sessions',
	'instance.two_factor_policy': 'Two-factor policy changed',
	'member.role_changed': 'Board role changed',
	'member.removed': 'Removed from a board'
};

const DETAIL_KEYS = ['method', 'reason', 'username', 'provider', 'email', 'from', 'to', 'which', 'requiredForAdminsAndChairs'];

export async function read(db: Kysely<Schema>, options: { limit?: number; before?: number } = {}): Promise<SecurityLogEntry[]> {
	const events = await audit.listSecurity(db, options);
	const ids = new Set<string>();
	for (const event of events) {
		if (event.userId) ids.add(event.userId);
		const affected = event.detail.account ?? event.detail.member;
		if (typeof affected === 'string') ids.add(affected);
	}
	const people = ids.size
		? await db
				.selectFrom('users')
				.select(['id', 'username', 'display_name'])
				.where('id', 'in', [...ids])
				.execute()
		: [];
	const nameOf = (id: unknown) => {
		const person = people.find((p) => p.id === id);
		return person ? `${person.display_name} (${person.username})` : typeof id === 'string' ? 'deleted account' : '';
	};
	return events.map((event) => {
		const affected = event.detail.account ?? event.detail.member;
		return {
			id: event.id,
			at: event.createdAt,
			event: LABELS[event.type as audit.SecurityType] ?? event.type,
			actor: nameOf(event.userId),
			account: affected !== undefined && affected !== event.userId ? nameOf(affected) : '',
			address: typeof event.detail.address === 'string' ? event.detail.address : '',
			detail: [
				event.boardId ? `board ${event.boardId}` : '',
				...DETAIL_KEYS.filter((key) => event.detail[key] !== undefined).map((key) => `${key}: ${String(event.detail[key])}`)
			]
				.filter(Boolean)
				.join('; ')
		};
	});
}
