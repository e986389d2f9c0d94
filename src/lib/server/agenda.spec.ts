import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as init from '../board/init.ts';
import * as read from '../board/read.ts';
import { currentItem, remainingAt } from '../meeting/agenda.ts';
import * as agenda from './agenda.ts';
import * as board from './board.ts';
import { openTestDatabase, type TestDatabase } from './db/testing.ts';
import * as user from './user.ts';

const doc = new Y.Doc();
init.initBoard(doc, { title: 'Board', template: 'shadow-trust' });
const view = read.readBoard(doc);

describe('reading an agenda item', () => {
	it('takes a title, whole minutes and parts that are on the board', () => {
		const read = agenda.readItem(
			{ title: ' Scope:  adoption ', minutes: '20', parts: ['service:svc-adoption', 'area:area-care', 'service:svc-adoption'] },
			view
		);
		expect(read).toEqual({
			ok: true,
			value: {
				title: 'Scope: adoption',
				minutes: 20,
				parts: [
					{ kind: 'service', id: 'svc-adoption' },
					{ kind: 'area', id: 'area-care' }
				]
			}
		});
	});

	it('refuses, saying why, an item with no title, a time that is not whole minutes in range, or a part not on the board', () => {
		expect(agenda.readItem({ title: ' ', minutes: '10', parts: [] }, view)).toMatchObject({
			ok: false,
			message: expect.stringContaining('title')
		});
		for (const minutes of ['0', '1.5', '601', '-3', 'ten', ''])
			expect(agenda.readItem({ title: 'Item', minutes, parts: [] }, view)).toMatchObject({
				ok: false,
				message: expect.stringContaining('minutes')
			});
		expect(agenda.readItem({ title: 'Item', minutes: '5', parts: ['service:made-up'] }, view)).toMatchObject({
			ok: false,
			message: expect.stringContaining('no longer on the board')
		});
		expect(agenda.readItem({ title: 'Item', minutes: '5', parts: ['__proto__:x'] }, view)).toMatchObject({ ok: false });
	});
});

describe.each(['sqlite', 'postgres'] as const)('the agenda and its clock on %s', (dialect) => {
	let database: TestDatabase;
	let chair: string;
	let boardId: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		const created = await user.create(database.db, { username: 'chair', displayName: 'Alex Chair', password: 'password one' });
		if (!created.ok) throw new Error('setup failed');
		chair = created.user.id;
		boardId = (await board.create(database.db, { title: 'A', createdBy: chair, initialUpdate: new Uint8Array([0, 0]) })).id;
	});
	afterAll(() => database.drop());

	const t0 = Date.parse('2027-07-12T09:00:00Z');
	const minute = 60_000;

	it('runs items in order: start, pause, move on and back keep each item’s own time', async () => {
		const db = database.db;
		const empty = await agenda.get(db, boardId, t0);
		expect(empty).toMatchObject({ meetingDate: '2027-07-12', items: [], clock: { currentId: null, runningSince: null }, revision: 0 });
		await agenda.setMeetingDate(db, boardId, chair, '2027-07-13', t0);
		await agenda.addItem(db, boardId, chair, { title: 'Welcome', minutes: 5, parts: [] }, t0);
		const two = await agenda.addItem(
			db,
			boardId,
			chair,
			{ title: 'Scope', minutes: 20, parts: [{ kind: 'service', id: 'svc-adoption' }] },
			t0
		);
		if (two === 'full') throw new Error('full');
		const [welcome, scope] = two.items;
		expect(two.items.map((i) => i.title)).toEqual(['Welcome', 'Scope']);

		const started = await agenda.start(db, boardId, chair, t0);
		expect(currentItem(started)?.id).toBe(welcome!.id);
		expect(remainingAt(started, t0 + 2 * minute)).toBe(3 * minute);

		const paused = await agenda.pause(db, boardId, chair, t0 + 2 * minute);
		// Paused: the countdown stands still however long the pause.
		expect(remainingAt(paused, t0 + 60 * minute)).toBe(3 * minute);

		const resumed = await agenda.start(db, boardId, chair, t0 + 10 * minute);
		const onScope = await agenda.goTo(db, boardId, chair, scope!.id, t0 + 14 * minute);
		expect(onScope?.clock).toEqual({ currentId: scope!.id, runningSince: t0 + 14 * minute, elapsedMs: 0 });
		expect(onScope?.items.find((i) => i.id === welcome!.id)?.spentMs).toBe(6 * minute);
		expect(remainingAt(onScope!, t0 + 40 * minute)).toBe(-6 * minute);

		// Back to the welcome: its countdown carries on from where it stopped.
		const back = await agenda.goTo(db, boardId, chair, welcome!.id, t0 + 41 * minute);
		expect(remainingAt(back!, t0 + 41 * minute)).toBe(-1 * minute);
		expect(back!.items.find((i) => i.id === scope!.id)?.spentMs).toBe(27 * minute);
		expect(back!.revision).toBeGreaterThan(resumed.revision);

		const ended = await agenda.goTo(db, boardId, chair, null, t0 + 42 * minute);
		expect(ended?.clock).toEqual({ currentId: null, runningSince: null, elapsedMs: 0 });
		expect((await agenda.forMeeting(db, boardId, '2027-07-13')).map((i) => [i.title, i.spentMs])).toEqual([
			['Welcome', 7 * minute],
			['Scope', 27 * minute]
		]);
	});

	it('reorders, edits and removes items of this meeting only; removing the current item stops the clock', async () => {
		const db = database.db;
		const state = await agenda.get(db, boardId, t0);
		const [first, second] = state.items;
		const moved = await agenda.moveItem(db, boardId, chair, second!.id, -1, t0);
		expect(moved?.items.map((i) => i.id)).toEqual([second!.id, first!.id]);
		expect(await agenda.moveItem(db, boardId, chair, 'nosuchitem', 1, t0)).toBeNull();
		const edited = await agenda.updateItem(db, boardId, chair, first!.id, { title: 'Welcome and apologies', minutes: 10, parts: [] }, t0);
		expect(edited?.items.find((i) => i.id === first!.id)).toMatchObject({ title: 'Welcome and apologies', minutes: 10 });

		await agenda.goTo(db, boardId, chair, first!.id, t0);
		await agenda.start(db, boardId, chair, t0);
		const removed = await agenda.removeItem(db, boardId, chair, first!.id, t0 + minute);
		expect(removed?.items.map((i) => i.id)).toEqual([second!.id]);
		expect(removed?.clock).toEqual({ currentId: null, runningSince: null, elapsedMs: 0 });

		// Another meeting date shows its own (empty) agenda; the old one stays for its minutes.
		const next = await agenda.setMeetingDate(db, boardId, chair, '2027-08-01', t0);
		expect(next?.items).toEqual([]);
		expect(await agenda.forMeeting(db, boardId, '2027-07-13')).toHaveLength(1);
		expect(agenda.setMeetingDate(db, boardId, chair, '2027-02-30', t0)).toBeNull();
	});
});
