import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as init from '../board/init.ts';
import * as boardRead from '../board/read.ts';
import { openTestDatabase, testBoard, testUser, type TestDatabase } from './db/testing.ts';
import * as decisions from './decisions.ts';

const doc = new Y.Doc();
init.initBoard(doc, { title: 'Board', template: 'shadow-trust' });
const view = boardRead.readBoard(doc);

const form: decisions.DecisionForm = {
	meetingDate: '2027-07-12',
	agendaItem: 'Scope of services',
	resolution: 'Adoption transfers to the trust.',
	rationale: 'Regional adoption agency arrangements.',
	parts: ['service:svc-adoption', 'model:model-cic'],
	proposer: 'Alex Lead',
	seconder: 'Chris Chair',
	method: 'vote',
	votesFor: '5',
	votesAgainst: '1',
	abstentions: ''
};

describe('reading decisions and actions', () => {
	it('takes a decision by vote with its counts and the board parts it names', () => {
		const read = decisions.readDecision(form, view);
		expect(read).toMatchObject({
			ok: true,
			value: {
				parts: [
					{ kind: 'service', id: 'svc-adoption' },
					{ kind: 'model', id: 'model-cic' }
				],
				votes: { for: 5, against: 1, abstentions: 0 }
			}
		});
		if (read.ok) expect(decisions.howReached(read.value)).toBe('Carried by vote: 5 for, 1 against, 0 abstentions');
		expect(decisions.howReached({ method: 'consensus', votes: null })).toBe('Agreed by consensus');
	});

	it('refuses, with a reason, a decision without a resolution, with a part not on the board, or a vote without counts', () => {
		expect(decisions.readDecision({ ...form, resolution: '  ' }, view)).toMatchObject({
			ok: false,
			message: expect.stringContaining('resolution')
		});
		expect(decisions.readDecision({ ...form, parts: ['service:made-up'] }, view)).toMatchObject({
			ok: false,
			message: expect.stringContaining('no longer on the board')
		});
		expect(decisions.readDecision({ ...form, votesFor: 'five' }, view)).toMatchObject({
			ok: false,
			message: expect.stringContaining('whole numbers')
		});
		expect(decisions.readDecision({ ...form, votesFor: '1', votesAgainst: '3' }, view)).toMatchObject({ ok: false });
		expect(decisions.readDecision({ ...form, method: 'coin toss' }, view)).toMatchObject({ ok: false });
		expect(decisions.readDecision({ ...form, meetingDate: '2027-02-30' }, view)).toMatchObject({ ok: false });
	});

	it('names parts from the version being read, and says when one has gone', () => {
		expect(decisions.partLabel({ kind: 'service', id: 'svc-adoption' }, view)).toBe('Service: Adoption');
		expect(decisions.partLabel({ kind: 'model', id: 'gone' }, view)).toBe('A model since removed from the board');
	});
});

describe.each(['sqlite', 'postgres'] as const)('decisions and actions on %s', (dialect) => {
	let database: TestDatabase;
	let chair: string;
	let boardId: string;
	let otherBoardId: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		chair = await testUser(database.db, 'chair', 'Alex Chair');
		boardId = await testBoard(database.db, chair, 'A');
		otherBoardId = await testBoard(database.db, chair, 'B');
	});
	afterAll(() => database.drop());

	it('numbers decisions per board and carries them, with their actions, into that meeting’s minutes', async () => {
		const read = decisions.readDecision(form, view);
		if (!read.ok) throw new Error(read.message);
		const first = await decisions.record(database.db, boardId, chair, read.value, null);
		const second = await decisions.record(
			database.db,
			boardId,
			chair,
			{ ...read.value, method: 'consensus', votes: null, meetingDate: '2027-09-01' },
			null
		);
		const elsewhere = await decisions.record(database.db, otherBoardId, chair, read.value, null);
		expect([first.number, second.number, elsewhere.number]).toEqual([1, 2, 1]);

		const action = decisions.readAction(
			{ description: 'Draft the transfer schedule', owner: 'Alex Lead', dueDate: '2027-09-01', link: `decision:${first.id}` },
			view
		);
		if (!action.ok) throw new Error(action.message);
		const added = await decisions.addAction(database.db, boardId, chair, action.value, Date.parse('2027-08-01T10:00:00Z'));
		expect(added).not.toBeNull();
		// Another board's decision is as unknown as a made-up one.
		expect(await decisions.addAction(database.db, boardId, chair, { ...action.value, decisionId: elsewhere.id })).toBeNull();
		expect(await decisions.setActionStatus(database.db, boardId, added!.id, 'in-progress', chair)).toBe(true);
		expect(await decisions.setActionStatus(database.db, otherBoardId, added!.id, 'done', chair)).toBe(false);

		const minuted = await decisions.forMinutes(database.db, boardId, '2027-07-12', view, new Map());
		expect(minuted.decisions).toEqual([
			expect.objectContaining({
				number: 'D1',
				parts: ['Service: Adoption', 'Model: Community interest company (CIC)'],
				how: 'Carried by vote: 5 for, 1 against, 0 abstentions'
			})
		]);
		expect(minuted.actions).toEqual([
			{
				description: 'Draft the transfer schedule',
				owner: 'Alex Lead',
				due: expect.stringMatching(/^1 Sept? 2027$/),
				status: 'In progress',
				linkedTo: 'D1'
			}
		]);
		const types = await database.db.selectFrom('audit_events').select('type').where('board_id', '=', boardId).execute();
		expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(['decision.recorded', 'action.created', 'action.status_changed']));
	});
});
