import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { openTestDatabase, testBoard, testUser, type TestDatabase } from './db/testing.ts';
import * as membership from './membership.ts';
import * as twoFactor from './two-factor.ts';
import * as user from './user.ts';

/** The code an authenticator app shows for `key` at `time`. */
function codeAt(key: string, time: number): string {
	return generateHOTP(decodeBase32IgnorePadding(key), BigInt(Math.floor(time / 30_000)), 6);
}

describe.each(['sqlite', 'postgres'] as const)('two-factor on %s', (dialect) => {
	let database: TestDatabase;
	let adminId: string;
	let memberId: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		adminId = await testUser(database.db, 'admin', 'Admin');
		memberId = await testUser(database.db, 'member', 'Member');
	});
	afterAll(() => database.drop());

	it('accepts the current code once, refuses it replayed, and refuses an older one after a newer', async () => {
		const key = twoFactor.generateKey();
		const now = Date.now();
		const step = twoFactor.matchStep(key, codeAt(key, now), now);
		expect(step).not.toBeNull();
		await twoFactor.enable(database.db, memberId, key, step! - 2);
		expect(await twoFactor.verify(database.db, memberId, codeAt(key, now), now)).toBe('ok');
		expect(await twoFactor.verify(database.db, memberId, codeAt(key, now), now)).toBe('replayed');
		// The previous step's code is still inside the drift window, but older than the one just used.
		expect(await twoFactor.verify(database.db, memberId, codeAt(key, now - 30_000), now)).toBe('replayed');
		expect(await twoFactor.verify(database.db, memberId, codeAt(key, now + 30_000), now)).toBe('ok');
	});

	it('refuses codes outside the drift window, of another key, or not six digits', () => {
		const key = twoFactor.generateKey();
		const now = Date.now();
		expect(twoFactor.matchStep(key, codeAt(key, now - 120_000), now)).toBeNull();
		expect(twoFactor.matchStep(key, codeAt(twoFactor.generateKey(), now), now)).toBeNull();
		expect(twoFactor.matchStep(key, '12345', now)).toBeNull();
		expect(twoFactor.matchStep(key, "1' or 1=1", now)).toBeNull();
	});

	it('a recovery code works once; renewing replaces them all', async () => {
		const codes = await twoFactor.enable(database.db, adminId, twoFactor.generateKey(), 0);
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		expect(await twoFactor.useRecoveryCode(database.db, adminId, codes[0]!.toUpperCase())).toBe(true);
		expect(await twoFactor.useRecoveryCode(database.db, adminId, codes[0]!)).toBe(false);
		expect(await twoFactor.recoveryCodesLeft(database.db, adminId)).toBe(9);
		const renewed = await twoFactor.renewRecoveryCodes(database.db, adminId);
		expect(await twoFactor.useRecoveryCode(database.db, adminId, codes[1]!)).toBe(false);
		expect(await twoFactor.useRecoveryCode(database.db, adminId, renewed[0]!)).toBe(true);
		// Another account's code opens nothing here.
		const others = await twoFactor.renewRecoveryCodes(database.db, memberId);
		expect(await twoFactor.useRecoveryCode(database.db, adminId, others[0]!)).toBe(false);
		await twoFactor.disable(database.db, adminId, adminId);
		expect(await twoFactor.isEnabled(database.db, adminId)).toBe(false);
		expect(await twoFactor.recoveryCodesLeft(database.db, adminId)).toBe(0);
	});

	it('the policy covers administrators and chairs of any board, not editors', async () => {
		const editor = await testUser(database.db, 'editor', 'Editor');
		const chair = await testUser(database.db, 'chair', 'Chair');
		const boardId = await testBoard(database.db, adminId, 'Board');
		await membership.add(database.db, boardId, chair, 'chair', adminId);
		await membership.add(database.db, boardId, editor, 'editor', adminId);
		expect((await user.getById(database.db, adminId))?.isAdmin).toBe(true);
		expect(await twoFactor.isRequiredFor(database.db, adminId)).toBe(false);
		await twoFactor.setRequiredForPrivileged(database.db, true, adminId);
		expect(await twoFactor.isRequiredFor(database.db, adminId)).toBe(true);
		expect(await twoFactor.isRequiredFor(database.db, chair)).toBe(true);
		expect(await twoFactor.isRequiredFor(database.db, editor)).toBe(false);
	});
});
