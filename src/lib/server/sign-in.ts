import type { Cookies, RequestEvent } from '@sveltejs/kit';
import * as audit from './audit.ts';
import { getContext } from './context.ts';
import { generateToken, idFromToken } from './session.ts';
import * as sessionCookie from './session-cookie.ts';
import * as twoFactor from './two-factor.ts';

/**
 * The part of signing in shared by every first factor (a password, an organisation account): a second factor
 * when the user has one or must have one, then the session. Until the second factor passes, the browser holds
 * only a short-lived challenge cookie that opens nothing but the two-factor page.
 */

const CHALLENGE_COOKIE = 'trustboard_sign_in';
const CHALLENGE_MS = 10 * 60_000;
export const TWO_FACTOR_PATH = '/login/two-factor';

/** 'password', or 'oidc:<provider id>'. */
export type Method = string;

type Event = Pick<RequestEvent, 'cookies' | 'locals' | 'request' | 'getClientAddress'>;

export interface Challenge {
	tokenHash: string;
	userId: string;
	method: Method;
	redirectTo: string;
	/** Set when two-factor is required and the user must enrol before the session starts. */
	enrolKey: string | null;
}

/** Where to send the browser once the first factor passed: the page asked for, or the two-factor step. */
export async function afterFirstFactor(
	event: Event,
	userId: string,
	method: Method,
	redirectTo: string,
	options: { secondFactorDone?: boolean } = {}
): Promise<string> {
	const { db } = getContext().database;
	const enrolled = await twoFactor.isEnabled(db, userId);
	const required = enrolled || (await twoFactor.isRequiredFor(db, userId));
	if (!required || options.secondFactorDone) {
		await startSession(event, userId, method);
		return redirectTo;
	}
	const token = generateToken();
	const now = Date.now();
	await db.deleteFrom('sign_in_challenges').where('expires_at', '<=', now).execute();
	await db
		.insertInto('sign_in_challenges')
		.values({
			token_hash: idFromToken(token),
			user_id: userId,
			method,
			redirect_to: redirectTo,
			enrol_key: enrolled ? null : twoFactor.generateKey(),
			created_at: now,
			expires_at: now + CHALLENGE_MS
		})
		.execute();
	event.cookies.set(CHALLENGE_COOKIE, token, {
		path: '/login',
		httpOnly: true,
		sameSite: 'lax',
		secure: getContext().config.secureCookies,
		maxAge: CHALLENGE_MS / 1000
	});
	return TWO_FACTOR_PATH;
}

export async function startSession(event: Event, userId: string, method: Method): Promise<void> {
	const { db } = getContext().database;
	const device = sessionCookie.deviceOf(event);
	await sessionCookie.start(event.cookies, event.locals.sessionId, userId, device);
	await audit.record(db, { boardId: null, userId, type: 'auth.signed_in', detail: { method, address: device.address } });
}

export async function findChallenge(cookies: Cookies): Promise<Challenge | null> {
	const token = cookies.get(CHALLENGE_COOKIE);
	if (!token || !/^[a-z2-7]{32}$/.test(token)) return null;
	const row = await getContext()
		.database.db.selectFrom('sign_in_challenges')
		.selectAll()
		.where('token_hash', '=', idFromToken(token))
		.where('expires_at', '>', Date.now())
		.executeTakeFirst();
	if (!row) return null;
	return { tokenHash: row.token_hash, userId: row.user_id, method: row.method, redirectTo: row.redirect_to, enrolKey: row.enrol_key };
}

/** Uses up the challenge: the row goes first, so two tabs cannot both turn it into a session. */
export async function consumeChallenge(cookies: Cookies, challenge: Challenge): Promise<boolean> {
	cookies.delete(CHALLENGE_COOKIE, { path: '/login' });
	const result = await getContext()
		.database.db.deleteFrom('sign_in_challenges')
		.where('token_hash', '=', challenge.tokenHash)
		.executeTakeFirst();
	return Number(result.numDeletedRows) === 1;
}

export async function recordFailure(
	userId: string | null,
	method: Method,
	detail: Record<string, unknown>,
	address: string,
	type: 'auth.sign_in_failed' | 'auth.second_factor_failed' = 'auth.sign_in_failed'
): Promise<void> {
	await audit.record(getContext().database.db, { boardId: null, userId, type, detail: { method, ...detail, address } });
}
