import type { Cookies } from '@sveltejs/kit';
import { getContext } from './context.ts';
import * as session from './session.ts';

/** The device a request comes from, as its owner will recognise it in "Your sessions". */
export function deviceOf(event: { request: Request; getClientAddress(): string }): session.Device {
	return { userAgent: event.request.headers.get('user-agent') ?? '', address: event.getClientAddress() };
}

/** Signs a user in on this browser with a brand-new token, ending the session the browser had before. */
export async function start(cookies: Cookies, previousSessionId: string | null, userId: string, device?: session.Device): Promise<void> {
	const { config, database } = getContext();
	if (previousSessionId) await session.invalidate(database.db, previousSessionId);
	const token = session.generateToken();
	const created = await session.create(database.db, token, userId, config.session, device);
	cookies.set(session.COOKIE_NAME, token, session.cookieOptions(created.expiresAt, config.secureCookies));
}

/** Deletes the session server-side (a copied cookie stops working too) and clears it from the browser. */
export async function end(cookies: Cookies, sessionId: string | null): Promise<void> {
	if (sessionId) await session.invalidate(getContext().database.db, sessionId);
	cookies.delete(session.COOKIE_NAME, { path: '/' });
}
