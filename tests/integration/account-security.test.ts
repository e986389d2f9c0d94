import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import * as session from '../../src/lib/server/session.ts';
import * as twoFactor from '../../src/lib/server/two-factor.ts';
import * as user from '../../src/lib/server/user.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { CookieClient } from '../support/cookie-client.ts';
import { TestClient, waitFor } from '../support/clients.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';

/**
 * Two-factor sign-in, "Your sessions", and what an administrator does to accounts, over real HTTP and real
 * websockets against the built app.
 */

const PASSWORD = 'correct horse battery';
let fixtures: Fixtures;
let server: ServerProcess;
let admin: TestUser;
let chair: TestUser;
let boardId: string;

beforeAll(async () => {
	fixtures = await Fixtures.create();
	admin = await fixtures.user('Ada Admin');
	chair = await fixtures.user('Cai Chair');
	boardId = await fixtures.board(chair, 'Shadow trust board');
	await fixtures.member(boardId, chair, 'chair');
	server = await startApp(fixtures.dataDir);
});

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-3000)}`));
});

afterAll(async () => {
	if (server?.running) await server.stop();
	await fixtures?.close();
});

function codeAt(key: string, time = Date.now()): string {
	return generateHOTP(decodeBase32IgnorePadding(key), BigInt(Math.floor(time / 30_000)), 6);
}

async function usernameOf(person: TestUser): Promise<string> {
	return (await user.getById(fixtures.db, person.id))!.username;
}

/** Someone on a board, signed in in the test process (fixture sessions). */
async function member(name: string, role: 'editor' | 'chair' = 'editor'): Promise<TestUser> {
	const person = await fixtures.user(name);
	await fixtures.member(boardId, person, role);
	return person;
}

async function passwordSignIn(username: string, redirectTo = '/'): Promise<{ client: CookieClient; response: Response }> {
	const client = new CookieClient();
	const response = await client.post(`${server.origin}/login`, { username, password: PASSWORD, redirectTo });
	return { client, response };
}

function signedIn(client: CookieClient): boolean {
	return client.cookies.has(session.COOKIE_NAME);
}

function as(person: Pick<TestUser, 'cookie'>): CookieClient {
	const client = new CookieClient();
	const [name, value] = person.cookie.split('=') as [string, string];
	client.cookies.set(name, { value, path: '/' });
	return client;
}

async function stillValid(person: Pick<TestUser, 'cookie'>): Promise<boolean> {
	const token = person.cookie.split('=')[1]!;
	return (await session.validate(fixtures.db, token, { idleMs: 3_600_000, absoluteMs: 3_600_000 })) !== null;
}

async function connected(person: TestUser): Promise<TestClient> {
	const client = new TestClient(server, boardId, person);
	await client.synced();
	return client;
}

async function auditTypes(): Promise<string[]> {
	return (await fixtures.db.selectFrom('audit_events').select(['type', 'detail']).execute()).map((e) => `${e.type} ${e.detail}`);
}

describe('two-factor sign-in', () => {
	test('a password alone does not sign in an enrolled user; the code does, once', async () => {
		const person = await member('Tess Twofactor');
		const key = twoFactor.generateKey();
		await twoFactor.enable(fixtures.db, person.id, key, 0);
		const { client, response } = await passwordSignIn(await usernameOf(person), `/boards/${boardId}`);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login/two-factor');
		expect(signedIn(client)).toBe(false);
		// The challenge opens no page of the app.
		expect((await client.fetch(`${server.origin}/account`)).headers.get('location')).toMatch(/^\/login/);

		const wrong = await client.post(`${server.origin}/login/two-factor`, { code: codeAt(key, Date.now() - 10 * 60_000) });
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('That code is not right');
		expect(signedIn(client)).toBe(false);

		const code = codeAt(key);
		const right = await client.post(`${server.origin}/login/two-factor`, { code: code.replace(/(\d{3})/, '$1 ') });
		expect(right.status).toBe(303);
		expect(right.headers.get('location')).toBe(`/boards/${boardId}`);
		expect(signedIn(client)).toBe(true);

		// The same code, overheard, does not open a second sign-in.
		const thief = (await passwordSignIn(await usernameOf(person))).client;
		const replayed = await thief.post(`${server.origin}/login/two-factor`, { code });
		expect(replayed.status).toBe(400);
		expect(await replayed.text()).toContain('already been used');
		expect(signedIn(thief)).toBe(false);
	});

	test('codes are throttled like passwords: guessing is blocked, even before a right code', async () => {
		const person = await member('Gus Guess');
		const key = twoFactor.generateKey();
		await twoFactor.enable(fixtures.db, person.id, key, 0);
		const { client } = await passwordSignIn(await usernameOf(person));
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push((await client.post(`${server.origin}/login/two-factor`, { code: '000000' })).status);
		expect(statuses).toContain(429);
		const blocked = await client.post(`${server.origin}/login/two-factor`, { code: codeAt(key) });
		expect(blocked.status).toBe(429);
		expect(await blocked.text()).toContain('Too many attempts');
		expect(signedIn(client)).toBe(false);
	});

	test('a recovery code signs in once', async () => {
		const person = await member('Rae Recovery');
		const codes = await twoFactor.enable(fixtures.db, person.id, twoFactor.generateKey(), 0);
		const first = (await passwordSignIn(await usernameOf(person))).client;
		expect((await first.post(`${server.origin}/login/two-factor`, { code: codes[0]! })).status).toBe(303);
		expect(signedIn(first)).toBe(true);
		const second = (await passwordSignIn(await usernameOf(person))).client;
		expect((await second.post(`${server.origin}/login/two-factor`, { code: codes[0]! })).status).toBe(400);
		expect(signedIn(second)).toBe(false);
	});

	test('when the administrator requires it, a chair without two-factor enrols before the session starts', async () => {
		const newChair = await member('Chi Chair', 'chair');
		const editor = await member('Eve Editor');
		const policy = await as(admin).post(`${server.origin}/admin?/policy`, { requireTwoFactor: 'on' });
		expect(policy.status).toBe(200);
		try {
			// An editor is not asked.
			const plain = await passwordSignIn(await usernameOf(editor));
			expect(plain.response.headers.get('location')).toBe('/');
			expect(signedIn(plain.client)).toBe(true);

			const { client, response } = await passwordSignIn(await usernameOf(newChair));
			expect(response.headers.get('location')).toBe('/login/two-factor');
			const page = await (await client.fetch(`${server.origin}/login/two-factor`)).text();
			expect(page).toContain('Set up two-factor sign-in');
			expect(page).toMatch(/<svg[^>]*aria-label="QR code/);
			const key = page.match(/data-testid="totp-key">([A-Z2-7]{32})</)?.[1];
			expect(key).toBeDefined();
			const done = await client.post(`${server.origin}/login/two-factor`, { code: codeAt(key!) });
			expect(done.status).toBe(200);
			const shown = await done.text();
			expect(shown.match(/<li>[a-z2-7]{5}-[a-z2-7]{5}<\/li>/g)).toHaveLength(10);
			expect(signedIn(client)).toBe(true);
			expect(await twoFactor.isEnabled(fixtures.db, newChair.id)).toBe(true);

			// And cannot turn it off while it is required.
			const off = await client.post(`${server.origin}/account/two-factor?/disable`, { code: codeAt(key!, Date.now() + 30_000) });
			expect(off.status).toBe(403);
			expect(await twoFactor.isEnabled(fixtures.db, newChair.id)).toBe(true);
		} finally {
			await as(admin).post(`${server.origin}/admin?/policy`, { requireTwoFactor: 'off' });
		}
	});

	test('enrolling from account settings needs a code from the shown key', async () => {
		const person = await member('Ola Optin');
		const client = as(person);
		const page = await (await client.fetch(`${server.origin}/account/two-factor`)).text();
		const key = page.match(/data-testid="totp-key">([A-Z2-7]{32})</)![1]!;
		const wrong = await client.post(`${server.origin}/account/two-factor?/enable`, { key, code: '123456' });
		expect(wrong.status).toBe(400);
		expect(await twoFactor.isEnabled(fixtures.db, person.id)).toBe(false);
		const right = await client.post(`${server.origin}/account/two-factor?/enable`, { key, code: codeAt(key) });
		expect(right.status).toBe(200);
		expect(await twoFactor.isEnabled(fixtures.db, person.id)).toBe(true);
		expect((await auditTypes()).some((t) => t.startsWith('account.two_factor_enabled'))).toBe(true);
	});
});

describe('your sessions', () => {
	test('lists devices; signing out one closes its open board at once and leaves this one', async () => {
		const person = await member('Sid Sessions');
		const laptop = await fixtures.signIn(person.id);
		const board = await connected({ ...person, ...laptop });
		const page = await (await as(person).fetch(`${server.origin}/account/sessions`)).text();
		expect(page).toContain('This device');
		expect(page.match(/name="sessionId"/g)).toHaveLength(1);

		const answer = await as(person).post(`${server.origin}/account/sessions?/end`, { sessionId: laptop.sessionId });
		expect(answer.status).toBe(200);
		await waitFor(() => board.closes.some((c) => c.code === CloseCode.sessionEnded), 'the laptop board to close', 3_000);
		board.destroy();
		expect(await stillValid(laptop)).toBe(false);
		expect(await stillValid(person)).toBe(true);
	});

	test("nobody can sign out someone else's session", async () => {
		const person = await member('Nat Nosy');
		const victim = await member('Vic Victim');
		const answer = await as(person).post(`${server.origin}/account/sessions?/end`, { sessionId: victim.sessionId });
		expect(answer.status).toBe(404);
		expect(await stillValid(victim)).toBe(true);
	});

	test('sign out all others ends every other session and its boards', async () => {
		const person = await member('Ali Allothers');
		const phone = await fixtures.signIn(person.id);
		const tablet = await fixtures.signIn(person.id);
		const boards = [await connected({ ...person, ...phone }), await connected({ ...person, ...tablet })];
		const here = await connected(person);
		expect((await as(person).post(`${server.origin}/account/sessions?/endOthers`, {})).status).toBe(200);
		await waitFor(() => boards.every((b) => b.closes.some((c) => c.code === CloseCode.sessionEnded)), 'other boards to close', 3_000);
		expect(here.closes).toEqual([]);
		for (const b of [...boards, here]) b.destroy();
		expect([await stillValid(phone), await stillValid(tablet), await stillValid(person)]).toEqual([false, false, true]);
	});
});

describe('administrator', () => {
	test('deactivating an account signs it out everywhere at once and refuses its password', async () => {
		const person = await member('Dan Deactivated');
		const board = await connected(person);
		const answer = await as(admin).post(`${server.origin}/admin?/deactivate`, { userId: person.id });
		expect(answer.status).toBe(200);
		await waitFor(() => board.closes.some((c) => c.code === CloseCode.sessionEnded), 'the board to close', 3_000);
		board.destroy();
		expect(await stillValid(person)).toBe(false);
		const { client, response } = await passwordSignIn(await usernameOf(person));
		expect(response.status).toBe(403);
		expect(await response.text()).toContain('deactivated');
		expect(signedIn(client)).toBe(false);

		await as(admin).post(`${server.origin}/admin?/reactivate`, { userId: person.id });
		expect(signedIn((await passwordSignIn(await usernameOf(person))).client)).toBe(true);
	});

	test('an account deactivated between its password and its code does not sign in', async () => {
		const person = await member('Pia Pending');
		const key = twoFactor.generateKey();
		await twoFactor.enable(fixtures.db, person.id, key, 0);
		const { client } = await passwordSignIn(await usernameOf(person));
		await as(admin).post(`${server.origin}/admin?/deactivate`, { userId: person.id });
		const answer = await client.post(`${server.origin}/login/two-factor`, { code: codeAt(key) });
		expect(answer.headers.get('location')).toBe('/login?expired');
		expect(signedIn(client)).toBe(false);
	});

	test('only the administrator may deactivate, and not themself', async () => {
		const target = await member('Tia Target');
		expect((await as(chair).post(`${server.origin}/admin?/deactivate`, { userId: target.id })).status).toBe(403);
		expect((await as(admin).post(`${server.origin}/admin?/deactivate`, { userId: admin.id })).status).toBe(400);
		expect(await stillValid(target)).toBe(true);
		expect(await stillValid(admin)).toBe(true);
	});

	test('a reset link sets a new password once and signs the account out everywhere', async () => {
		const person = await member('Rob Reset');
		const answer = await as(admin).post(`${server.origin}/admin?/resetLink`, { userId: person.id });
		const link = (await answer.text()).match(/\/reset\/([a-z2-7]{32})/)?.[1];
		expect(link).toBeDefined();
		const client = new CookieClient();
		expect((await client.fetch(`${server.origin}/reset/${link}`)).status).toBe(200);
		expect((await client.post(`${server.origin}/reset/${link}`, { newPassword: 'short' })).status).toBe(400);
		const done = await client.post(`${server.origin}/reset/${link}`, { newPassword: 'a brand new passphrase' });
		expect(done.headers.get('location')).toBe('/login?reset');
		expect(await stillValid(person)).toBe(false);
		expect(await user.authenticate(fixtures.db, await usernameOf(person), 'a brand new passphrase')).not.toBeNull();
		expect((await client.post(`${server.origin}/reset/${link}`, { newPassword: 'another new passphrase' })).status).toBe(404);
		expect(await user.authenticate(fixtures.db, await usernameOf(person), 'another new passphrase')).toBeNull();
	});

	test('the security log lists the events and downloads as formula-safe CSV', async () => {
		const sneaky = await fixtures.user('=HYPERLINK("http://evil.example")');
		await as(admin).post(`${server.origin}/admin?/deactivate`, { userId: sneaky.id });
		await new CookieClient().post(`${server.origin}/login`, { username: 'nobody-here', password: 'wrong password', redirectTo: '/' });
		const page = await (await as(admin).fetch(`${server.origin}/admin/log`)).text();
		for (const label of [
			'Account deactivated',
			'Sign-in failed',
			'Two-factor code refused',
			'Signed in',
			'Two-factor turned on',
			'Password reset through a link',
			'Two-factor policy changed'
		]) {
			expect(page).toContain(label);
		}
		const download = await as(admin).fetch(`${server.origin}/admin/log/download`);
		expect(download.headers.get('content-type')).toContain('text/csv');
		expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="trustboard_security-log_\d{4}-\d{2}-\d{2}\.csv"$/);
		const csv = await download.text();
		expect(csv).toContain('Account deactivated');
		expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")`);
		expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
		expect((await as(chair).fetch(`${server.origin}/admin/log/download`)).status).toBe(403);
	});
});
