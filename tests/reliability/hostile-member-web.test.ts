import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import * as membership from '../../src/lib/server/membership.ts';
import { CookieClient } from '../support/cookie-client.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';
import { TestClient, upgradeStatus, waitFor } from '../support/clients.ts';
import { Http } from './support/app.ts';
import { keepLog, report } from './support/report.ts';
import { templateBoard } from './support/setup.ts';

/**
 * A member with bad intent, over plain HTTP as a browser would send it (issue 11): sign-in redirects that try to
 * leave the site, an invite link reused after removal, and signing in again while a board is open. The
 * websocket attacks are in hostile-member.test.ts; ids named like built-ins in built-in-ids.test.ts.
 */

const PASSWORD = 'correct horse battery';
let fixtures: Fixtures;
let server: ServerProcess;
let http: Http;
let chair: TestUser;
let boardId: string;

beforeAll(async () => {
	fixtures = await Fixtures.create();
	await fixtures.user('Ada Admin');
	chair = await fixtures.user('Cath Chair');
	boardId = await templateBoard(fixtures, chair, 'Hostile web board');
	server = await startApp(fixtures.dataDir);
	http = new Http(server.origin);
});

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-3000)}`));
});

afterAll(async () => {
	if (server) keepLog('hostile-member-web-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
});

/** Where a browser following `location` from `from` would end up. */
function destination(location: string | null, from: string): URL {
	if (location === null) throw new Error('no Location header');
	return new URL(location, new URL(from, server.origin));
}

describe('redirects after sign-in', () => {
	/** Targets that leave the site once a browser parses them, or that once broke the response. */
	const HOSTILE_TARGETS = [
		'//evil.example',
		'///evil.example',
		'/\\evil.example',
		'/\t/evil.example',
		'\t//evil.example',
		'/\n/evil.example',
		'/%0A/x',
		'/\n/x',
		'/./\\evil.example',
		'/.//evil.example',
		'/%2F/evil.example',
		'https://evil.example/',
		'javascript:alert(1)',
		'evil.example',
		' /boards',
		'/x\u0000y\u007f z'
	];

	test('a hostile redirectTo never leaves the site, when signing in or already signed in, and never gives a 500', async () => {
		const { username } = await fixtures.db.selectFrom('users').select('username').where('id', '=', chair.id).executeTakeFirstOrThrow();
		const outcomes: Record<string, { signingIn: string; signedIn: string }> = {};
		for (const target of HOSTILE_TARGETS) {
			const signingIn = await http.post('/login', { username, password: PASSWORD, redirectTo: target });
			expect(signingIn.status, JSON.stringify(target)).toBe(303);
			const afterSignIn = destination(signingIn.location, '/login');
			expect(afterSignIn.origin, JSON.stringify(target)).toBe(server.origin);

			const query = `/login?redirectTo=${encodeURIComponent(target)}`;
			const signedIn = await http.get(query, chair);
			expect(signedIn.status, JSON.stringify(target)).toBe(303);
			const whenSignedIn = destination(signedIn.location, query);
			expect(whenSignedIn.origin, JSON.stringify(target)).toBe(server.origin);
			outcomes[JSON.stringify(target)] = { signingIn: afterSignIn.pathname, signedIn: whenSignedIn.pathname };
		}
		// The raw query as a link would carry it, percent-escapes and all: decoded once, `/%0A/x` is a newline.
		for (const raw of ['/%0A/x', '/%09/evil.example', '/%5Cevil.example', '%2F%2Fevil.example']) {
			const query = `/login?redirectTo=${raw}`;
			const signedIn = await http.get(query, chair);
			expect(signedIn.status, raw).toBe(303);
			expect(destination(signedIn.location, query).origin, raw).toBe(server.origin);
		}
		report('hostile-redirects', { targets: HOSTILE_TARGETS.length, outcomes });
	});

	test('a same-site target is kept, query and fragment included', async () => {
		const target = `/boards/${boardId}?tab=models#row-3`;
		const query = `/login?redirectTo=${encodeURIComponent(target)}`;
		const signedIn = await http.get(query, chair);
		expect(signedIn.status).toBe(303);
		expect(signedIn.location).toBe(target);
	});
});

/** An invite link made on the settings page, as the chair's form post makes it. */
async function createInvite(role: 'editor' | 'observer', meeting = false): Promise<string> {
	const answer = await http.post(`/boards/${boardId}/settings?/createInvite`, { role, ...(meeting ? { multiUse: 'on' } : {}) }, chair);
	expect(answer.status).toBe(200);
	const path = /\/invite\/[a-z2-7]{32}/.exec(answer.body)?.[0];
	if (!path) throw new Error('the settings page showed no new invite link');
	return path;
}

/** A new person registering through an invite link, as the register form posts it; signed in afterwards. */
async function registerThrough(
	invitePath: string,
	name: string
): Promise<{ browser: CookieClient; user: Pick<TestUser, 'cookie'>; id: string }> {
	const browser = new CookieClient();
	const username = `${name.toLowerCase().replace(/[^a-z]/g, '')}${Date.now() % 100_000}`;
	const answer = await browser.post(`${server.origin}/register`, {
		displayName: name,
		username,
		password: PASSWORD,
		invite: invitePath.slice('/invite/'.length)
	});
	expect(answer.status).toBe(303);
	expect(answer.headers.get('location')).toBe(`/boards/${boardId}`);
	const { id } = await fixtures.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
	return { browser, user: { cookie: browser.cookieHeader('/') }, id };
}

/** Everything a person with the link can try to get (back) onto the board. */
async function walksIn(
	invitePath: string,
	user: Pick<TestUser, 'cookie'>
): Promise<{ page: number; accept: number; board: number; websocket: number }> {
	return {
		page: (await http.get(invitePath, user)).status,
		accept: (await http.post(`${invitePath}?/accept`, {}, user)).status,
		board: (await http.get(`/boards/${boardId}`, user)).status,
		websocket: await upgradeStatus(`${server.wsUrl}/${boardId}`, { Cookie: user.cookie, Origin: server.origin })
	};
}

const KEPT_OUT = { page: 404, accept: 404, board: 404, websocket: 403 };

describe('invite links', () => {
	test('a link admits one person; a removed member reusing it cannot get back in', async () => {
		const link = await createInvite('editor');
		const joined = await registerThrough(link, 'Rex Removed');
		expect(await membership.getRole(fixtures.db, boardId, joined.id)).toBe('editor');

		// Someone else with the same link: spent.
		const other = await fixtures.user('Otto Other');
		expect(await walksIn(link, other)).toEqual(KEPT_OUT);

		expect((await http.post(`/boards/${boardId}/settings?/remove`, { userId: joined.id }, chair)).status).toBe(200);
		expect(await walksIn(link, joined.user)).toEqual(KEPT_OUT);
		expect(await membership.getRole(fixtures.db, boardId, joined.id)).toBeNull();
	});

	test('a meeting link admits many and is shown as such; removing one who used it revokes it', async () => {
		const link = await createInvite('observer', true);
		const settings = await http.get(`/boards/${boardId}/settings`, chair);
		expect(settings.body).toContain('Meeting link');
		const first = await registerThrough(link, 'Mia Meeting');
		const second = await fixtures.user('Sam Second');
		expect((await http.post(`${link}?/accept`, {}, second)).status).toBe(303);
		expect(await membership.getRole(fixtures.db, boardId, second.id)).toBe('observer');

		expect((await http.post(`/boards/${boardId}/settings?/remove`, { userId: first.id }, chair)).status).toBe(200);
		expect(await walksIn(link, first.user)).toEqual(KEPT_OUT);
		// Revoked for everyone, but those who joined with it stay members.
		expect((await http.get(link, await fixtures.user('Lou Late'))).status).toBe(404);
		expect(await membership.getRole(fixtures.db, boardId, second.id)).toBe('observer');
	});
});

describe('signing in again', () => {
	test('signing in again on the same browser closes the old session’s open board with 4401', async () => {
		const { username } = await fixtures.db.selectFrom('users').select('username').where('id', '=', chair.id).executeTakeFirstOrThrow();
		const browser = new CookieClient();
		expect((await browser.post(`${server.origin}/login`, { username, password: PASSWORD })).status).toBe(303);
		const open = new TestClient(server, boardId, { cookie: browser.cookieHeader('/') });
		try {
			await open.synced();
			const started = Date.now();
			expect((await browser.post(`${server.origin}/login`, { username, password: PASSWORD })).status).toBe(303);
			await waitFor(() => open.closes.length > 0, 'the old session’s socket to close', 3_000);
			report('hostile-sign-in-again', { closedAfterMs: Date.now() - started });
			expect(open.closes[0]?.code).toBe(CloseCode.sessionEnded);
			expect(open.provider.shouldConnect).toBe(false);
		} finally {
			open.destroy();
		}
	});
});
