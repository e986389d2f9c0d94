import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { Kysely } from 'kysely';
import type { Config } from '../../src/lib/server/config.ts';
import type { Schema } from '../../src/lib/server/db/schema.ts';
import * as board from '../../src/lib/server/board.ts';
import * as membership from '../../src/lib/server/membership.ts';
import * as session from '../../src/lib/server/session.ts';
import { isId } from '../../src/lib/server/ids.ts';
import { can } from '../../src/lib/roles.ts';
import { ACKS_PARAM } from '../../src/lib/protocol/messages.ts';
import { colourFor } from '../../src/lib/protocol/presence.ts';
import type { Identity } from './connection.ts';
import { clientAddress } from './socket-caps.ts';

export const COLLAB_PATH = '/collab/';

export type UpgradeDecision = { ok: true; identity: Identity } | { ok: false; status: 401 | 403 | 404 | 503; reason: string };

/**
 * Decides an upgrade request before any 101 is sent. A board that does not exist and a board the user is
 * not a member of get the same answer, so the websocket cannot be used to probe for board ids.
 */
export async function authorise(request: IncomingMessage, db: Kysely<Schema>, config: Config): Promise<UpgradeDecision> {
	const url = new URL(request.url ?? '/', 'http://localhost');
	if (!url.pathname.startsWith(COLLAB_PATH)) return { ok: false, status: 404, reason: 'not a collaboration path' };
	if (!originAllowed(request, config)) return { ok: false, status: 403, reason: 'origin not allowed' };
	const token = session.tokenFromCookieHeader(request.headers.cookie);
	const found = token ? await session.validate(db, token, config.session) : null;
	if (!found) return { ok: false, status: 401, reason: 'no valid session' };
	const boardId = url.pathname.slice(COLLAB_PATH.length);
	if (!isId(boardId)) return { ok: false, status: 403, reason: 'no such board or not a member' };
	const [role, record] = await Promise.all([membership.getRole(db, boardId, found.user.id), board.get(db, boardId)]);
	if (!role || !record) return { ok: false, status: 403, reason: 'no such board or not a member' };
	return {
		ok: true,
		identity: {
			user: { id: found.user.id, name: found.user.displayName, colour: colourFor(found.user.id) },
			sessionId: found.session.id,
			boardId,
			role,
			readOnly: !can(role, 'edit') || record.archivedAt !== null,
			acks: url.searchParams.get(ACKS_PARAM) === '1',
			address: clientAddress(request, config.addressHeader, config.xffDepth)
		}
	};
}

/** Cross-site websocket hijacking defence: browsers always send Origin on websocket upgrades. */
function originAllowed(request: IncomingMessage, config: Config): boolean {
	const origin = request.headers.origin;
	if (!origin) return false;
	if (config.origin) return origin === config.origin;
	const host = request.headers.host;
	return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Answers a refused upgrade with a plain HTTP response; the socket never becomes a websocket. */
export function refuse(socket: Duplex, status: number): void {
	if (socket.destroyed) return;
	const text = STATUS_CODES[status] ?? 'Error';
	socket.end(
		`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`
	);
	socket.once('finish', () => socket.destroy());
}
