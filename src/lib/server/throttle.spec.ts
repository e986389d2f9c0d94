import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './db/index.ts';
import * as throttle from './throttle.ts';

let dir: string;
let database: Database;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-throttle-'));
	database = await openDatabase({ url: null, dataDir: dir });
});

afterEach(async () => {
	await database.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

const alice = { account: 'alice', address: '10.0.0.1' };
const T0 = 1_700_000_000_000;

/** Fails `n` attempts at `now`, asserting each was let through to the password check. */
async function fail(subject: throttle.Subject, n: number, now: number) {
	for (let i = 0; i < n; i++) expect(await throttle.begin(database.db, subject, now)).toEqual({ ok: true });
}

describe('blockFor', () => {
	it('is free up to the allowance, then doubles up to the cap', () => {
		const rule = { free: 3, baseMs: 1000, capMs: 8000, windowMs: 1 };
		expect([3, 4, 5, 6, 7, 8, 100].map((n) => throttle.blockFor(rule, n))).toEqual([0, 1000, 2000, 4000, 8000, 8000, 8000]);
	});
});

describe('begin and succeeded', () => {
	it('lets the free attempts through, then blocks the account on that address with a growing wait', async () => {
		await fail(alice, throttle.RULES.pair.free + 1, T0);
		const first = await throttle.begin(database.db, alice, T0);
		expect(first).toEqual({ ok: false, retryAfterMs: 1000 });

		await fail(alice, 1, T0 + 1000);
		expect(await throttle.begin(database.db, alice, T0 + 1000)).toEqual({ ok: false, retryAfterMs: 2000 });
	});

	it('does not extend a block when attempts are refused during it', async () => {
		await fail(alice, throttle.RULES.pair.free + 1, T0);
		for (let i = 0; i < 20; i++) await throttle.begin(database.db, alice, T0 + 10);
		expect(await throttle.begin(database.db, alice, T0 + 1000)).toEqual({ ok: true });
	});

	it('caps the wait so a real user is never locked out for long', async () => {
		let now = T0;
		for (let i = 0; i < 40; i++) {
			const verdict = await throttle.begin(database.db, alice, now);
			now += verdict.ok ? 0 : verdict.retryAfterMs;
		}
		const verdict = await throttle.begin(database.db, alice, now);
		expect(verdict.ok ? 0 : verdict.retryAfterMs).toBeLessThanOrEqual(throttle.RULES.pair.capMs);
	});

	it('blocks the other address of an account under distributed guessing, but only briefly', async () => {
		for (let i = 0; i < throttle.RULES.account.free + 1; i++) {
			await fail({ account: 'alice', address: `203.0.113.${i}` }, 1, T0);
		}
		const verdict = await throttle.begin(database.db, alice, T0);
		expect(verdict.ok).toBe(false);
		expect(verdict.ok ? 0 : verdict.retryAfterMs).toBeLessThanOrEqual(throttle.RULES.account.capMs);
	});

	it('exempts an address that signed in recently from the account-wide block', async () => {
		await fail(alice, 1, T0);
		await throttle.succeeded(database.db, alice, T0);
		for (let i = 0; i < 50; i++) await throttle.begin(database.db, { account: 'alice', address: `198.51.100.${i}` }, T0 + 1);
		expect(await throttle.begin(database.db, alice, T0 + 2)).toEqual({ ok: true });
		expect((await throttle.begin(database.db, { account: 'alice', address: '192.0.2.9' }, T0 + 2)).ok).toBe(false);
	});

	it('resets the account counters on success and forgets failures after the window', async () => {
		await fail(alice, throttle.RULES.pair.free, T0);
		await throttle.succeeded(database.db, alice, T0);
		await fail(alice, throttle.RULES.pair.free, T0);

		const bob = { account: 'bob', address: '10.0.0.2' };
		await fail(bob, throttle.RULES.pair.free, T0);
		await fail(bob, throttle.RULES.pair.free, T0 + throttle.RULES.pair.windowMs + 1);
	});

	it('limits one address spraying many accounts, without counting its successful sign-ins', async () => {
		const address = '10.9.9.9';
		for (let i = 0; i < 100; i++) {
			const person = { account: `member${i}`, address };
			await fail(person, 1, T0);
			await throttle.succeeded(database.db, person, T0);
		}
		await fail({ account: 'someone', address }, 1, T0);

		for (let i = 0; i < throttle.RULES.address.free; i++) await throttle.begin(database.db, { account: `guess${i}`, address }, T0);
		expect((await throttle.begin(database.db, { account: 'another', address }, T0)).ok).toBe(false);
	});
});

describe('describeWait', () => {
	it('says seconds under a minute and whole minutes above', () => {
		expect([1, 1000, 1001, 59_000, 61_000, 15 * 60_000].map(throttle.describeWait)).toEqual([
			'1 second',
			'1 second',
			'2 seconds',
			'59 seconds',
			'2 minutes',
			'15 minutes'
		]);
	});
});
