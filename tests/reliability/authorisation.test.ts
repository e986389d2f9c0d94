import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as Y from 'yjs';
import * as meta from '../../src/lib/board/meta.ts';
import * as read from '../../src/lib/board/read.ts';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import * as board from '../../src/lib/server/board.ts';
import * as boardSettings from '../../src/lib/server/board-settings.ts';
import * as invite from '../../src/lib/server/invite.ts';
import * as membership from '../../src/lib/server/membership.ts';
import * as snapshot from '../../src/lib/server/snapshot.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';
import { TestClient, upgradeStatus, waitFor } from '../support/clients.ts';
import { Http, fileForm, type Answer } from './support/app.ts';
import { LiveClient } from './support/live-client.ts';
import { keepLog, report } from './support/report.ts';
import { templateBoard } from './support/setup.ts';

/**
 * The authorisation matrix (issue 5, "Authorisation"): every route and message of a board against every role,
 * over real HTTP and real websockets against the built app. The printed matrix is copied into
 * docs/reliability.md.
 */

const ROLES = ['anonymous', 'non-member', 'admin', 'observer', 'editor', 'chair'] as const;
type RoleName = (typeof ROLES)[number];
/** ok: allowed (2xx, or a redirect that is not to sign-in); login: redirected to sign in; or the status. */
type Expect = 'ok' | 'login' | '401' | '403' | '404' | '101' | 'stored' | 'dropped' | '-';

let fixtures: Fixtures;
let server: ServerProcess;
let http: Http;
let boardId: string;
let title: string;
const users = {} as Record<Exclude<RoleName, 'anonymous'>, TestUser>;
let spare: TestUser;
let snapshotId: string;
let secondSnapshotId: string;
let inviteId: string;
const matrix: Array<{ what: string; results: Record<RoleName, string>; expected: Record<RoleName, Expect> }> = [];

function userFor(role: RoleName): TestUser | null {
	return role === 'anonymous' ? null : users[role];
}

function outcome(answer: Answer): string {
	if ((answer.status === 303 || answer.status === 302) && answer.location?.startsWith('/login')) return 'login';
	if (answer.status >= 200 && answer.status < 400) return 'ok';
	return String(answer.status);
}

beforeAll(async () => {
	fixtures = await Fixtures.create();
	// The first account of an instance is its administrator; here one who is not a member of the board.
	users.admin = await fixtures.user('Ada Admin');
	users.chair = await fixtures.user('Cai Chair');
	users.editor = await fixtures.user('Edi Editor');
	users.observer = await fixtures.user('Obi Observer');
	users['non-member'] = await fixtures.user('Nia Nonmember');
	spare = await fixtures.user('Sam Spare');
	title = 'Matrix board';
	boardId = await templateBoard(fixtures, users.chair, title);
	await fixtures.member(boardId, users.editor, 'editor');
	await fixtures.member(boardId, users.observer, 'observer');
	await fixtures.member(boardId, spare, 'editor');
	const state = Y.encodeStateAsUpdate(await fixtures.storedDoc(boardId));
	const first = await snapshot.create(fixtures.database, {
		boardId,
		kind: 'named',
		title: 'Workshop 1',
		note: 'agreed scope',
		meeting: { title: 'Shadow board', date: '2025-01-12' },
		isMinutes: true,
		createdBy: users.chair.id,
		state,
		uptoSeq: 0
	});
	const second = await snapshot.create(fixtures.database, {
		boardId,
		kind: 'named',
		title: 'Workshop 2',
		createdBy: users.chair.id,
		state,
		uptoSeq: 0
	});
	snapshotId = first.id;
	secondSnapshotId = second.id;
	inviteId = (await invite.create(fixtures.db, { boardId, role: 'editor', expiresInMs: 86_400_000, createdBy: users.chair.id })).invite.id;
	server = await startApp(fixtures.dataDir);
	http = new Http(server.origin);
});

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-3000)}`));
});

afterAll(async () => {
	if (server) keepLog('authorisation-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
});

/** Everything a refused request must not have changed. */
async function fingerprint(): Promise<string> {
	const record = await board.get(fixtures.db, boardId);
	const members = (await membership.list(fixtures.db, boardId)).map((m) => `${m.userId}:${m.role}`).sort();
	const snapshots = (await snapshot.list(fixtures.db, boardId)).map((s) => `${s.id}:${s.deletedAt ?? ''}:${s.isMinutes}`).sort();
	const invites = (await invite.list(fixtures.db, boardId)).map((i) => `${i.id}:${i.revokedAt ?? ''}`).sort();
	const boards = (await board.listForUser(fixtures.db, users.admin.id)).length;
	// Every board of the instance, whoever made it (an import makes its importer the chair of a new one).
	const allBoards = (await fixtures.db.selectFrom('boards').select('id').execute()).length;
	const settings = await boardSettings.get(fixtures.db, boardId);
	const agendaItems = (await fixtures.db.selectFrom('agenda_items').select('title').where('board_id', '=', boardId).execute()).map(
		(i) => i.title
	);
	const agendaClock =
		(await fixtures.db.selectFrom('agenda_clocks').select('revision').where('board_id', '=', boardId).executeTakeFirst())?.revision ?? 0;
	return JSON.stringify({
		title: record?.title,
		archived: record?.archivedAt,
		members,
		snapshots,
		invites,
		boards,
		allBoards,
		settings,
		agendaItems,
		agendaClock
	});
}

const row = (a: Expect, n: Expect, ad: Expect, o: Expect, e: Expect, c: Expect): Record<RoleName, Expect> => ({
	anonymous: a,
	'non-member': n,
	admin: ad,
	observer: o,
	editor: e,
	chair: c
});

const MEMBER_READ = row('login', '404', '404', 'ok', 'ok', 'ok');
const CHAIR_ACTION = row('401', '404', '404', '403', '403', 'ok');
const ADMIN_ONLY = row('login', '403', 'ok', '403', '403', '403');
const ADMIN_ACTION = row('401', '403', 'ok', '403', '403', '403');

describe('authorisation matrix', () => {
	test('pages and downloads: members read, everyone else is sent to sign in or gets the same 404', async () => {
		const pages: Array<[string, Record<RoleName, Expect>]> = [
			['/', row('login', 'ok', 'ok', 'ok', 'ok', 'ok')],
			['/account', row('login', 'ok', 'ok', 'ok', 'ok', 'ok')],
			['/account/sessions', row('login', 'ok', 'ok', 'ok', 'ok', 'ok')],
			['/account/two-factor', row('login', 'ok', 'ok', 'ok', 'ok', 'ok')],
			['/admin', ADMIN_ONLY],
			['/admin/log', ADMIN_ONLY],
			['/admin/log/download', ADMIN_ONLY],
			[`/boards/${boardId}`, MEMBER_READ],
			[`/boards/${boardId}/settings`, MEMBER_READ],
			[`/boards/${boardId}/versions`, MEMBER_READ],
			[`/boards/${boardId}/versions/${snapshotId}`, MEMBER_READ],
			[`/boards/${boardId}/compare?from=${snapshotId}`, MEMBER_READ],
			[`/boards/${boardId}/compare/csv?from=${snapshotId}`, MEMBER_READ],
			[`/boards/${boardId}/export/live/json`, MEMBER_READ],
			[`/boards/${boardId}/export/${snapshotId}/xlsx`, MEMBER_READ],
			[`/boards/${boardId}/minutes/${snapshotId}`, MEMBER_READ],
			[`/boards/${boardId}/minutes/${snapshotId}/download`, MEMBER_READ],
			[`/boards/${boardId}/status-history`, MEMBER_READ],
			[`/boards/${boardId}/history?grid=scope&row=svc-adoption&col=col-budget`, MEMBER_READ],
			[`/boards/${boardId}/activity`, MEMBER_READ],
			[`/boards/${boardId}/minutes/${snapshotId}/download/pdf`, MEMBER_READ],
			[`/boards/${boardId}/minutes/${snapshotId}/download/docx`, MEMBER_READ],
			[`/boards/${boardId}/export/${snapshotId}/pdf`, MEMBER_READ],
			[`/boards/${boardId}/decisions`, MEMBER_READ],
			[`/boards/${boardId}/agenda`, MEMBER_READ],
			[`/boards/${boardId}/agenda/state`, row('401', '404', '404', 'ok', 'ok', 'ok')],
			[`/boards/${boardId}/present`, MEMBER_READ],
			['/notifications', row('login', 'ok', 'ok', 'ok', 'ok', 'ok')],
			['/boards/new', row('login', '403', 'ok', '403', '403', '403')],
			['/import', row('login', '403', 'ok', '403', '403', '403')]
		];
		for (const [path, expected] of pages) {
			const results = {} as Record<RoleName, string>;
			for (const role of ROLES) {
				const answer = await http.get(path, userFor(role));
				results[role] = outcome(answer);
				// Nothing about the board leaks to those who may not see it, not even its title.
				if (expected[role] !== 'ok' && answer.body.includes(title)) results[role] += ' (leaks title)';
			}
			matrix.push({ what: `GET ${path.replace(boardId, ':board').replace(snapshotId, ':version')}`, results, expected });
		}
		// The board list of a non-member does not show the board.
		expect((await http.get('/', users['non-member'])).body).not.toContain(title);
		const wrong = matrix.filter((m) => ROLES.some((r) => m.results[r] !== m.expected[r]));
		expect(wrong.map((m) => `${m.what}: ${JSON.stringify(m.results)}`)).toEqual([]);
	});

	test('a board that does not exist, a malformed id and a board you are not on answer alike', async () => {
		const outsider = users['non-member'];
		const real = await http.get(`/boards/${boardId}`, outsider);
		const missing = await http.get('/boards/zzzzzzzzzzzzzzzz', outsider);
		const malformed = await http.get('/boards/..%2F..%2Fetc%2Fpasswd', outsider);
		const traversal = await http.get(`/boards/${boardId}/export/..%2F..%2F${snapshotId}/json`, users.chair);
		expect([real.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
		// The same page, apart from the id in its own URL and the per-response CSP nonce.
		const normalise = (body: string, id: string) => body.replaceAll(id, 'ID').replace(/nonce(=|-)["']?[A-Za-z0-9+/=]+/g, 'nonce');
		expect(normalise(real.body, boardId)).toBe(normalise(missing.body, 'zzzzzzzzzzzzzzzz'));
		expect(real.body).not.toContain(title);
		expect(traversal.status).toBe(404);
		expect(await upgradeStatus(`${server.wsUrl}/${boardId}`, { Cookie: outsider.cookie, Origin: server.origin })).toBe(403);
		expect(await upgradeStatus(`${server.wsUrl}/zzzzzzzzzzzzzzzz`, { Cookie: outsider.cookie, Origin: server.origin })).toBe(403);
	});

	test('form actions: only the roles that may act change anything', async () => {
		const settings = `/boards/${boardId}/settings`;
		const versions = `/boards/${boardId}/versions`;
		const actions: Array<[string, string, Record<string, string>, Record<RoleName, Expect>]> = [
			['rename', `${settings}?/rename`, { title: 'Renamed by the matrix' }, CHAIR_ACTION],
			['reveal rounds without names', `${settings}?/revealNames`, { reveal: 'anonymous' }, CHAIR_ACTION],
			['archive', `${settings}?/archive`, {}, CHAIR_ACTION],
			['unarchive', `${settings}?/unarchive`, {}, CHAIR_ACTION],
			['change a role', `${settings}?/setRole`, { userId: spare.id, role: 'observer' }, CHAIR_ACTION],
			['remove a member', `${settings}?/remove`, { userId: spare.id }, CHAIR_ACTION],
			['create an invite', `${settings}?/createInvite`, { role: 'editor' }, CHAIR_ACTION],
			['revoke an invite', `${settings}?/revokeInvite`, { inviteId }, CHAIR_ACTION],
			['take a snapshot', `${versions}?/take`, { title: 'Matrix snapshot', note: 'taken by the matrix' }, CHAIR_ACTION],
			[
				'mark as minutes',
				`${versions}?/minutes`,
				{ snapshotId: secondSnapshotId, meetingTitle: 'Board', meetingDate: '2025-02-01' },
				CHAIR_ACTION
			],
			['restore a snapshot', `${versions}?/restore`, { snapshotId }, CHAIR_ACTION],
			['delete a snapshot', `${versions}?/delete`, { snapshotId: secondSnapshotId }, CHAIR_ACTION],
			['add an agenda item', `/boards/${boardId}/agenda?/add`, { title: 'Matrix item', minutes: '5' }, CHAIR_ACTION],
			['start the meeting clock', `/boards/${boardId}/agenda?/start`, {}, CHAIR_ACTION],
			['create a board', '/boards/new', { title: 'Matrix-made board', template: 'blank' }, row('401', '403', 'ok', '403', '403', '403')]
		];
		const wrong: string[] = [];
		for (const [what, path, fields, expected] of actions) {
			const results = {} as Record<RoleName, string>;
			for (const role of ROLES) {
				const before = await fingerprint();
				const answer = await http.post(path, fields, userFor(role));
				results[role] = outcome(answer);
				const changed = (await fingerprint()) !== before;
				if (expected[role] !== 'ok' && changed) wrong.push(`${what} as ${role} (${results[role]}) changed something`);
				if (expected[role] === 'ok' && !changed && what !== 'take a snapshot') wrong.push(`${what} as ${role} changed nothing`);
			}
			matrix.push({ what: `POST ${what}`, results, expected });
			// The restored title reaches the board list when the live room mirrors it (a second later): wait, so
			// the next rows do not see it land during a refused request.
			if (what === 'restore a snapshot')
				await expect.poll(async () => (await board.get(fixtures.db, boardId))?.title, { timeout: 10_000 }).toBe(title);
		}
		expect(
			matrix
				.filter((m) => m.what.startsWith('POST') && ROLES.some((r) => m.results[r] !== m.expected[r]))
				.map((m) => `${m.what}: ${JSON.stringify(m.results)}`)
		).toEqual([]);
		expect(wrong).toEqual([]);
	});

	test('scoring rounds and interests (JSON): only the roles that may act change anything', async () => {
		const view = read.readBoard(await fixtures.storedDoc(boardId));
		const modelId = view.models.rows[0]!.id;
		const criterionId = view.models.criteria[0]!.id;
		const postJson = async (path: string, body: unknown, role: RoleName): Promise<Answer> => {
			const user = userFor(role);
			const response = await fetch(server.origin + path, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/json', Origin: server.origin, ...(user ? { Cookie: user.cookie } : {}) },
				body: JSON.stringify(body)
			});
			return { status: response.status, location: null, body: await response.text(), headers: response.headers };
		};
		const JSON_READ = row('401', '404', '404', 'ok', 'ok', 'ok');
		const JSON_CHAIR = row('401', '404', '404', '403', '403', 'ok');
		const JSON_SCORER = row('401', '404', '404', '403', 'ok', 'ok');
		const opened = await postJson(`/boards/${boardId}/rounds`, { scope: { kind: 'criterion', id: criterionId } }, 'chair');
		const roundId = (JSON.parse(opened.body) as { round: { id: string } }).round.id;
		const declared = await postJson(
			`/boards/${boardId}/interests`,
			{ action: 'declare', subjectKind: 'general', text: 'Governor of a local school' },
			'editor'
		);
		const interestId = (JSON.parse(declared.body) as { interest: { id: string } }).interest.id;
		const round = `/boards/${boardId}/rounds/${roundId}`;
		const steps: Array<[string, string, unknown, Record<RoleName, Expect>]> = [
			['GET rounds', `/boards/${boardId}/rounds`, null, JSON_READ],
			['GET interests', `/boards/${boardId}/interests`, null, JSON_READ],
			['POST open a round', `/boards/${boardId}/rounds`, { scope: { kind: 'grid' } }, JSON_CHAIR],
			['POST a private score', round, { action: 'score', modelId, criterionId, score: 3 }, JSON_SCORER],
			['POST finished scoring', round, { action: 'finish' }, JSON_SCORER],
			['POST reveal a round', round, { action: 'reveal' }, JSON_CHAIR],
			['POST agree a score', round, { action: 'agree', modelId, criterionId, score: 3, rationale: 'Agreed in the matrix' }, JSON_SCORER],
			[
				'POST declare an interest',
				`/boards/${boardId}/interests`,
				{ action: 'declare', subjectKind: 'general', text: 'Matrix interest' },
				row('401', '404', '404', 'ok', 'ok', 'ok')
			],
			[
				'POST record an interest outcome',
				`/boards/${boardId}/interests`,
				{ action: 'outcome', interestId, outcome: 'maySpeak' },
				JSON_CHAIR
			]
		];
		for (const [what, path, body, expected] of steps) {
			const results = {} as Record<RoleName, string>;
			for (const role of ROLES) {
				const answer =
					body === null ? await http.get(path, userFor(role), { accept: 'application/json' }) : await postJson(path, body, role);
				results[role] = outcome(answer);
				if (expected[role] !== 'ok' && answer.body.includes(title)) results[role] += ' (leaks title)';
			}
			matrix.push({ what, results, expected });
		}
		const rows = matrix.filter((m) => steps.some(([what]) => what === m.what));
		expect(
			rows.filter((m) => ROLES.some((r) => m.results[r] !== m.expected[r])).map((m) => `${m.what}: ${JSON.stringify(m.results)}`)
		).toEqual([]);
		// Only the refused requests left the round as it was: two private scores, one agreed score, on the board.
		expect(read.readBoard(await fixtures.storedDoc(boardId)).models.rows[0]!.cells[criterionId]?.score).toBe(3);
		const scorers = await fixtures.db.selectFrom('round_scores').select('user_id').where('round_id', '=', roundId).execute();
		expect(scorers.map((s) => s.user_id).sort()).toEqual([users.chair.id, users.editor.id].sort());
	});

	test('import of a board file: only the administrator creates a board from it', async () => {
		const exported = await http.get(`/boards/${boardId}/export/live/json`, users.chair);
		expect(exported.status).toBe(200);
		const file = exported.body.replaceAll(`"${title}"`, '"Imported by the matrix"');
		expect(file).toContain('Imported by the matrix');
		const expected = row('401', '403', 'ok', '403', '403', '403');
		const results = {} as Record<RoleName, string>;
		const wrong: string[] = [];
		for (const role of ROLES) {
			const before = await fingerprint();
			const answer = await http.upload('/import', fileForm(file), userFor(role));
			results[role] = outcome(answer);
			const changed = (await fingerprint()) !== before;
			if (expected[role] !== 'ok' && changed) wrong.push(`import as ${role} (${results[role]}) changed something`);
			if (expected[role] === 'ok') {
				// The new board is the importer's, with them as chair, under the file's title marked as imported.
				const id = answer.location?.match(/^\/boards\/([^/?]+)$/)?.[1];
				if (!id) wrong.push(`import as ${role} did not lead to the new board (${answer.status} ${answer.location})`);
				else {
					expect((await board.get(fixtures.db, id))?.title).toMatch(/^Imported by the matrix \(imported \d{1,2} \w{3} \d{4}\)$/);
					expect(await membership.getRole(fixtures.db, id, users[role as 'admin'].id)).toBe('chair');
				}
			}
		}
		matrix.push({ what: 'POST import a board file', results, expected });
		expect(results).toEqual(expected);
		expect(wrong).toEqual([]);
	});

	test("account administration and other people's sessions: only the administrator, and nobody ends another's session", async () => {
		const target = await fixtures.user('Tom Target');
		const accounts = async () =>
			JSON.stringify({
				users: await fixtures.db.selectFrom('users').select(['id', 'deactivated_at', 'totp_key']).orderBy('id').execute(),
				links: (await fixtures.db.selectFrom('account_links').select('token_hash').execute()).length,
				settings: await fixtures.db.selectFrom('instance_settings').selectAll().orderBy('key').execute(),
				spareSessions: (await fixtures.db.selectFrom('sessions').select('id').where('user_id', '=', spare.id).execute()).length
			});
		const actions: Array<[string, string, Record<string, string>, Record<RoleName, Expect>]> = [
			['deactivate an account', '/admin?/deactivate', { userId: target.id }, ADMIN_ACTION],
			['reactivate an account', '/admin?/reactivate', { userId: target.id }, ADMIN_ACTION],
			['issue a password reset link', '/admin?/resetLink', { userId: target.id }, ADMIN_ACTION],
			['issue an organisation link', '/admin?/orgLink', { userId: target.id }, ADMIN_ACTION],
			['require two-factor', '/admin?/policy', { requireTwoFactor: 'on' }, ADMIN_ACTION],
			['stop requiring two-factor', '/admin?/policy', { requireTwoFactor: 'off' }, ADMIN_ACTION],
			[
				"sign out another's session",
				'/account/sessions?/end',
				{ sessionId: spare.sessionId },
				row('401', '404', '404', '404', '404', '404')
			]
		];
		const wrong: string[] = [];
		for (const [what, path, fields, expected] of actions) {
			const results = {} as Record<RoleName, string>;
			for (const role of ROLES) {
				const before = await accounts();
				results[role] = outcome(await http.post(path, fields, userFor(role)));
				const changed = (await accounts()) !== before;
				if (expected[role] !== 'ok' && changed) wrong.push(`${what} as ${role} (${results[role]}) changed something`);
				if (expected[role] === 'ok' && !changed) wrong.push(`${what} as ${role} changed nothing`);
			}
			matrix.push({ what: `POST ${what}`, results, expected });
		}
		expect(
			matrix
				.filter((m) => actions.some(([what]) => m.what === `POST ${what}`) && ROLES.some((r) => m.results[r] !== m.expected[r]))
				.map((m) => `${m.what}: ${JSON.stringify(m.results)}`)
		).toEqual([]);
		expect(wrong).toEqual([]);
	});

	test('websocket: connect, and whose writes reach the board', async () => {
		const connect = {} as Record<RoleName, string>;
		const write = {} as Record<RoleName, string>;
		for (const role of ROLES) {
			const user = userFor(role);
			const status = await upgradeStatus(`${server.wsUrl}/${boardId}`, { Origin: server.origin, ...(user ? { Cookie: user.cookie } : {}) });
			connect[role] = String(status);
			if (status !== 101 || !user) {
				write[role] = '-';
				continue;
			}
			const client = new TestClient(server, boardId, user);
			await client.synced();
			const marker = `[written by ${role}]`;
			meta.boardDescriptionText(client.doc).insert(0, marker);
			if (role === 'observer') await waitFor(() => client.notices.some((n) => n.type === 'read-only'), 'the read-only notice');
			else await client.waitConfirmed();
			write[role] = meta
				.boardDescriptionText(await fixtures.storedDoc(boardId))
				.toString()
				.includes(marker)
				? 'stored'
				: 'dropped';
			client.destroy();
		}
		matrix.push({ what: 'websocket connect', results: connect, expected: row('401', '403', '403', '101', '101', '101') });
		matrix.push({ what: 'websocket write', results: write, expected: row('-', '-', '-', 'dropped', 'stored', 'stored') });
		report('authorisation-matrix', {
			matrix: matrix.map((m) => ({ what: m.what, ...m.results, ok: ROLES.every((r) => m.results[r] === m.expected[r]) }))
		});
		console.log(
			[
				'| | ' + ROLES.join(' | ') + ' |',
				'|' + ' --- |'.repeat(ROLES.length + 1),
				...matrix.map((m) => `| ${m.what} | ${ROLES.map((r) => m.results[r]).join(' | ')} |`)
			].join('\n')
		);
		expect(connect).toEqual(matrix.at(-2)!.expected);
		expect(write).toEqual(matrix.at(-1)!.expected);
	});
});

describe('changes of rights reach open websockets within seconds', () => {
	async function member(name: string, role: 'editor' | 'observer' | 'chair'): Promise<TestUser> {
		const user = await fixtures.user(name);
		await fixtures.member(boardId, user, role);
		return user;
	}

	test('downgrade to observer makes the open connection read-only; removal closes it with 4403', async () => {
		const downgraded = await member('Dee Downgraded', 'editor');
		const removed = await member('Rex Removed', 'editor');
		const a = new LiveClient(server, boardId, downgraded);
		const b = new LiveClient(server, boardId, removed);
		await Promise.all([a.whenLive(), b.whenLive()]);
		const settings = `/boards/${boardId}/settings`;
		let started = Date.now();
		expect((await http.post(`${settings}?/setRole`, { userId: downgraded.id, role: 'observer' }, users.chair)).status).toBe(200);
		await waitFor(() => a.connection.readOnly, 'the connection to become read-only', 5_000);
		const readOnlyAfterMs = Date.now() - started;
		meta.boardDescriptionText(a.doc).insert(0, '[after downgrade]');
		started = Date.now();
		expect((await http.post(`${settings}?/remove`, { userId: removed.id }, users.chair)).status).toBe(200);
		await waitFor(() => b.closes.some((c) => c.code === CloseCode.forbidden), 'the 4403 close', 5_000);
		const closedAfterMs = Date.now() - started;
		expect(meta.boardDescriptionText(await fixtures.storedDoc(boardId)).toString()).not.toContain('[after downgrade]');
		a.destroy();
		b.destroy();
		report('rights-downgrade-remove', { readOnlyAfterMs, closedAfterMs });
	});

	test('changing the password closes the other sessions’ websockets (4401) and keeps this one', async () => {
		const owner = await member('Pat Password', 'editor');
		const other = { ...owner, ...(await fixtures.signIn(owner.id)) };
		const here = new LiveClient(server, boardId, owner);
		const elsewhere = new LiveClient(server, boardId, other);
		await Promise.all([here.whenLive(), elsewhere.whenLive()]);
		const started = Date.now();
		const answer = await http.post(
			'/account?/password',
			{ currentPassword: 'correct horse battery', newPassword: 'a brand new pass phrase' },
			owner
		);
		expect(answer.status).toBe(200);
		await waitFor(() => elsewhere.closes.some((c) => c.code === CloseCode.sessionEnded), 'the 4401 close', 5_000);
		report('rights-password', { closedAfterMs: Date.now() - started });
		expect(here.closes).toEqual([]);
		expect(await upgradeStatus(`${server.wsUrl}/${boardId}`, { Cookie: other.cookie, Origin: server.origin })).toBe(401);
		here.destroy();
		elsewhere.destroy();
	});

	test('signing out closes the websockets of that session, also when the user is signed in elsewhere', async () => {
		const owner = await member('Sid Signout', 'editor');
		const laptop = { ...owner, ...(await fixtures.signIn(owner.id)) };
		const phone = new LiveClient(server, boardId, owner);
		const open = new LiveClient(server, boardId, laptop);
		await Promise.all([phone.whenLive(), open.whenLive()]);
		// The laptop's session signs out (its page would navigate away; a copied cookie's socket would not).
		const answer = await http.post('/logout', {}, laptop);
		expect(answer.status, answer.body.slice(0, 500)).toBe(303);
		expect(await upgradeStatus(`${server.wsUrl}/${boardId}`, { Cookie: laptop.cookie, Origin: server.origin })).toBe(401);
		let closed = true;
		try {
			await waitFor(() => open.closes.some((c) => c.code === CloseCode.sessionEnded), 'the signed-out session’s socket to close', 5_000);
		} catch {
			closed = false;
		}
		expect(phone.closes).toEqual([]);
		phone.destroy();
		open.destroy();
		expect(closed).toBe(true);
	});
});
