import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as template from '../board/template.ts';
import * as init from '../board/init.ts';
import * as read from '../board/read.ts';
import * as models from '../board/models.ts';
import * as scores from '../board/scores.ts';
import * as scope from '../board/scope.ts';
import * as locks from '../board/locks.ts';
import * as history from './history.ts';
import { openTestDatabase, testBoard, testUser, type TestDatabase } from './db/testing.ts';
import { createDocStore } from './doc-store.ts';

describe('the history of a cell and the board’s activity feed', () => {
	let database: TestDatabase;
	let alex: string;
	let sam: string;
	let deps: history.HistoryDeps;
	let modelId: string;
	let criterionId: string;
	let otherCriterionId: string;

	beforeAll(async () => {
		database = await openTestDatabase('sqlite');
		alex = await testUser(database.db, 'alex', 'Alex Lead');
		sam = await testUser(database.db, 'sam', 'Sam Member');
		const boardId = await testBoard(database.db, alex);
		const store = createDocStore(database.db);
		deps = { store, db: database.db, boardId, members: [] };

		const doc = new Y.Doc();
		const edit = async (userId: string, at: string, change: () => void) => {
			const before = Y.encodeStateVector(doc);
			change();
			const seq = await store.append(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId }]);
			await database.db
				.updateTable('board_updates')
				.set({ created_at: Date.parse(at) })
				.where('board_id', '=', boardId)
				.where('seq', '=', seq)
				.execute();
		};
		await edit(alex, '2027-03-27T09:00:00Z', () => init.initBoard(doc, { title: 'Board', template: 'shadow-trust' }));
		const view = read.readBoard(doc);
		modelId = view.models.rows[0]!.id;
		[criterionId, otherCriterionId] = view.models.criteria.map((c) => c.id) as [string, string];
		await edit(alex, '2027-03-27T10:00:00Z', () => scope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 100));
		await edit(sam, '2027-03-27T11:00:00Z', () => scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 7));
		// After the clocks go forward on 28 March 2027: 10:00 UTC is 11:00 BST.
		await edit(sam, '2027-03-28T10:00:00Z', () => scope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 1250));
		await edit(alex, '2027-03-29T09:00:00Z', () => scores.setScore(doc, modelId, criterionId, 4));
		await edit(sam, '2027-03-29T09:05:00Z', () => scores.setRationale(doc, modelId, criterionId, 'Strong track record'));
		await edit(sam, '2027-03-29T09:10:00Z', () => scores.setScore(doc, modelId, otherCriterionId, 2));
		await edit(alex, '2027-03-29T09:15:00Z', () => models.setName(doc, modelId, 'Renamed model'));
	});
	afterAll(() => database.drop());

	it('lists who changed a scope cell, when in UK time, and from what to what, newest first, and nothing of its neighbours', async () => {
		const result = await history.ofCell(deps, { grid: 'scope', rowId: 'svc-adoption', colId: template.TEMPLATE_COLUMN_IDS.budget });
		if (!result.ok) throw new Error(result.message);
		expect(result.entries.map((e) => [e.when, e.by, e.column, e.from, e.to])).toEqual([
			['28 Mar 2027, 11:00 BST', 'Sam Member', 'Budget (£k)', '£100k', '£1,250k'],
			['27 Mar 2027, 10:00 GMT', 'Alex Lead', 'Budget (£k)', '', '£100k']
		]);
	});

	it('gives a criterion cell its score and rationale changes, and not another criterion’s or the model’s name', async () => {
		const result = await history.ofCell(deps, { grid: 'models', rowId: modelId, colId: criterionId });
		if (!result.ok) throw new Error(result.message);
		expect(result.entries.map((e) => [e.by, e.from, e.to])).toEqual([
			['Sam Member', '', 'Strong track record'],
			['Alex Lead', '', '4']
		]);
		const name = await history.ofCell(deps, { grid: 'models', rowId: modelId, colId: '@name' });
		expect(name.ok && name.entries.map((e) => [e.by, e.to])).toEqual([['Alex Lead', 'Renamed model']]);
	});

	it('answers an empty history for a cell nobody has changed', async () => {
		expect(await history.ofCell(deps, { grid: 'scope', rowId: 'svc-fostering', colId: template.TEMPLATE_COLUMN_IDS.service })).toEqual({
			ok: true,
			entries: []
		});
	});

	it('pages the activity feed newest first, and a page stays put when newer edits arrive', async () => {
		const first = await history.activity(deps);
		if (!first.ok) throw new Error(first.message);
		expect(first.page.entries[0]).toMatchObject({ by: 'Alex Lead', change: 'Cell changed', column: 'Name', to: 'Renamed model' });
		const ats = first.page.entries.map((e) => e.at);
		expect(ats).toEqual([...ats].sort((x, y) => y - x));
		// Everything since the board was made fits one page here.
		expect(first.page.olderBefore).toBeNull();
		const sams = first.page.entries.filter((e) => e.change === 'Cell changed' && e.by === 'Sam Member');
		expect(sams.map((e) => e.row)).toEqual(expect.arrayContaining(['Adoption', 'Fostering']));

		const beforeSam = first.page.entries.find((e) => e.to === '£7k')!.seq;
		const older = await history.activity(deps, beforeSam);
		if (!older.ok) throw new Error(older.message);
		expect(older.page.entries.map((e) => e.to).filter((to) => to.startsWith('£'))).toEqual(['£100k']);
	});

	it('diffs only a window of the log per page, and the older pages carry on where it stopped', async () => {
		// The last three updates: the name, the other criterion's score and the rationale.
		const first = await history.activity(deps, undefined, 3);
		if (!first.ok) throw new Error(first.message);
		const tos = first.page.entries.map((e) => e.to);
		expect([tos[0], tos.at(-1)]).toEqual(['Renamed model', 'Strong track record']);
		expect(tos.filter((to) => to.startsWith('£'))).toEqual([]);
		expect(first.page.olderBefore).not.toBeNull();
		const seen: string[] = first.page.entries.map((e) => e.to);
		let before = first.page.olderBefore;
		while (before !== null) {
			const older = await history.activity(deps, before, 3);
			if (!older.ok) throw new Error(older.message);
			seen.push(...older.page.entries.map((e) => e.to));
			before = older.page.olderBefore;
		}
		const all = await history.activity(deps);
		expect(all.ok && all.page.entries.map((e) => e.to)).toEqual(seen);
	});

	it('accepts only cell references of the board’s shape', () => {
		const parse = (query: string) => history.parseCellRef(new URLSearchParams(query));
		expect(parse('grid=scope&row=svc-adoption&col=col-budget')).toEqual({ grid: 'scope', rowId: 'svc-adoption', colId: 'col-budget' });
		expect(parse('grid=models&row=m1&col=@rank')).toEqual({ grid: 'models', rowId: 'm1', colId: '@rank' });
		expect(parse('grid=scope&row=svc-adoption&col=@rank')).toBeNull();
		expect(parse('grid=models&row=m1&col=__proto__')).toBeNull();
		expect(parse('grid=models&row=m1&col=constructor')).toBeNull();
		expect(parse('grid=sheet&row=a&col=b')).toBeNull();
		expect(parse('grid=scope&row=../x&col=b')).toBeNull();
		expect(parse('grid=scope&col=b')).toBeNull();
	});
});

describe('locks in the record', () => {
	let database: TestDatabase;
	let deps: history.HistoryDeps;
	const budget = template.TEMPLATE_COLUMN_IDS.budget;

	beforeAll(async () => {
		database = await openTestDatabase('sqlite');
		const chair = await testUser(database.db, 'cat', 'Cat Chair');
		const boardId = await testBoard(database.db, chair);
		const store = createDocStore(database.db);
		deps = { store, db: database.db, boardId, members: [] };
		const doc = new Y.Doc();
		const by = { id: chair, name: 'Cat Chair' };
		const edit = async (change: () => void) => {
			const before = Y.encodeStateVector(doc);
			change();
			await store.append(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: chair }]);
		};
		await edit(() => init.initBoard(doc, { title: 'Board', template: 'shadow-trust' }));
		await edit(() => locks.lock(doc, { kind: 'row', grid: 'scope', rowId: 'svc-adoption' }, by));
		await edit(() => locks.lock(doc, { kind: 'cell', grid: 'scope', rowId: 'svc-fostering', columnId: budget }, by));
		await edit(() => locks.lock(doc, { kind: 'weights' }, by));
		await edit(() => locks.unlock(doc, { kind: 'row', grid: 'scope', rowId: 'svc-adoption' }));
	});
	afterAll(() => database.drop());

	it('shows in a cell’s history when its row or the cell itself was locked and unlocked, and not other locks', async () => {
		const adoption = await history.ofCell(deps, { grid: 'scope', rowId: 'svc-adoption', colId: budget });
		expect(adoption.ok && adoption.entries.map((e) => [e.by, e.change, e.row])).toEqual([
			['Cat Chair', 'Row unlocked', 'Adoption'],
			['Cat Chair', 'Row locked', 'Adoption']
		]);
		const fostering = await history.ofCell(deps, { grid: 'scope', rowId: 'svc-fostering', colId: budget });
		expect(fostering.ok && fostering.entries.map((e) => [e.change, e.row, e.column])).toEqual([
			['Cell locked', 'Fostering', 'Budget (£k)']
		]);
		const service = await history.ofCell(deps, { grid: 'scope', rowId: 'svc-fostering', colId: template.TEMPLATE_COLUMN_IDS.service });
		expect(service).toEqual({ ok: true, entries: [] });
	});

	it('lists every lock and unlock in the activity feed, newest first', async () => {
		const feed = await history.activity(deps);
		if (!feed.ok) throw new Error(feed.message);
		expect(feed.page.entries.slice(0, 4).map((e) => [e.change, e.row, e.column, e.grid])).toEqual([
			['Row unlocked', 'Adoption', '', 'Scope of services'],
			['Weights locked', '', 'Every criterion’s weight', 'Delivery models'],
			['Cell locked', 'Fostering', 'Budget (£k)', 'Scope of services'],
			['Row locked', 'Adoption', '', 'Scope of services']
		]);
	});
});
