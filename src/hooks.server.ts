import type { Handle } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import * as session from '$lib/server/session';

/**
 * Only resolves the session cookie into `locals` and adds security headers. Authorisation stays in each load
 * and action: layout loads do not re-run on client navigation, so a hook or layout cannot guard a page.
 */
export const handle: Handle = async ({ event, resolve }) => {
	const { config, database } = getContext();
	event.locals.user = null;
	event.locals.sessionId = null;

	const token = event.cookies.get(session.COOKIE_NAME);
	if (token) {
		const result = await session.validate(database.db, token, config.session);
		if (result) {
			event.locals.user = result.user;
			event.locals.sessionId = result.session.id;
			await session.touch(database.db, result.session.id);
			// Re-sent every time so a sliding extension reaches the browser; cheap, and keeps one code path.
			event.cookies.set(session.COOKIE_NAME, token, session.cookieOptions(result.session.expiresAt, config.secureCookies));
		} else {
			event.cookies.delete(session.COOKIE_NAME, { path: '/' });
		}
	}

	const response = await resolve(event);
	setSecurityHeaders(response.headers, config.secureCookies);
	return response;
};

function setSecurityHeaders(headers: Headers, https: boolean) {
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'same-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
	if (https) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}
