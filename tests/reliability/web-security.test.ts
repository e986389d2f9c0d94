import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as board from '../../src/lib/server/board.ts';
import * as session from '../../src/lib/server/session.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';
import { upgradeStatus } from '../support/clients.ts';
import { Http } from './support/app.ts';
import { keepLog, report } from './support/report.ts';
import { templateBoard } from './support/setup.ts';

/** Web security (issue 5): websocket hijacking, CSRF, sessions, brute force, headers, dependencies. */

let fixtures: Fixtures;
let server: ServerProcess;
let http: Http;
let chair: TestUser;
let boardId: string;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
	fixtures = await Fixtures.create();
	await fixtures.user('Ada Admin');
	chair = await fixtures.user('Sec Chair');
	boardId = await templateBoard(fixtures, chair, 'Security board');
	// Sign-in throttling is per address: let the tests speak from several through X-Forwarded-For.
	server = await startApp(fixtures.dataDir, { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });
	http = new Http(server.origin);
});

afterAll(async () => {
	if (server) keepLog('web-security-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
});

async function usernameOf(user: TestUser): Promise<string> {
	const row = await fixtures.db.selectFrom('users').select('username').where('id', '=', user.id).executeTakeFirstOrThrow();
	return row.username;
}

async function signIn(username: string, password: string, address: string, cookie?: string) {
	const response = await fetch(`${server.origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			Origin: server.origin,
			'x-forwarded-for': address,
			...(cookie ? { Cookie: cookie } : {})
		},
		body: new URLSearchParams({ username, password }).toString()
	});
	const setCookie = response.headers.getSetCookie().find((c) => c.startsWith(`${session.COOKIE_NAME}=`)) ?? null;
	const token = setCookie ? setCookie.slice(session.COOKIE_NAME.length + 1).split(';')[0]! : null;
	return { status: response.status, setCookie, token, cookie: token ? `${session.COOKIE_NAME}=${token}` : null };
}

describe('cross-site websocket hijacking', () => {
	test('an upgrade with a valid cookie but a foreign, null, missing or look-alike Origin is refused (403)', async () => {
		const url = `${server.wsUrl}/${boardId}`;
		const origins = [
			'https://evil.example',
			'null',
			`http://127.0.0.1:${server.port + 1}`,
			`https://127.0.0.1:${server.port}`,
			`http://127.0.0.1:${server.port}.evil.example`
		];
		for (const origin of origins) expect(await upgradeStatus(url, { Cookie: chair.cookie, Origin: origin }), origin).toBe(403);
		expect(await upgradeStatus(url, { Cookie: chair.cookie })).toBe(403);
		expect(await upgradeStatus(url, { Cookie: chair.cookie, Origin: server.origin })).toBe(101);
	});
});

describe('CSRF', () => {
	test('a cross-origin form post is refused and changes nothing; GET never changes state', async () => {
		const settings = `/boards/${boardId}/settings`;
		const foreign = await http.post(`${settings}?/rename`, { title: 'Renamed from evil.example' }, chair, 'https://evil.example');
		expect(foreign.status).toBe(403);
		expect((await board.get(fixtures.db, boardId))?.title).toBe('Security board');
		// An action name in a GET's query string is just a page load.
		expect((await http.get(`${settings}?/archive`, chair)).status).toBe(200);
		expect((await board.get(fixtures.db, boardId))?.archivedAt).toBeNull();
		// Following a link to /logout does not sign anyone out.
		expect((await http.get('/logout', chair)).status).toBe(200);
		expect((await http.get('/', chair)).status).toBe(200);
		// The same post from the app's origin works (the refusal above was the origin check).
		expect((await http.post(`${settings}?/rename`, { title: 'Security board' }, chair)).status).toBe(200);
	});
});

describe('sessions', () => {
	test('random 160-bit tokens, only hashes stored, a new token at every sign-in, deleted at sign-out', async () => {
		const username = await usernameOf(chair);
		const first = await signIn(username, PASSWORD, '10.1.0.1');
		expect(first.status).toBe(303);
		expect(first.token).toMatch(/^[a-z2-7]{32}$/); // 32 base32 characters: 160 bits
		expect(first.setCookie).toMatch(/HttpOnly/i);
		expect(first.setCookie).toMatch(/SameSite=Lax/i);
		expect(first.setCookie).toMatch(/Path=\//i);

		// A dump of every table yields nothing that works as a cookie.
		const rows = await fixtures.db.selectFrom('sessions').selectAll().execute();
		const dump = JSON.stringify(rows);
		expect(dump).not.toContain(first.token);
		expect(rows.some((r) => r.id === session.idFromToken(first.token!))).toBe(true);
		for (const row of rows) {
			expect(await upgradeStatus(`${server.wsUrl}/${boardId}`, { Cookie: `${session.COOKIE_NAME}=${row.id}`, Origin: server.origin })).toBe(
				401
			);
			expect((await http.get('/', { cookie: `${session.COOKIE_NAME}=${row.id}` })).status).toBe(303);
		}

		// Signing in again on the same browser gives a new token and ends the old session.
		const second = await signIn(username, PASSWORD, '10.1.0.1', first.cookie!);
		expect(second.token).not.toBe(first.token);
		expect((await http.get('/', { cookie: first.cookie! })).status).toBe(303);
		expect((await http.get('/', { cookie: second.cookie! })).status).toBe(200);

		// Signing out deletes the session server-side: a copy of the cookie stops working.
		expect((await http.post('/logout', {}, { cookie: second.cookie! })).status).toBe(303);
		expect(
			await fixtures.db.selectFrom('sessions').select('id').where('id', '=', session.idFromToken(second.token!)).executeTakeFirst()
		).toBeUndefined();
		expect((await http.get('/', { cookie: second.cookie! })).status).toBe(303);
		report('sessions', {
			tokenBits: 160,
			storedAs: 'sha-256 hex',
			cookie: first.setCookie
				?.split(';')
				.slice(1)
				.map((s) => s.trim().split('=')[0])
				.join(', ')
		});
	});

	test('an idle-expired session and one past the absolute maximum are refused', async () => {
		const username = await usernameOf(chair);
		const idle = await signIn(username, PASSWORD, '10.1.0.2');
		const old = await signIn(username, PASSWORD, '10.1.0.3');
		const now = Date.now();
		await fixtures.db
			.updateTable('sessions')
			.set({ expires_at: now - 1 })
			.where('id', '=', session.idFromToken(idle.token!))
			.execute();
		// Still inside its sliding window, but created longer ago than the absolute maximum (60 days).
		await fixtures.db
			.updateTable('sessions')
			.set({ created_at: now - 61 * 86_400_000, expires_at: now + 86_400_000 })
			.where('id', '=', session.idFromToken(old.token!))
			.execute();
		for (const expired of [idle, old]) {
			expect((await http.get('/', { cookie: expired.cookie! })).status).toBe(303);
			expect(await upgradeStatus(`${server.wsUrl}/${boardId}`, { Cookie: expired.cookie!, Origin: server.origin })).toBe(401);
		}
		const left = await fixtures.db
			.selectFrom('sessions')
			.select('id')
			.where('id', 'in', [session.idFromToken(idle.token!), session.idFromToken(old.token!)])
			.execute();
		expect(left).toEqual([]);
	});
});

describe('brute force', () => {
	test('guessing is throttled per account and address, without locking the real user out', async () => {
		const victim = await fixtures.user('Vic Victim');
		const username = await usernameOf(victim);
		// The victim has signed in from home before: that address is trusted for the account.
		expect((await signIn(username, PASSWORD, '10.2.0.1')).status).toBe(303);

		// One address guessing: a few wrong passwords are answered, then it is refused (429) without a check.
		const single: number[] = [];
		for (let i = 0; i < 6; i++) single.push((await signIn(username, `wrong ${i}`, '10.9.9.9')).status);
		expect(single.slice(0, 3)).toEqual([400, 400, 400]);
		expect(single.slice(-2)).toEqual([429, 429]);
		expect((await signIn(username, PASSWORD, '10.9.9.9')).status).toBe(429);

		// Many addresses guessing one account: the account-wide counter blocks them...
		const spread: number[] = [];
		for (let i = 0; i < 14; i++) spread.push((await signIn(username, `wrong ${i}`, `10.3.0.${i + 1}`)).status);
		expect(spread.filter((s) => s === 429).length).toBeGreaterThan(0);
		// ...but not the real user from their trusted address.
		expect((await signIn(username, PASSWORD, '10.2.0.1')).status).toBe(303);
		// Unknown accounts are throttled the same way (no account enumeration through the limiter).
		const ghost: number[] = [];
		for (let i = 0; i < 6; i++) ghost.push((await signIn('nobody-here', `wrong ${i}`, '10.4.0.1')).status);
		expect(ghost).toEqual(single);
		report('brute-force', { sameAddress: single, spreadOver14Addresses: spread, realUserFromTrustedAddress: 303, unknownAccount: ghost });
	});
});

describe('headers', () => {
	test('security headers on every kind of response, and a Content-Security-Policy on pages', async () => {
		const login = await http.get('/login');
		const asset = /\/_app\/immutable\/[^"']+\.js/.exec(login.body)?.[0];
		expect(asset).toBeDefined();
		const answers = {
			page: login,
			signedInPage: await http.get(`/boards/${boardId}`, chair),
			notFound: await http.get('/no/such/page', chair),
			staticAsset: await http.get(asset!),
			health: await http.get('/healthz'),
			refusedAction: await http.post(`/boards/${boardId}/settings?/rename`, { title: 'x' }, null),
			download: await http.get(`/boards/${boardId}/export/live/json`, chair)
		};
		const missing: string[] = [];
		for (const [what, answer] of Object.entries(answers)) {
			for (const [name, value] of [
				['x-content-type-options', 'nosniff'],
				['x-frame-options', 'DENY'],
				['referrer-policy', 'same-origin']
			] as const) {
				if (answer.headers.get(name) !== value) missing.push(`${what} (${answer.status}): ${name}=${answer.headers.get(name)}`);
			}
		}
		expect(missing).toEqual([]);
		for (const page of [answers.page, answers.signedInPage, answers.notFound]) {
			const csp = page.headers.get('content-security-policy') ?? '';
			expect(csp).toContain("default-src 'self'");
			expect(csp).toContain("object-src 'none'");
			expect(csp).toContain("frame-ancestors 'none'");
			expect(/script-src[^;]*'unsafe-inline'/.test(csp)).toBe(false);
		}
		report('headers', { checked: Object.keys(answers), csp: answers.page.headers.get('content-security-policy') });
	});
});

describe('dependencies', () => {
	test('npm audit --omit=dev --audit-level=high finds nothing', async (context) => {
		const root = path.resolve(import.meta.dirname, '../..');
		let stdout: string;
		try {
			({ stdout } = await promisify(execFile)('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], {
				cwd: root,
				timeout: 60_000
			}));
		} catch (error) {
			stdout = (error as { stdout?: string }).stdout ?? '';
			if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|audit endpoint returned an error/i.test(stdout + String(error))) {
				context.skip('the npm registry is not reachable from here');
			}
		}
		const result = JSON.parse(stdout) as { metadata?: { vulnerabilities?: Record<string, number> } };
		const counts = result.metadata?.vulnerabilities ?? {};
		report('npm-audit', { vulnerabilities: counts });
		expect((counts.high ?? 0) + (counts.critical ?? 0)).toBe(0);
	});
});
