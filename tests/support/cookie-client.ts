/**
 * A browser's cookie handling and redirect following, enough for sign-in flows across two loopback servers
 * (cookies are per host, not per port, as in a browser).
 */
export class CookieClient {
	readonly cookies = new Map<string, { value: string; path: string }>();

	cookieHeader(path: string): string {
		return [...this.cookies]
			.filter(([, c]) => path.startsWith(c.path))
			.map(([name, c]) => `${name}=${c.value}`)
			.join('; ');
	}

	#store(response: Response): void {
		for (const line of response.headers.getSetCookie()) {
			const [pair, ...attributes] = line.split(';');
			const eq = pair!.indexOf('=');
			const name = pair!.slice(0, eq).trim();
			const value = pair!.slice(eq + 1).trim();
			const path =
				attributes
					.map((a) => a.trim())
					.find((a) => a.toLowerCase().startsWith('path='))
					?.slice(5) ?? '/';
			const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, { value, path });
		}
	}

	/** A form post from the app's own origin, as a browser without JavaScript sends it. */
	post(url: string, fields: Record<string, string>): Promise<Response> {
		return this.fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin, accept: 'text/html' },
			body: new URLSearchParams(fields).toString()
		});
	}

	/** One request, no redirect followed. */
	async fetch(url: string, init: RequestInit = {}): Promise<Response> {
		const target = new URL(url);
		const headers = new Headers(init.headers);
		const cookie = this.cookieHeader(target.pathname);
		if (cookie) headers.set('cookie', cookie);
		const response = await fetch(target, { ...init, headers, redirect: 'manual' });
		this.#store(response);
		return response;
	}

	/**
	 * Follows redirects from `url` until a page answers, or until `stopAt` matches a URL about to be requested
	 * (which is then returned unrequested, for a test to alter).
	 */
	async follow(url: string, stopAt?: (url: URL) => boolean): Promise<{ url: string; response: Response | null }> {
		let current = url;
		for (let hop = 0; hop < 20; hop++) {
			if (stopAt?.(new URL(current))) return { url: current, response: null };
			const response = await this.fetch(current);
			const location = response.headers.get('location');
			if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
			current = new URL(location, current).href;
		}
		throw new Error('too many redirects');
	}
}
