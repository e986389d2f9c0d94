/**
 * Downloads fetched by the page rather than left to the browser, so that a refused one (too many downloads, a
 * version deleted meanwhile) is said on the page in words instead of ending as a browser's "Failed" entry.
 */

/** The file name from a Content-Disposition header (the server only sends plain `filename="..."`). */
export function fileNameOf(disposition: string | null, fallback: string): string {
	const match = /filename="([^"]+)"/.exec(disposition ?? '');
	return match?.[1] ?? fallback;
}

/** What the page says when the server refuses a download: its own sentence for 429, otherwise a general one. */
export async function refusalMessage(response: Response): Promise<string> {
	if (response.status === 429) {
		const text = (await response.text()).trim();
		if (text && text.length <= 300) return text;
		const seconds = Number(response.headers.get('Retry-After'));
		return `You have downloaded many files in a short time. Please wait${seconds > 0 ? ` ${seconds} seconds` : ' a moment'} and try again.`;
	}
	if (response.status === 404)
		return 'That file is no longer available: the version may have been deleted. Reload the page to see the current list.';
	return `The file could not be made (error ${response.status}). Please try again in a moment.`;
}

/** Same-origin links with a `download` attribute, which are the app's own files (not ones it has already fetched). */
export function isAppDownload(link: HTMLAnchorElement, origin: string): boolean {
	return link.hasAttribute('download') && link.protocol !== 'blob:' && link.origin === origin;
}
