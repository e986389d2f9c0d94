import type { Kysely } from 'kysely';
import type { Schema } from '../../src/lib/server/db/schema.ts';
import * as membership from '../../src/lib/server/membership.ts';
import * as session from '../../src/lib/server/session.ts';
import { can } from '../../src/lib/roles.ts';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import type { Connection } from './connection.ts';

/**
 * Makes an open connection follow its member's current access: closed when no longer a member, otherwise
 * read-only or writable as the role and the board's archiving say. With `grant` false it only takes away: a
 * periodic re-read that started before a downgrade must not undo it for a moment.
 */
export function applyAccess(connection: Connection, access: membership.Access | null, grant = true): void {
	if (!access) {
		connection.close(CloseCode.forbidden, 'no longer a member of this board');
		return;
	}
	const readOnly = !can(access.role, 'edit') || access.archived;
	if (!grant && !readOnly) return;
	connection.role = access.role;
	connection.setReadOnly(readOnly, readOnly ? 'You can now view this board but not change it.' : 'You can edit this board again.');
}

/**
 * Re-reads the sessions and memberships behind every open connection (two queries) and applies what
 * changed. The functions that end sessions or change memberships announce it at once; this catches what no
 * one announces (a session expiring while its socket is open, a row changed by hand or by an older
 * instance, an announcement another instance never heard). It only takes access away; granting is left to the
 * announcements.
 */
export async function recheck(db: Kysely<Schema>, connections: Connection[], policy: session.SessionPolicy): Promise<void> {
	if (connections.length === 0) return;
	const unique = (values: string[]) => [...new Set(values)];
	const [valid, access] = await Promise.all([
		session.stillValid(db, unique(connections.map((c) => c.sessionId)), policy),
		membership.accessFor(db, unique(connections.map((c) => c.boardId)), unique(connections.map((c) => c.user.id)))
	]);
	for (const connection of connections) {
		if (!connection.open) continue;
		if (!valid.has(connection.sessionId)) {
			connection.close(CloseCode.sessionEnded, 'session ended');
			continue;
		}
		applyAccess(connection, access.get(membership.accessKey(connection.boardId, connection.user.id)) ?? null, false);
	}
}
