import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as Y from 'yjs';
import * as read from '../../src/lib/board/read.ts';
import * as schema from '../../src/lib/board/schema.ts';
import * as snapshot from '../../src/lib/server/snapshot.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';
import { TestClient, waitFor } from '../support/clients.ts';
import { Http } from './support/app.ts';
import { keepLog } from './support/report.ts';
import { templateBoard } from './support/setup.ts';

/**
 * Private means private: a member's scores in an open round reach nobody else, the chair included, by any
 * route (the rounds endpoint, page data, downloads, JSON export, snapshots, compare, minutes, the websocket)
 * until the chair reveals the round. Then the declared-interest bar and consensus, over real HTTP.
 */

const ROLES = ['anonymous', 'non-member', 'admin', 'observer', 'other editor', 'chair'] as const;
type Looker = (typeof ROLES)[number];

let fixtures: Fixtures;
let server: ServerProcess;
let http: Http;
let boardId: string;
let scorer: TestUser;
const users = {} as Record<Exclude<Looker, 'anonymous'>, TestUser>;
let criterionId: string;
let criterionName: string;
let modelIds: string[];
let roundId: string;
const MARKER = 'PRIVATE-RATIONALE-7f3a';

/**
 * The board documents an answer carries, as JSON: the board page sends the live board's state (base64) for
 * the grids to render from, which a plain search of the body would not see into.
 */
function documentsIn(body: string): string[] {
	const found: string[] = [];
	for (const [, base64] of body.matchAll(/"([A-Za-z0-9+/]{200,}={0,2})"/g)) {
		const doc = new Y.Doc();
		try {
			Y.applyUpdate(doc, Buffer.from(base64 ?? '', 'base64'));
		} catch {
			continue;
		}
		// Typed roots first: an untyped root's JSON is empty.
		schema.roots(doc);
		found.push(JSON.stringify(doc.toJSON()));
	}
	return found;
}

function userOf(looker: Looker): TestUser | null {
	return looker === 'anonymous' ? null : users[looker];
}

beforeAll(async () => {
	fixtures = await Fixtures.create();
	users.admin = await fixtures.user('Ada Admin');
	users.chair = await fixtures.user('Cai Chair');
	scorer = await fixtures.user('Sol Scorer');
	users['other editor'] = await fixtures.user('Edi Editor');
	users.observer = await fixtures.user('Obi Observer');
	users['non-member'] = await fixtures.user('Nia Nonmember');
	boardId = await templateBoard(fixtures, users.chair, 'Rounds board');
	await fixtures.member(boardId, scorer, 'editor');
	await fixtures.member(boardId, users['other editor'], 'editor');
	await fixtures.member(boardId, users.observer, 'observer');
	const view = read.readBoard(await fixtures.storedDoc(boardId));
	criterionId = view.models.criteria[0]!.id;
	criterionName = view.models.criteria[0]!.name;
	modelIds = view.models.rows.map((m) => m.id);
	server = await startApp(fixtures.dataDir);
	http = new Http(server.origin);
});

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-3000)}`));
});

afterAll(async () => {
	if (server) keepLog('round-privacy-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
});

describe('independent scoring rounds', () => {
	test('only the chair opens a round; observers and non-members never score; the board hears who finished, never a score', async () => {
		// Live connections of the board, as open pages have: they hear round events as they happen.
		const listeners = [new TestClient(server, boardId, users.observer), new TestClient(server, boardId, users.chair)];
		await Promise.all(listeners.map((l) => l.synced()));
		const scope = { scope: { kind: 'criterion', id: criterionId } };
		expect((await http.postJson(`/boards/${boardId}/rounds`, scope, null)).status).toBe(401);
		expect((await http.postJson(`/boards/${boardId}/rounds`, scope, users['non-member'])).status).toBe(404);
		expect((await http.postJson(`/boards/${boardId}/rounds`, scope, users.observer)).status).toBe(403);
		expect((await http.postJson(`/boards/${boardId}/rounds`, scope, scorer)).status).toBe(403);
		expect(
			(await http.postJson(`/boards/${boardId}/rounds`, { scope: { kind: 'criterion', id: 'nosuchcriterion1' } }, users.chair)).status
		).toBe(400);
		expect((await http.postJson(`/boards/${boardId}/rounds`, '{not json', users.chair)).status).toBe(400);
		const opened = await http.postJson(`/boards/${boardId}/rounds`, scope, users.chair);
		expect(opened.status).toBe(201);
		const round = opened.json?.round as { id: string; cells: unknown[]; status: string };
		expect(round.status).toBe('open');
		expect(round.cells).toHaveLength(modelIds.length);
		roundId = round.id;

		const score = { action: 'score', modelId: modelIds[0], criterionId, score: 4, rationale: MARKER };
		expect((await http.postJson(`/boards/${boardId}/rounds/${roundId}`, score, users.observer)).status).toBe(403);
		expect((await http.postJson(`/boards/${boardId}/rounds/${roundId}`, score, users['non-member'])).status).toBe(404);
		expect((await http.postJson(`/boards/${boardId}/rounds/${roundId}`, { ...score, score: 99 }, scorer)).status).toBe(400);
		expect(
			(await http.postJson(`/boards/${boardId}/rounds/${roundId}`, { ...score, criterionId: 'notinthisround00' }, scorer)).status
		).toBe(400);
		expect((await http.postJson(`/boards/${boardId}/rounds/${roundId}`, score, scorer)).status).toBe(200);
		expect((await http.postJson(`/boards/${boardId}/rounds/${roundId}`, { action: 'finish' }, scorer)).status).toBe(200);

		for (const listener of listeners) {
			const kinds = () => listener.notices.flatMap((n) => (n.type === 'event' ? [n.kind] : []));
			await waitFor(() => kinds().includes('round-finished'), 'the round-finished event');
			expect(kinds()).toEqual(['round-opened', 'round-started', 'round-finished']);
			const finished = listener.notices.find((n) => n.type === 'event' && n.kind === 'round-finished');
			expect(finished).toMatchObject({
				text: 'Sol Scorer has finished scoring “Scoring ' + criterionName + '”.',
				data: { roundId, status: 'open', finished: [scorer.id] }
			});
			// Who finished, never what they scored or why.
			const heard = JSON.stringify(listener.notices);
			expect(heard).not.toContain(MARKER);
			expect(heard).not.toMatch(/"score"|"mine"|"revealed"/);
			listener.destroy();
		}
	});

	test('before the reveal, no other role reads the private score by any route', async () => {
		const snap = await snapshot.create(fixtures.database, {
			boardId,
			kind: 'named',
			title: 'During the round',
			meeting: { title: 'Workshop', date: '2026-12-07' },
			isMinutes: true,
			createdBy: users.chair.id,
			state: Y.encodeStateAsUpdate(await fixtures.storedDoc(boardId)),
			uptoSeq: 0
		});
		const paths = [
			`/boards/${boardId}/rounds`,
			`/boards/${boardId}`,
			`/boards/${boardId}/__data.json`,
			`/boards/${boardId}/interests`,
			`/boards/${boardId}/settings`,
			`/boards/${boardId}/settings/__data.json`,
			`/boards/${boardId}/export/live/json`,
			`/boards/${boardId}/export/live/csv-models`,
			`/boards/${boardId}/export/live/md`,
			`/boards/${boardId}/export/${snap.id}/json`,
			`/boards/${boardId}/versions/${snap.id}`,
			`/boards/${boardId}/compare?from=${snap.id}`,
			`/boards/${boardId}/compare/csv?from=${snap.id}`,
			`/boards/${boardId}/minutes/${snap.id}`,
			`/boards/${boardId}/minutes/${snap.id}/download`
		];
		const leaks: string[] = [];
		for (const looker of ROLES) {
			for (const path of paths) {
				const answer = await http.get(path, userOf(looker), { accept: '*/*' });
				if (answer.body.includes(MARKER)) leaks.push(`${looker}: ${path}`);
				const documents = documentsIn(answer.body);
				if (documents.some((json) => json.includes(MARKER))) leaks.push(`${looker}: the board document in ${path}`);
				// The board page and its data carry the board's document: the probe above must have found it to mean anything.
				if (looker === 'chair' && /^\/boards\/\w+(\/__data\.json)?$/.test(path) && !documents.some((json) => json.includes(criterionName)))
					leaks.push(`no board document found in ${path} to probe`);
				// The probe means something only if the route answered the members with its content.
				if (looker === 'chair' && answer.status !== 200) leaks.push(`chair could not even read ${path} (${answer.status})`);
			}
			const user = userOf(looker);
			if (!user) continue;
			const rounds = await http.get(`/boards/${boardId}/rounds`, user, { accept: 'application/json' });
			if (looker === 'non-member' || looker === 'admin') {
				expect(rounds.status).toBe(404);
				continue;
			}
			const [round] = (
				JSON.parse(rounds.body) as { rounds: { mine: unknown[]; revealed: unknown; finished: string[]; started: string[] }[] }
			).rounds;
			expect(round?.mine, looker).toEqual([]);
			expect(round?.revealed, looker).toBeNull();
			// Everyone sees who has finished, not what they scored.
			expect(round?.finished).toEqual([scorer.id]);
			// The websocket: the board document a member syncs holds neither the score nor its rationale.
			const client = new TestClient(server, boardId, user);
			await client.synced();
			expect(JSON.stringify(client.doc.toJSON())).not.toContain(MARKER);
			expect(read.readBoard(client.doc).models.rows[0]!.cells[criterionId]?.score).toBeNull();
			client.destroy();
		}
		expect(leaks).toEqual([]);
		// The scorer sees their own.
		const own = JSON.parse((await http.get(`/boards/${boardId}/rounds`, scorer, { accept: 'application/json' })).body);
		expect(own.rounds[0].mine).toMatchObject([{ modelId: modelIds[0], criterionId, score: 4, rationale: MARKER }]);
	});

	test('the chair reveals: every score with its member, and consensus becomes the shared score', async () => {
		await http.postJson(
			`/boards/${boardId}/rounds/${roundId}`,
			{ action: 'score', modelId: modelIds[0], criterionId, score: 1, rationale: 'low' },
			users['other editor']
		);
		expect(
			(
				await http.postJson(
					`/boards/${boardId}/rounds/${roundId}`,
					{ action: 'agree', modelId: modelIds[0], criterionId, score: 3, rationale: 'x' },
					users.chair
				)
			).status
		).toBe(409);
		expect((await http.postJson(`/boards/${boardId}/rounds/${roundId}`, { action: 'reveal' }, scorer)).status).toBe(403);
		const revealed = await http.postJson(`/boards/${boardId}/rounds/${roundId}`, { action: 'reveal' }, users.chair);
		expect(revealed.status).toBe(200);
		const round = revealed.json?.round as { revealed: { userId: string; score: number }[]; status: string };
		expect(round.status).toBe('revealed');
		expect(round.revealed.map((s) => [s.userId, s.score]).sort()).toEqual(
			[
				[scorer.id, 4],
				[users['other editor'].id, 1]
			].sort()
		);
		// Closed: nobody changes a score any more.
		expect(
			(
				await http.postJson(
					`/boards/${boardId}/rounds/${roundId}`,
					{ action: 'score', modelId: modelIds[0], criterionId, score: 5 },
					scorer
				)
			).status
		).toBe(409);
		expect(
			(
				await http.postJson(
					`/boards/${boardId}/rounds/${roundId}`,
					{ action: 'agree', modelId: modelIds[0], criterionId, score: 3, rationale: 'Agreed after discussion' },
					users.observer
				)
			).status
		).toBe(403);
		const agreed = await http.postJson(
			`/boards/${boardId}/rounds/${roundId}`,
			{ action: 'agree', modelId: modelIds[0], criterionId, score: 3, rationale: 'Agreed after discussion' },
			scorer
		);
		expect(agreed.status).toBe(200);
		const cell = read.readBoard(await fixtures.storedDoc(boardId)).models.rows[0]!.cells[criterionId];
		expect(cell?.score).toBe(3);
		expect(cell?.rationale).toBe('Agreed after discussion');
		expect((agreed.json?.round as { agreed: unknown[] }).agreed).toHaveLength(1);
	});

	test('a member whose declared interest bars them from a model cannot score it, and the register says who recorded what', async () => {
		const editor = users['other editor'];
		const declared = await http.postJson(
			`/boards/${boardId}/interests`,
			{ action: 'declare', subjectKind: 'model', subjectId: modelIds[1], text: 'Director of the provider' },
			editor
		);
		expect(declared.status).toBe(201);
		const interestId = (declared.json?.interest as { id: string }).id;
		const outcome = { action: 'outcome', interestId, outcome: 'mayNotScore' };
		expect((await http.postJson(`/boards/${boardId}/interests`, outcome, editor)).status).toBe(403);
		expect((await http.postJson(`/boards/${boardId}/interests`, outcome, users.chair)).status).toBe(200);
		const opened = await http.postJson(`/boards/${boardId}/rounds`, { scope: { kind: 'model', id: modelIds[1] } }, users.chair);
		const round = (opened.json?.round as { id: string }).id;
		const score = { action: 'score', modelId: modelIds[1], criterionId, score: 2 };
		expect((await http.postJson(`/boards/${boardId}/rounds/${round}`, score, editor)).status).toBe(403);
		expect((await http.postJson(`/boards/${boardId}/rounds/${round}`, score, scorer)).status).toBe(200);
		const register = JSON.parse((await http.get(`/boards/${boardId}/interests`, users.observer, { accept: 'application/json' })).body);
		expect(register.interests).toMatchObject([
			{
				userId: editor.id,
				subjectKind: 'model',
				subjectId: modelIds[1],
				outcome: 'mayNotScore',
				history: [
					{ kind: 'declared', byUserId: editor.id },
					{ kind: 'outcome', byUserId: users.chair.id }
				]
			}
		]);
	});

	test('a member barred by a declared interest after scoring is shown at the reveal but left out of the spread', async () => {
		const barred = users['other editor'];
		const model = modelIds[2]!;
		const opened = await http.postJson(`/boards/${boardId}/rounds`, { scope: { kind: 'model', id: model } }, users.chair);
		const round = (opened.json?.round as { id: string }).id;
		for (const [user, score] of [
			[barred, 0],
			[scorer, 4],
			[users.chair, 3]
		] as const)
			expect(
				(
					await http.postJson(
						`/boards/${boardId}/rounds/${round}`,
						{ action: 'score', modelId: model, criterionId, score, rationale: 'r' },
						user
					)
				).status
			).toBe(200);
		// The interest comes to light after the member scored: the chair rules that they may not score.
		const declared = await http.postJson(
			`/boards/${boardId}/interests`,
			{ action: 'declare', subjectKind: 'model', subjectId: model, text: 'Trustee of the partner' },
			barred
		);
		const interestId = (declared.json?.interest as { id: string }).id;
		expect(
			(await http.postJson(`/boards/${boardId}/interests`, { action: 'outcome', interestId, outcome: 'mayNotScore' }, users.chair)).status
		).toBe(200);
		expect(
			(await http.postJson(`/boards/${boardId}/rounds/${round}`, { action: 'score', modelId: model, criterionId, score: 1 }, barred)).status
		).toBe(403);
		const revealed = await http.postJson(`/boards/${boardId}/rounds/${round}`, { action: 'reveal' }, users.chair);
		const scores = (revealed.json?.round as { revealed: { criterionId: string; userId: string; score: number; excluded: boolean }[] })
			.revealed;
		expect(
			scores
				.filter((s) => s.criterionId === criterionId)
				.map((s) => [s.userId, s.score, s.excluded])
				.sort()
		).toEqual(
			[
				[barred.id, 0, true],
				[scorer.id, 4, false],
				[users.chair.id, 3, false]
			].sort()
		);
		// The minutes record the spread without the barred score: 3 and 4, not 0 to 4.
		const agreed = await http.postJson(
			`/boards/${boardId}/rounds/${round}`,
			{ action: 'agree', modelId: model, criterionId, score: 4, rationale: 'Barred member stood aside' },
			scorer
		);
		expect(agreed.status).toBe(200);
	});

	test('the chair sets whether rounds are revealed with names; a round keeps the setting it was revealed with', async () => {
		const settings = `/boards/${boardId}/settings?/revealNames`;
		for (const looker of ['observer', 'other editor'] as const)
			expect((await http.post(settings, { reveal: 'anonymous' }, users[looker])).status, looker).toBe(403);
		expect((await http.post(settings, { reveal: 'anonymous' }, users['non-member'])).status).toBe(404);
		expect((await http.post(settings, { reveal: 'sideways' }, users.chair)).status).toBe(400);
		expect((await http.post(settings, { reveal: 'anonymous' }, users.chair)).status).toBe(200);
		const listed = JSON.parse((await http.get(`/boards/${boardId}/rounds`, users.observer, { accept: 'application/json' })).body);
		expect(listed.anonymousReveal).toBe(true);

		const opened = await http.postJson(`/boards/${boardId}/rounds`, { scope: { kind: 'model', id: modelIds[3] } }, users.chair);
		const round = (opened.json?.round as { id: string }).id;
		await http.postJson(
			`/boards/${boardId}/rounds/${round}`,
			{ action: 'score', modelId: modelIds[3], criterionId, score: 2, rationale: 'anon' },
			scorer
		);
		// Asking for names in the request changes nothing: the board's setting decides.
		const revealed = await http.postJson(`/boards/${boardId}/rounds/${round}`, { action: 'reveal', anonymous: false }, users.chair);
		expect((revealed.json?.round as { anonymous: boolean; revealed: { userId: string | null }[] }).revealed).toEqual([
			expect.objectContaining({ userId: null, score: 2 })
		]);
		// Switching names back on later does not put names to the round revealed without them.
		expect((await http.post(settings, { reveal: 'named' }, users.chair)).status).toBe(200);
		const later = JSON.parse((await http.get(`/boards/${boardId}/rounds`, users.chair, { accept: 'application/json' })).body);
		const kept = later.rounds.find((r: { id: string }) => r.id === round);
		expect(kept.anonymous).toBe(true);
		expect(JSON.stringify(kept.revealed)).not.toContain(scorer.id);
	});

	test('the minutes pack records the register, the spread each agreed score came from, and the sensitivity sentence', async () => {
		const minuted = await snapshot.create(fixtures.database, {
			boardId,
			kind: 'named',
			title: 'After the round',
			meeting: { title: 'Workshop 2', date: '2026-12-08' },
			isMinutes: true,
			createdBy: users.chair.id,
			state: Y.encodeStateAsUpdate(await fixtures.storedDoc(boardId)),
			uptoSeq: 0
		});
		const pack = await http.get(`/boards/${boardId}/minutes/${minuted.id}/download`, users.observer, { accept: '*/*' });
		expect(pack.status).toBe(200);
		expect(pack.body).toContain('## Declared interests');
		expect(pack.body).toMatch(/\| Edi Editor \| Model: .+ \| Director of the provider \|.*\| May speak, may not score \|/);
		expect(pack.body).toContain('Cai Chair recorded: May speak, may not score');
		// The agreed cell: scores 4 and 1, so min 1, median 2.5, max 4, a wide spread.
		expect(pack.body).toMatch(/\| 3 \| 2 \| 1 \| 2\.5 \| 4 \| yes \| Agreed after discussion \|/);
		// The cell a barred member had scored 0: their score is counted apart and the spread is 3 to 4.
		expect(pack.body).toMatch(/\| 4 \| 2 \(\+1 excluded: interest\) \| 3 \| 3\.5 \| 4 \| no \| Barred member stood aside \|/);
		expect(pack.body).toContain('## How far the weights can move');
		// One model is scored, so there is no order for the weights to change, and the pack says so.
		expect(pack.body).toContain('Fewer than two models are ranked');
		// The printed pack and the snapshot's own page carry the register too.
		for (const path of [`/boards/${boardId}/minutes/${minuted.id}`, `/boards/${boardId}/versions/${minuted.id}`]) {
			const page = await http.get(path, users.observer);
			expect(page.body, path).toContain('Director of the provider');
		}
	});
});
