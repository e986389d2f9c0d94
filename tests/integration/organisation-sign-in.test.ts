import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as account from '../../src/lib/server/account.ts';
import * as invite from '../../src/lib/server/invite.ts';
import * as membership from '../../src/lib/server/membership.ts';
import * as session from '../../src/lib/server/session.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { CookieClient } from '../support/cookie-client.ts';
import { IdentityProvider } from '../support/identity-provider.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';

/**
 * Organisation sign-in against a real OpenID Connect provider started here: the app discovers it, sends the
 * browser there with PKCE, state and nonce, and verifies the signed ID token it gets back.
 */

const DOMAIN = 'council.example.gov.uk';
let fixtures: Fixtures;
let provider: IdentityProvider;
let server: ServerProcess;
let chair: TestUser;
let boardId: string;

beforeAll(async () => {
	fixtures = await Fixtures.create();
	const admin = await fixtures.user('Ada Admin');
	chair = await fixtures.user('Cai Chair');
	boardId = await fixtures.board(chair, 'Shadow trust board');
	await fixtures.member(boardId, chair, 'chair');
	void admin;
	provider = await IdentityProvider.listen();
	server = await startApp(fixtures.dataDir, {
		OIDC_PROVIDERS: 'council',
		OIDC_COUNCIL_ISSUER: provider.issuer,
		OIDC_COUNCIL_CLIENT_ID: provider.clientId,
		OIDC_COUNCIL_CLIENT_SECRET: provider.clientSecret,
		OIDC_COUNCIL_DOMAINS: DOMAIN,
		OIDC_COUNCIL_LABEL: 'Council account'
	});
	provider.configure(`${server.origin}/login/sso/council/callback`);
});

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-3000)}`));
});

afterAll(async () => {
	if (server?.running) await server.stop();
	await provider?.close();
	await fixtures?.close();
});

async function newInvite(role: 'editor' | 'chair' = 'editor'): Promise<string> {
	return (await invite.create(fixtures.db, { boardId, role, expiresInMs: 86_400_000, createdBy: chair.id })).token;
}

async function identityOwner(sub: string): Promise<string | null> {
	const row = await fixtures.db.selectFrom('identities').select('user_id').where('subject', '=', sub).executeTakeFirst();
	return row?.user_id ?? null;
}

/** Who the app's session cookie in `browser` belongs to, if any. */
async function signedInAs(browser: CookieClient): Promise<string | null> {
	const token = browser.cookies.get(session.COOKIE_NAME)?.value;
	if (!token) return null;
	const found = await session.validate(fixtures.db, token, { idleMs: 3_600_000, absoluteMs: 3_600_000 });
	return found?.user.id ?? null;
}

async function sso(browser: CookieClient, query = ''): Promise<{ url: string; response: Response | null }> {
	return browser.follow(`${server.origin}/login/sso/council${query}`);
}

describe('organisation sign-in (OpenID Connect)', () => {
	test('the sign-in page offers the organisation button', async () => {
		const page = await (await new CookieClient().fetch(`${server.origin}/login`)).text();
		expect(page).toContain('Council account');
		expect(page).toContain('/login/sso/council');
	});

	test('an organisation identity nobody linked is refused, even when its email matches an account', async () => {
		const existing = await fixtures.user('Pat Officer');
		const username = (await fixtures.db.selectFrom('users').select('username').where('id', '=', existing.id).executeTakeFirstOrThrow())
			.username;
		provider.next = { sub: 'sub-pat', email: `${username}@${DOMAIN}`, name: 'Pat Officer' };
		const browser = new CookieClient();
		const { response } = await sso(browser);
		expect(response?.status).toBe(403);
		expect(await response?.text()).toContain('not linked to a trustboard account');
		expect(await signedInAs(browser)).toBeNull();
		expect(await identityOwner('sub-pat')).toBeNull();
	});

	test('first sign-in through an invite creates a linked account on the board; the next sign-in opens it', async () => {
		const token = await newInvite();
		provider.next = { sub: 'sub-olu', email: `olu.officer@${DOMAIN}`, name: 'Olu Officer' };
		const first = new CookieClient();
		const { url, response } = await sso(first, `?invite=${token}`);
		expect(response?.status).toBe(200);
		expect(new URL(url).pathname).toBe(`/boards/${boardId}`);
		const userId = await signedInAs(first);
		expect(userId).not.toBeNull();
		expect(await identityOwner('sub-olu')).toBe(userId);
		expect(await membership.getRole(fixtures.db, boardId, userId!)).toBe('editor');
		const created = await fixtures.db
			.selectFrom('users')
			.select(['username', 'display_name', 'password_hash'])
			.where('id', '=', userId!)
			.executeTakeFirstOrThrow();
		expect(created).toMatchObject({ username: 'olu.officer', display_name: 'Olu Officer', password_hash: '' });

		const again = new CookieClient();
		const second = await sso(again);
		expect(new URL(second.url).pathname).toBe('/');
		expect(await signedInAs(again)).toBe(userId);
	});

	test('an email domain outside the allowed list is refused on the server, invite or not', async () => {
		const token = await newInvite();
		provider.next = { sub: 'sub-gmail', email: 'someone@gmail.com', name: 'Some One' };
		const browser = new CookieClient();
		const { response } = await sso(browser, `?invite=${token}`);
		expect(response?.status).toBe(403);
		expect(await response?.text()).toContain('gmail.com cannot sign in');
		expect(await signedInAs(browser)).toBeNull();
		expect(await identityOwner('sub-gmail')).toBeNull();
		expect((await invite.findUsable(fixtures.db, token))?.uses).toBe(0);
	});

	test('a tampered state is refused, and the sign-in cannot be finished afterwards', async () => {
		provider.next = { sub: 'sub-olu', email: `olu.officer@${DOMAIN}`, name: 'Olu Officer' };
		const browser = new CookieClient();
		const { url } = await browser.follow(`${server.origin}/login/sso/council`, (next) => next.pathname === '/login/sso/council/callback');
		const honest = new URL(url);
		const tampered = new URL(url);
		tampered.searchParams.set('state', `${honest.searchParams.get('state')}x`);
		const refused = await browser.fetch(tampered.href);
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('does not match');
		expect(await signedInAs(browser)).toBeNull();
		// The attempt used up the sign-in in progress: the genuine callback no longer works either.
		const late = await browser.fetch(honest.href);
		expect(late.status).toBe(403);
		expect(await signedInAs(browser)).toBeNull();
	});

	test('a callback from another browser (no sign-in started there) is refused', async () => {
		provider.next = { sub: 'sub-olu', email: `olu.officer@${DOMAIN}`, name: 'Olu Officer' };
		const victim = new CookieClient();
		const { url } = await victim.follow(`${server.origin}/login/sso/council`, (next) => next.pathname === '/login/sso/council/callback');
		const attacker = new CookieClient();
		const response = await attacker.fetch(url);
		expect(response.status).toBe(403);
		expect(await signedInAs(attacker)).toBeNull();
	});

	test("an administrator's one-time link links an existing account; the link then stops working", async () => {
		const officer = await fixtures.user('Lee Officer');
		const link = await account.createLink(fixtures.db, officer.id, 'link', chair.id);
		provider.next = { sub: 'sub-lee', email: `lee@${DOMAIN}`, name: 'Lee From Directory' };
		const browser = new CookieClient();
		await sso(browser, `?link=${link}`);
		expect(await signedInAs(browser)).toBe(officer.id);
		expect(await identityOwner('sub-lee')).toBe(officer.id);

		provider.next = { sub: 'sub-kim', email: `kim@${DOMAIN}`, name: 'Kim' };
		const reused = await sso(new CookieClient(), `?link=${link}`);
		expect(reused.response?.status).toBe(403);
		expect(await identityOwner('sub-kim')).toBeNull();
	});

	test('a deactivated account cannot sign in with its organisation', async () => {
		const officer = await fixtures.user('Dee Officer');
		const link = await account.createLink(fixtures.db, officer.id, 'link', chair.id);
		provider.next = { sub: 'sub-dee', email: `dee@${DOMAIN}`, name: 'Dee' };
		await sso(new CookieClient(), `?link=${link}`);
		expect(await identityOwner('sub-dee')).toBe(officer.id);
		await account.deactivate(fixtures.db, officer.id, chair.id);
		const browser = new CookieClient();
		const { response } = await sso(browser);
		expect(response?.status).toBe(403);
		expect(await response?.text()).toContain('deactivated');
		expect(await signedInAs(browser)).toBeNull();
	});

	test('every refusal and sign-in is in the security log', async () => {
		const types = (await fixtures.db.selectFrom('audit_events').select(['type', 'detail']).execute()).map((e) => `${e.type} ${e.detail}`);
		expect(types.some((t) => t.startsWith('auth.sso_refused') && t.includes('state mismatch'))).toBe(true);
		expect(types.some((t) => t.startsWith('auth.sso_refused') && t.includes('domain not allowed'))).toBe(true);
		expect(types.some((t) => t.startsWith('account.identity_linked'))).toBe(true);
		expect(types.some((t) => t.startsWith('auth.signed_in') && t.includes('oidc:council'))).toBe(true);
	});
});
