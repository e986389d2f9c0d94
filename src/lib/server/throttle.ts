import type { Kysely } from 'kysely';
import type { Schema } from './db/schema.ts';

/**
 * Sign-in throttling, stored in `login_attempts` so it holds across restarts and instances.
 *
 * Three counters guard each attempt:
 * - account+address: the tight one. A few free tries, then an exponential backoff capped at 15 minutes.
 * - account: looser, for guessing spread over many addresses. Its block is capped at one minute and does not
 *   apply to an address that signed in to the account recently, so a distributed attack can neither guess
 *   fast nor keep the real user out.
 * - address: for one address spraying many accounts; generous because a workshop room shares one address.
 *
 * An attempt counts as a failure before the password is checked (so parallel guesses cannot slip past the
 * check) and a success takes it back. Attempts refused while blocked are not counted, so hammering a block
 * does not extend it.
 */

export interface Rule {
	/** Failures allowed before any block. */
	free: number;
	/** First block length; doubles with every further failure. */
	baseMs: number;
	capMs: number;
	/** Failures older than this (from the first one in the window) are forgotten. */
	windowMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const RULES = {
	pair: { free: 3, baseMs: 1_000, capMs: 15 * MINUTE, windowMs: DAY },
	account: { free: 10, baseMs: 1_000, capMs: MINUTE, windowMs: DAY },
	address: { free: 30, baseMs: 1_000, capMs: 15 * MINUTE, windowMs: 60 * MINUTE }
} as const satisfies Record<string, Rule>;

/** How long a successful sign-in exempts its address from the account-wide counter. */
export const TRUST_MS = 30 * DAY;

export interface Subject {
	/** The normalised username tried (known or not: unknown names are throttled the same way). */
	account: string;
	address: string;
}

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

function keys(subject: Subject) {
	return {
		pair: `pair:${subject.account}|${subject.address}`,
		account: `account:${subject.account}`,
		address: `address:${subject.address}`,
		trusted: `trusted:${subject.account}|${subject.address}`
	};
}

export function blockFor(rule: Rule, failures: number): number {
	if (failures <= rule.free) return 0;
	return Math.min(rule.capMs, rule.baseMs * 2 ** Math.min(failures - rule.free - 1, 30));
}

type Db = Kysely<Schema>;

/** Call before checking a password: refuses while any applicable counter is blocked, else counts the attempt. */
export async function begin(db: Db, subject: Subject, now = Date.now()): Promise<Verdict> {
	const k = keys(subject);
	return db.transaction().execute(async (trx) => {
		const rows = await trx.selectFrom('login_attempts').selectAll().where('key', 'in', [k.pair, k.account, k.address, k.trusted]).execute();
		const byKey = new Map(rows.map((row) => [row.key, row]));
		const trusted = (byKey.get(k.trusted)?.blocked_until ?? 0) > now;
		const applicable: [string, Rule][] = [
			[k.pair, RULES.pair],
			[k.address, RULES.address]
		];
		if (!trusted) applicable.push([k.account, RULES.account]);

		let retryAfterMs = 0;
		for (const [key] of applicable) {
			const until = byKey.get(key)?.blocked_until ?? 0;
			if (until > now) retryAfterMs = Math.max(retryAfterMs, until - now);
		}
		if (retryAfterMs > 0) return { ok: false, retryAfterMs };

		for (const [key, rule] of applicable) {
			const row = byKey.get(key);
			const fresh = !row || now - row.window_start > rule.windowMs;
			const failures = fresh ? 1 : row.failures + 1;
			const windowStart = fresh ? now : row.window_start;
			const blocked = blockFor(rule, failures);
			const values = { failures, window_start: windowStart, blocked_until: blocked ? now + blocked : 0 };
			await trx
				.insertInto('login_attempts')
				.values({ key, ...values })
				.onConflict((oc) => oc.column('key').doUpdateSet(values))
				.execute();
		}
		return { ok: true };
	});
}

/** Call after a correct password: takes back the attempt begin() counted, and trusts the address. */
export async function succeeded(db: Db, subject: Subject, now = Date.now()): Promise<void> {
	const k = keys(subject);
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('login_attempts').where('key', 'in', [k.pair, k.account]).execute();
		// The address counter is only decremented: a sprayer who owns one real account must not reset it.
		const address = await trx.selectFrom('login_attempts').selectAll().where('key', '=', k.address).executeTakeFirst();
		if (address) {
			const failures = Math.max(0, address.failures - 1);
			const blocked = blockFor(RULES.address, failures);
			await trx
				.updateTable('login_attempts')
				.set({ failures, blocked_until: blocked ? Math.min(address.blocked_until, now + blocked) : 0 })
				.where('key', '=', k.address)
				.execute();
		}
		// `blocked_until` holds "trusted until" for this key: the table's one time column serves both uses.
		const trust = { failures: 0, window_start: now, blocked_until: now + TRUST_MS };
		await trx
			.insertInto('login_attempts')
			.values({ key: k.trusted, ...trust })
			.onConflict((oc) => oc.column('key').doUpdateSet(trust))
			.execute();
	});
}

export function describeWait(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
