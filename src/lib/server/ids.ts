import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 80 random bits in 16 base32 characters: unguessable ids for users, boards and invites. */
export function newId(): string {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

const ID_PATTERN = /^[a-z2-7]{16}$/;

/** Ids arrive in URLs and websocket paths: anything not of our shape is rejected before any lookup. */
export function isId(value: unknown): value is string {
	return typeof value === 'string' && ID_PATTERN.test(value);
}
