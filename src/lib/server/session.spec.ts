import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testUser, type TestDatabase } from './db/testing.ts';
import * as revocation from './revocation.ts';
import * as session from './session.ts';

const policy = { idleMs: 60_000, absoluteMs: 10 * 60_000 };

describe.each(['sqlite', 'postgres'] as const)('sessions on %s', (dialect) => {
	let database: TestDatabase;
	let userId: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		userId = await testUser(database.db, 'chair', 'Chair');
	});
	afterAll(() => database.drop());

	it('issues tokens with 160 bits of randomness and stores only their hash', async () => {
		const token = session.generateToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		await session.create(database.db, token, userId, policy);
		const rows = await database.db.selectFrom('sessions').select('id').execute();
		expect(rows.map((r) => r.id)).not.toContain(token);
		expect(rows.map((r) => r.id)).toContain(session.idFromToken(token));
	});

	it('resolves a valid token to its user and rejects unknown or malformed ones', async () => {
		const token = session.generateToken();
		await session.create(database.db, token, userId, policy);
		const result = await session.validate(database.db, token, policy);
		expect(result?.user.username).toBe('chair');
		expect(await session.validate(database.db, session.generateToken(), policy)).toBeNull();
		expect(await session.validate(database.db, "x' or 1=1 --", policy)).toBeNull();
	});

	it('ends a session past its idle expiry and deletes it', async () => {
		const token = session.generateToken();
		const created = await session.create(database.db, token, userId, policy);
		await database.db
			.updateTable('sessions')
			.set({ expires_at: Date.now() - 1 })
			.where('id', '=', created.id)
			.execute();
		expect(await session.validate(database.db, token, policy)).toBeNull();
		const left = await database.db.selectFrom('sessions').select('id').where('id', '=', created.id).execute();
		expect(left).toHaveLength(0);
	});

	it('slides the expiry forward when used, but never past the absolute maximum', async () => {
		const token = session.generateToken();
		const created = await session.create(database.db, token, userId, policy);
		// Used late in its idle window: extended.
		await database.db
			.updateTable('sessions')
			.set({ expires_at: Date.now() + 10_000 })
			.where('id', '=', created.id)
			.execute();
		const extended = await session.validate(database.db, token, policy);
		expect(extended!.session.expiresAt).toBeGreaterThan(Date.now() + 50_000);
		// Created long ago: past the absolute maximum even though recently used.
		await database.db
			.updateTable('sessions')
			.set({ created_at: Date.now() - policy.absoluteMs - 1 })
			.where('id', '=', created.id)
			.execute();
		expect(await session.validate(database.db, token, policy)).toBeNull();
	});

	it('signs a user out everywhere except the session kept', async () => {
		const keep = session.generateToken();
		const other = session.generateToken();
		const kept = await session.create(database.db, keep, userId, policy);
		await session.create(database.db, other, userId, policy);
		await session.invalidateAllForUser(database.db, userId, kept.id);
		expect(await session.validate(database.db, keep, policy)).not.toBeNull();
		expect(await session.validate(database.db, other, policy)).toBeNull();
	});
	it('announces every way a session ends, so open websockets close at once, and reports which sessions still hold', async () => {
		const heard: revocation.Revocation[] = [];
		const unlisten = revocation.listen((event) => void heard.push(event));
		try {
			const first = await session.create(database.db, session.generateToken(), userId, policy);
			const second = await session.create(database.db, session.generateToken(), userId, policy);
			const third = await session.create(database.db, session.generateToken(), userId, policy);
			const fourth = await session.create(database.db, session.generateToken(), userId, policy);
			expect(await session.stillValid(database.db, [first.id, second.id, third.id], policy)).toEqual(
				new Set([first.id, second.id, third.id])
			);
			await session.invalidate(database.db, first.id);
			// Signing out one device: only its owner's, and announced only if it ended.
			expect(await session.invalidateForUser(database.db, 'someone else', fourth.id)).toBe(false);
			expect(await session.invalidateForUser(database.db, userId, fourth.id)).toBe(true);
			await session.invalidateAllForUser(database.db, userId, third.id);
			expect(heard).toEqual([
				{ type: 'session', sessionId: first.id },
				{ type: 'session', sessionId: fourth.id },
				{ type: 'sessions', userId, keepSessionId: third.id }
			]);
			await database.db
				.updateTable('sessions')
				.set({ expires_at: Date.now() - 1 })
				.where('id', '=', third.id)
				.execute();
			expect(await session.stillValid(database.db, [first.id, second.id, third.id], policy)).toEqual(new Set());
		} finally {
			unlisten();
		}
	});
});

describe('cookie header parsing', () => {
	it('finds the session cookie among others and ignores look-alikes', () => {
		expect(session.tokenFromCookieHeader(`a=1; ${session.COOKIE_NAME}=abc; b=2`)).toBe('abc');
		expect(session.tokenFromCookieHeader(`x${session.COOKIE_NAME}=abc`)).toBeNull();
		expect(session.tokenFromCookieHeader(undefined)).toBeNull();
	});
});
