/** An origin no real request has: a target that resolves anywhere else leaves the site. */
const BASE = 'http://trustboard.invalid';

/**
 * A post-sign-in redirect target reduced to a same-origin path, or `fallback`. The target is parsed the way
 * a browser parses a Location header (tabs and newlines dropped, `\` read as `/`, `..` and `.` resolved), so
 * `/\t/evil.example`, `/\evil.example` and `/%0A/x` (a newline once decoded) cannot send anyone off-site or
 * break the response; what comes back is the URL's own serialisation, always a valid header value.
 */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
	if (!target || !target.startsWith('/')) return fallback;
	let url: URL;
	try {
		url = new URL(target, `${BASE}/`);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE) return fallback;
	const path = `${url.pathname}${url.search}${url.hash}`;
	// A path starting with two slashes would be read as another host by the browser following it.
	if (!path.startsWith('/') || path.startsWith('//')) return fallback;
	return path;
}
