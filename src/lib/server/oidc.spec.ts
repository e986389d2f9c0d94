import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { OidcProviderConfig } from './config.ts';
import { loadConfig } from './config.ts';
import * as oidc from './oidc.ts';

/**
 * ID token checks against an issuer that publishes its keys over real HTTP, with tokens signed here: each
 * forged or stale token is refused for its own reason.
 */

let server: http.Server;
let issuer: string;
let privateKey: KeyObject;
const kid = 'key-1';

beforeAll(async () => {
	const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
	privateKey = pair.privateKey;
	const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
	server = http.createServer((req, res) => {
		res.setHeader('content-type', 'application/json');
		if (req.url === '/.well-known/openid-configuration') {
			res.end(
				JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` })
			);
		} else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [jwk] }));
		else res.writeHead(404).end('{}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function provider(): OidcProviderConfig {
	return {
		id: 'council',
		label: 'Council',
		issuer,
		clientId: 'trustboard',
		clientSecret: 'secret',
		domains: ['council.gov.uk'],
		trustMfa: false
	};
}

const encode = (value: object) => encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(value)));

function token(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid }): string {
	const now = Math.floor(Date.now() / 1000);
	const body = {
		iss: issuer,
		aud: 'trustboard',
		sub: 'subject-1',
		iat: now,
		exp: now + 300,
		nonce: 'the-nonce',
		email: 'ana@council.gov.uk',
		...claims
	};
	const message = `${encode(header)}.${encode(body)}`;
	return `${message}.${encodeBase64urlNoPadding(sign('sha256', new TextEncoder().encode(message), privateKey))}`;
}

async function verify(idToken: string, nonce = 'the-nonce') {
	return oidc.verifyIdToken(provider(), await oidc.discover(provider()), idToken, nonce);
}

describe('ID token verification', () => {
	it('accepts a token signed by the issuer for this client and this sign-in', async () => {
		expect(await verify(token({}))).toMatchObject({ sub: 'subject-1', email: 'ana@council.gov.uk' });
	});

	it('refuses tokens forged, for another client, from another issuer, stale, or for another sign-in', async () => {
		const forged = token({});
		const [head, , signature] = forged.split('.');
		const tampered = `${head}.${encode({ iss: issuer, aud: 'trustboard', sub: 'admin', exp: 9_999_999_999, nonce: 'the-nonce' })}.${signature}`;
		const cases: Array<[string, string, RegExp]> = [
			['a changed payload', tampered, /signature is not valid/],
			[
				'alg none',
				`${encode({ alg: 'none' })}.${encode({ iss: issuer, aud: 'trustboard', sub: 'x', nonce: 'the-nonce' })}.`,
				/algorithm "none"/
			],
			['HS256 with the public key as secret', token({}, { alg: 'HS256', kid }), /algorithm "HS256"/],
			['an unknown key', token({}, { alg: 'RS256', kid: 'other' }), /key the issuer does not publish/],
			['another audience', token({ aud: 'another-app' }), /another application/],
			['several audiences without azp', token({ aud: ['trustboard', 'other'] }), /another application/],
			['another issuer', token({ iss: 'https://evil.example' }), /another issuer/],
			['expired', token({ exp: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
			['another sign-in (nonce)', token({ nonce: 'someone-elses' }), /nonce/],
			['no nonce', token({ nonce: undefined }), /nonce/],
			['not a JWT', 'not.a.jwt', /malformed|algorithm/]
		];
		for (const [what, idToken, reason] of cases) {
			await expect(verify(idToken), what).rejects.toThrow(reason);
		}
	});

	it('allows only the configured email domains', () => {
		expect(oidc.domainAllowed(provider(), 'ana@council.gov.uk')).toBe(true);
		expect(oidc.domainAllowed(provider(), 'ana@COUNCIL.GOV.UK')).toBe(true);
		expect(oidc.domainAllowed(provider(), 'ana@evil-council.gov.uk')).toBe(false);
		expect(oidc.domainAllowed(provider(), 'ana@council.gov.uk.evil.example')).toBe(false);
		expect(oidc.domainAllowed(provider(), 'council.gov.uk@evil.example')).toBe(false);
	});
});

describe('provider configuration', () => {
	it('is off when unset, and reads any number of providers from the environment', () => {
		expect(loadConfig({}).oidcProviders).toEqual([]);
		const config = loadConfig({
			OIDC_PROVIDERS: 'entra, google',
			OIDC_ENTRA_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0/',
			OIDC_ENTRA_CLIENT_ID: 'entra-client',
			OIDC_ENTRA_CLIENT_SECRET: 'entra-secret',
			OIDC_ENTRA_DOMAINS: 'Council.gov.uk, @schools.council.gov.uk',
			OIDC_ENTRA_MFA: 'trusted',
			OIDC_GOOGLE_ISSUER: 'https://accounts.google.com',
			OIDC_GOOGLE_CLIENT_ID: 'google-client',
			OIDC_GOOGLE_LABEL: 'Council account (Google)'
		});
		expect(config.oidcProviders).toEqual([
			{
				id: 'entra',
				label: 'Sign in with entra',
				issuer: 'https://login.microsoftonline.com/tenant/v2.0',
				clientId: 'entra-client',
				clientSecret: 'entra-secret',
				domains: ['council.gov.uk', 'schools.council.gov.uk'],
				trustMfa: true
			},
			{
				id: 'google',
				label: 'Council account (Google)',
				issuer: 'https://accounts.google.com',
				clientId: 'google-client',
				clientSecret: null,
				domains: [],
				trustMfa: false
			}
		]);
	});

	it('refuses a provider without issuer or client id, or with a plain-http issuer elsewhere than loopback', () => {
		expect(() => loadConfig({ OIDC_PROVIDERS: 'entra' })).toThrow(/OIDC_ENTRA_ISSUER/);
		expect(() => loadConfig({ OIDC_PROVIDERS: 'x', OIDC_X_ISSUER: 'http://idp.example', OIDC_X_CLIENT_ID: 'c' })).toThrow(/https/);
		expect(() => loadConfig({ OIDC_PROVIDERS: '../x' })).toThrow(/letters and digits/);
	});
});
