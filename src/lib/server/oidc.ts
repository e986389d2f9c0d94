import { createPublicKey, constants, verify as verifySignature, type JsonWebKey as NodeJsonWebKey, type KeyObject } from 'node:crypto';
import { CodeChallengeMethod, OAuth2Client } from 'arctic';
import { JWSRegisteredHeaders, JWTClaims, parseJWT } from '@oslojs/jwt';
import type { OidcProviderConfig } from './config.ts';

/**
 * OpenID Connect with the authorisation code flow and PKCE, through arctic's generic OAuth 2.0 client. Arctic
 * does not verify ID tokens, so this module does: signature against the issuer's published keys, issuer,
 * audience, expiry and nonce. Endpoints come from the issuer's discovery document, cached for an hour.
 */

interface Discovery {
	issuer: string;
	authorization_endpoint: string;
	token_endpoint: string;
	jwks_uri: string;
	userinfo_endpoint?: string;
}

interface Jwk extends NodeJsonWebKey {
	kid?: string;
	use?: string;
}

export interface Identity {
	issuer: string;
	subject: string;
	email: string;
	name: string;
}

export class OidcError extends Error {}

const CACHE_MS = 60 * 60_000;
/** Clock difference tolerated between this server and the issuer. */
const LEEWAY_S = 120;
const ALGORITHMS = new Set(['RS256', 'PS256', 'ES256']);

const discoveries = new Map<string, { value: Discovery; at: number }>();
const keySets = new Map<string, { keys: Jwk[]; at: number }>();

async function fetchJson(url: string): Promise<Record<string, unknown>> {
	const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
	if (!response.ok) throw new OidcError(`${url} answered ${response.status}`);
	return (await response.json()) as Record<string, unknown>;
}

export async function discover(provider: OidcProviderConfig): Promise<Discovery> {
	const cached = discoveries.get(provider.issuer);
	if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
	const document = await fetchJson(`${provider.issuer}/.well-known/openid-configuration`);
	const fields = ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
	for (const field of fields) {
		if (typeof document[field] !== 'string') throw new OidcError(`the discovery document has no ${field}`);
	}
	const value = document as unknown as Discovery;
	if (value.issuer.replace(/\/+$/, '') !== provider.issuer) throw new OidcError('the discovery document names another issuer');
	discoveries.set(provider.issuer, { value, at: Date.now() });
	return value;
}

async function signingKey(discovery: Discovery, kid: string | null): Promise<KeyObject> {
	const find = (keys: Jwk[]) => keys.find((key) => (kid === null || key.kid === kid) && (key.use === undefined || key.use === 'sig'));
	const cached = keySets.get(discovery.jwks_uri);
	let key = cached && Date.now() - cached.at < CACHE_MS ? find(cached.keys) : undefined;
	// An unknown key id means the issuer rotated its keys: fetch them again (at most once a minute).
	if (!key && (!cached || Date.now() - cached.at > 60_000)) {
		const set = await fetchJson(discovery.jwks_uri);
		const keys = Array.isArray(set.keys) ? (set.keys as Jwk[]) : [];
		keySets.set(discovery.jwks_uri, { keys, at: Date.now() });
		key = find(keys);
	}
	if (!key) throw new OidcError('the ID token is signed with a key the issuer does not publish');
	return createPublicKey({ key, format: 'jwk' });
}

function client(provider: OidcProviderConfig, redirectUri: string): OAuth2Client {
	return new OAuth2Client(provider.clientId, provider.clientSecret, redirectUri);
}

export async function authorizationUrl(
	provider: OidcProviderConfig,
	redirectUri: string,
	flow: { state: string; codeVerifier: string; nonce: string }
): Promise<URL> {
	const discovery = await discover(provider);
	const url = client(provider, redirectUri).createAuthorizationURLWithPKCE(
		discovery.authorization_endpoint,
		flow.state,
		CodeChallengeMethod.S256,
		flow.codeVerifier,
		['openid', 'email', 'profile']
	);
	url.searchParams.set('nonce', flow.nonce);
	return url;
}

/** Exchanges the code for tokens and returns the verified identity in the ID token. */
export async function exchange(
	provider: OidcProviderConfig,
	redirectUri: string,
	code: string,
	flow: { codeVerifier: string; nonce: string }
): Promise<Identity> {
	const discovery = await discover(provider);
	let idToken: string;
	let accessToken: string;
	try {
		const tokens = await client(provider, redirectUri).validateAuthorizationCode(discovery.token_endpoint, code, flow.codeVerifier);
		idToken = tokens.idToken();
		accessToken = tokens.accessToken();
	} catch (error) {
		throw new OidcError(`the code was not accepted (${(error as Error).message})`);
	}
	const claims = await verifyIdToken(provider, discovery, idToken, flow.nonce);
	// With the code flow a provider may keep the email for its userinfo endpoint (the ID token is then minimal).
	if (!emailOf(claims) && discovery.userinfo_endpoint) {
		const response = await fetch(discovery.userinfo_endpoint, {
			headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
			signal: AbortSignal.timeout(10_000)
		});
		const info = response.ok ? ((await response.json()) as Record<string, unknown>) : {};
		// Userinfo is only about the ID token's subject when it says so (OpenID Connect Core 5.3.2).
		if (info.sub === claims.sub)
			Object.assign(claims, { email: info.email, email_verified: info.email_verified, name: claims.name ?? info.name });
	}
	return identityFrom(discovery, claims);
}

function emailOf(claims: Record<string, unknown>): string | undefined {
	// Entra ID puts the sign-in name in preferred_username when the optional email claim is not configured.
	return [claims.email, claims.preferred_username, claims.upn].find(
		(value): value is string => typeof value === 'string' && value.includes('@')
	);
}

function identityFrom(discovery: Discovery, claims: Record<string, unknown>): Identity {
	const email = emailOf(claims);
	if (!email) throw new OidcError('the organisation gave no email address');
	if (claims.email_verified === false) throw new OidcError('the organisation has not verified this email address');
	const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email.slice(0, email.indexOf('@'));
	return { issuer: discovery.issuer, subject: String(claims.sub), email: email.toLowerCase(), name };
}

/** The ID token's claims once its signature, issuer, audience, lifetime and nonce are checked. */
export async function verifyIdToken(
	provider: OidcProviderConfig,
	discovery: Discovery,
	idToken: string,
	nonce: string,
	now = Date.now()
): Promise<Record<string, unknown>> {
	let header: object, payload: object, signature: Uint8Array, message: Uint8Array;
	try {
		[header, payload, signature, message] = parseJWT(idToken);
	} catch {
		throw new OidcError('the ID token is malformed');
	}
	const headers = new JWSRegisteredHeaders(header);
	const algorithm = headers.hasAlgorithm() ? headers.algorithm() : '';
	if (!ALGORITHMS.has(algorithm)) throw new OidcError(`the ID token's algorithm "${algorithm}" is not accepted`);
	const key = await signingKey(discovery, headers.hasKeyId() ? headers.keyId() : null);
	if (!checkSignature(algorithm, key, message, signature)) throw new OidcError('the ID token signature is not valid');

	const claims = new JWTClaims(payload);
	const raw = payload as Record<string, unknown>;
	const seconds = now / 1000;
	if (!claims.hasIssuer() || claims.issuer() !== discovery.issuer) throw new OidcError('the ID token comes from another issuer');
	if (!claims.hasAudiences() || !claims.audiences().includes(provider.clientId))
		throw new OidcError('the ID token is for another application');
	if (claims.audiences().length > 1 && raw.azp !== provider.clientId) throw new OidcError('the ID token is for another application');
	if (!claims.hasExpiration() || claims.expiration().getTime() / 1000 + LEEWAY_S < seconds) throw new OidcError('the ID token has expired');
	if (claims.hasNotBefore() && claims.notBefore().getTime() / 1000 - LEEWAY_S > seconds)
		throw new OidcError('the ID token is not valid yet');
	if (typeof raw.nonce !== 'string' || raw.nonce !== nonce) throw new OidcError('the ID token does not answer this sign-in (nonce)');
	if (!claims.hasSubject()) throw new OidcError('the ID token names no subject');
	return raw;
}

function checkSignature(algorithm: string, key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
	try {
		if (algorithm === 'RS256') return verifySignature('sha256', message, key, signature);
		if (algorithm === 'PS256') {
			return verifySignature('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
		}
		return verifySignature('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature);
	} catch {
		return false;
	}
}

/** Enforced on the server for every sign-in, whatever the organisation's own settings allow. */
export function domainAllowed(provider: OidcProviderConfig, email: string): boolean {
	if (provider.domains.length === 0) return true;
	const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
	return provider.domains.includes(domain);
}
