import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. The library's Algorithm enum is a const enum that
// isolated modules cannot read: 2 is Algorithm.Argon2id.
const ARGON2ID = 2;
const options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_LENGTH = 8;
export const MAX_LENGTH = 256;

export function validate(password: unknown): string | null {
	if (typeof password !== 'string' || password.length < MIN_LENGTH) {
		return `Use at least ${MIN_LENGTH} characters.`;
	}
	if (password.length > MAX_LENGTH) return `Use at most ${MAX_LENGTH} characters.`;
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | null = null;

/** Spends the same time as a real check, so an unknown username is indistinguishable from a wrong password. */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
	await verifyPassword(await dummyHash, password);
	return false;
}
