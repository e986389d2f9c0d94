import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from './db/testing.ts';
import * as user from './user.ts';

describe.each(['sqlite', 'postgres'] as const)('accounts on %s', (dialect) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(dialect);
	});
	afterAll(() => database.drop());

	it('makes only the first account an admin, even when two register at once', async () => {
		const [a, b] = await Promise.all([
			user.create(database.db, { username: 'first', displayName: 'First', password: 'password one' }),
			user.create(database.db, { username: 'second', displayName: 'Second', password: 'password two' })
		]);
		const admins = [a, b].filter((r) => r.ok && r.user.isAdmin);
		expect(admins).toHaveLength(1);
	});

	it('refuses a username that is taken', async () => {
		const again = await user.create(database.db, { username: 'first', displayName: 'Again', password: 'password three' });
		expect(again).toEqual({ ok: false, reason: 'taken' });
	});

	it('signs in with the right password only, and stores an argon2id hash', async () => {
		expect(await user.authenticate(database.db, 'first', 'password one')).toMatchObject({ username: 'first' });
		expect(await user.authenticate(database.db, 'first', 'password two')).toBeNull();
		expect(await user.authenticate(database.db, 'nobody', 'password one')).toBeNull();
		const row = await database.db.selectFrom('users').select('password_hash').where('username', '=', 'first').executeTakeFirstOrThrow();
		expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	});

	it('accepts a changed password and rejects the old one', async () => {
		const first = await user.getByUsername(database.db, 'first');
		await user.changePassword(database.db, first!.id, 'a much longer new passphrase');
		expect(await user.authenticate(database.db, 'first', 'password one')).toBeNull();
		expect(await user.authenticate(database.db, 'first', 'a much longer new passphrase')).not.toBeNull();
	});
});

describe('username rules', () => {
	it('accepts ordinary names and rejects odd ones with a reason', () => {
		expect(user.validateUsername('j.smith')).toBeNull();
		expect(user.validateUsername('ab')).toMatch(/3 to 32/);
		expect(user.validateUsername('<script>')).not.toBeNull();
		expect(user.normaliseUsername('  J.Smith ')).toBe('j.smith');
		expect(user.normaliseDisplayName('Ann\u0000 Lee\u202e')).toBe('Ann Lee');
	});
});
