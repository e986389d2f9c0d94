import type { Kysely } from 'kysely';
import { generateHOTP, createTOTPKeyURI } from '@oslojs/otp';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { sha256 } from '@oslojs/crypto/sha2';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Schema } from './db/schema.ts';
import * as audit from './audit.ts';

/**
 * TOTP two-factor (RFC 6238: 30-second steps, 6 digits, SHA-1, as every authenticator app expects) and
 * single-use recovery codes. A code is accepted one step either side of now for clock drift, and only for a
 * step later than the last one accepted, so an overheard code cannot be replayed.
 */

const PERIOD_S = 30;
const DIGITS = 6;
const DRIFT_STEPS = 1;
const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'trustboard';
const REQUIRED_SETTING = 'require_two_factor_privileged';

type Db = Kysely<Schema>;

export function generateKey(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32UpperCaseNoPadding(bytes);
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function keyUri(accountName: string, key: string): string {
	return createTOTPKeyURI(ISSUER, accountName, decodeBase32IgnorePadding(key), PERIOD_S, DIGITS);
}

/** Digits only: people type codes with spaces, as apps show them. */
export function normaliseCode(value: unknown): string {
	return typeof value === 'string' ? value.replace(/[\s-]/g, '') : '';
}

/** The time step a code belongs to, or null when it matches none within the drift window. */
export function matchStep(key: string, code: string, now = Date.now()): number | null {
	if (!/^\d{6}$/.test(code)) return null;
	const secret = decodeBase32IgnorePadding(key);
	const current = Math.floor(now / 1000 / PERIOD_S);
	const given = new TextEncoder().encode(code);
	for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
		if (constantTimeEqual(new TextEncoder().encode(generateHOTP(secret, BigInt(step), DIGITS)), given)) return step;
	}
	return null;
}

export type CodeResult = 'ok' | 'wrong' | 'replayed';

/** Checks a code against the user's enrolled key and uses up its time step. */
export async function verify(db: Db, userId: string, code: string, now = Date.now()): Promise<CodeResult> {
	const row = await db.selectFrom('users').select('totp_key').where('id', '=', userId).executeTakeFirst();
	if (!row?.totp_key) return 'wrong';
	const step = matchStep(row.totp_key, code, now);
	if (step === null) return 'wrong';
	// One conditional update both checks and records the step, so two requests racing with one code cannot both pass.
	const result = await db
		.updateTable('users')
		.set({ totp_last_step: step })
		.where('id', '=', userId)
		.where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1 ? 'ok' : 'replayed';
}

export async function isEnabled(db: Db, userId: string): Promise<boolean> {
	const row = await db.selectFrom('users').select('totp_key').where('id', '=', userId).executeTakeFirst();
	return Boolean(row?.totp_key);
}

/** Turns two-factor on with a key the user has just proved with a code; returns their new recovery codes. */
export async function enable(db: Db, userId: string, key: string, step: number): Promise<string[]> {
	return db.transaction().execute(async (trx) => {
		await trx.updateTable('users').set({ totp_key: key, totp_last_step: step, updated_at: Date.now() }).where('id', '=', userId).execute();
		await audit.record(trx, { boardId: null, userId, type: 'account.two_factor_enabled' });
		return replaceRecoveryCodes(trx, userId);
	});
}

/** `byUserId` is the user themself, or an administrator resetting it for someone who lost their device. */
export async function disable(db: Db, userId: string, byUserId: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('users').set({ totp_key: null, totp_last_step: null, updated_at: Date.now() }).where('id', '=', userId).execute();
		await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
		await audit.record(trx, { boardId: null, userId: byUserId, type: 'account.two_factor_disabled', detail: { account: userId } });
	});
}

export async function renewRecoveryCodes(db: Db, userId: string): Promise<string[]> {
	return db.transaction().execute(async (trx) => {
		await audit.record(trx, { boardId: null, userId, type: 'account.recovery_codes_renewed' });
		return replaceRecoveryCodes(trx, userId);
	});
}

async function replaceRecoveryCodes(db: Db, userId: string): Promise<string[]> {
	await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
	await db
		.insertInto('recovery_codes')
		.values(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code) })))
		.execute();
	return codes;
}

/** 50 random bits as two groups of five base32 letters: easy to copy from paper, impossible to guess. */
function newRecoveryCode(): string {
	const bytes = new Uint8Array(7);
	crypto.getRandomValues(bytes);
	const text = encodeBase32UpperCaseNoPadding(bytes).slice(0, 10).toLowerCase();
	return `${text.slice(0, 5)}-${text.slice(5)}`;
}

function hashRecoveryCode(code: string): string {
	const normalised = code.toLowerCase().replace(/[^a-z2-7]/g, '');
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normalised)));
}

export function looksLikeRecoveryCode(value: string): boolean {
	return /^[a-z2-7]{5}-?[a-z2-7]{5}$/i.test(value.trim());
}

/** Uses up one recovery code; deleting the row is what makes it single-use, under any concurrency. */
export async function useRecoveryCode(db: Db, userId: string, code: string): Promise<boolean> {
	const result = await db
		.deleteFrom('recovery_codes')
		.where('user_id', '=', userId)
		.where('code_hash', '=', hashRecoveryCode(code))
		.executeTakeFirst();
	if (Number(result.numDeletedRows) !== 1) return false;
	await audit.record(db, { boardId: null, userId, type: 'auth.recovery_code_used' });
	return true;
}

export async function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
	const row = await db
		.selectFrom('recovery_codes')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', userId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Whether the administrator requires two-factor for administrators and chairs. */
export async function requiredForPrivileged(db: Db): Promise<boolean> {
	const row = await db.selectFrom('instance_settings').select('value').where('key', '=', REQUIRED_SETTING).executeTakeFirst();
	return row?.value === '1';
}

export async function setRequiredForPrivileged(db: Db, required: boolean, byUserId: string): Promise<void> {
	const value = required ? '1' : '0';
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('instance_settings')
			.values({ key: REQUIRED_SETTING, value })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value }))
			.execute();
		await audit.record(trx, {
			boardId: null,
			userId: byUserId,
			type: 'instance.two_factor_policy',
			detail: { requiredForAdminsAndChairs: required }
		});
	});
}

/** Administrators and the chair of any board hold the keys: they must use two-factor when the policy says so. */
export async function isRequiredFor(db: Db, userId: string): Promise<boolean> {
	if (!(await requiredForPrivileged(db))) return false;
	const row = await db.selectFrom('users').select('is_admin').where('id', '=', userId).executeTakeFirst();
	if (row?.is_admin === 1) return true;
	const chair = await db
		.selectFrom('memberships')
		.select('board_id')
		.where('user_id', '=', userId)
		.where('role', '=', 'chair')
		.executeTakeFirst();
	return Boolean(chair);
}
