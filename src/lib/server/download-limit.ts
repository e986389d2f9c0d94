/**
 * How many files a session may download: a burst, then a steady pace. Every download (a version, a minutes pack,
 * a comparison, the changes or the security log) is written by a shared worker thread; one session asking for
 * hundreds would keep every other member's downloads waiting. Held in memory per instance: a session spread over
 * several instances gets each one's allowance, which still bounds the work each instance does for it.
 */

export interface DownloadAllowance {
	/** Downloads a session may start at once. */
	burst: number;
	/** Downloads a session regains per minute, up to `burst`. */
	perMinute: number;
}

export type DownloadVerdict = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
	tokens: number;
	at: number;
}

/** Sessions untouched for this long have a full allowance again and are forgotten. */
const FORGET_AFTER_CHECKS = 1_000;

export class DownloadLimiter {
	readonly #allowance: DownloadAllowance;
	readonly #buckets = new Map<string, Bucket>();
	#checks = 0;

	constructor(allowance: DownloadAllowance) {
		this.#allowance = allowance;
	}

	/** Counts a download for the session if its allowance has one left; otherwise how long until it does. */
	take(sessionId: string, now = Date.now()): DownloadVerdict {
		const { burst, perMinute } = this.#allowance;
		const perMs = perMinute / 60_000;
		const bucket = this.#buckets.get(sessionId) ?? { tokens: burst, at: now };
		bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
		bucket.at = now;
		this.#buckets.set(sessionId, bucket);
		if (++this.#checks % FORGET_AFTER_CHECKS === 0) this.#forgetFull(now);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return { ok: true };
		}
		return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
	}

	#forgetFull(now: number): void {
		const { burst, perMinute } = this.#allowance;
		for (const [id, bucket] of this.#buckets) {
			if (bucket.tokens + (now - bucket.at) * (perMinute / 60_000) >= burst) this.#buckets.delete(id);
		}
	}
}

/** The refusal a download route answers with: 429, when to try again, and a sentence a member can act on. */
export function tooManyDownloads(retryAfterMs: number): Response {
	const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
	const message = `You have downloaded many files in a short time. Please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`;
	return new Response(message, {
		status: 429,
		headers: { 'Retry-After': String(seconds), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }
	});
}

/** Null if the session may download now (and counts it); otherwise the refusal to answer with. */
export function limitDownload(limiter: DownloadLimiter, sessionId: string | null): Response | null {
	// Every download route requires a signed-in user, so a session is always there; none is refused as one.
	const verdict = limiter.take(sessionId ?? '');
	return verdict.ok ? null : tooManyDownloads(verdict.retryAfterMs);
}
