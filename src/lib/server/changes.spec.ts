import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as template from '../board/template.ts';
import * as init from '../board/init.ts';
import * as scope from '../board/scope.ts';
import * as datetime from '../board/datetime.ts';
import * as changes from './changes.ts';
import { openTestDatabase, testBoard, testUser, type TestDatabase } from './db/testing.ts';
import { createDocStore } from './doc-store.ts';

describe('changes in a date range', () => {
	let database: TestDatabase;
	let alex: string;
	let sam: string;
	let boardId: string;

	beforeAll(async () => {
		database = await openTestDatabase('sqlite');
		alex = await testUser(database.db, 'alex', 'Alex Lead');
		sam = await testUser(database.db, 'sam', 'Sam Member');
		boardId = await testBoard(database.db, alex);
	});
	afterAll(() => database.drop());

	it('lists each edit in the range with who made it, what it replaced and the UK time, telling apart the two 01:30s of the autumn change', async () => {
		const store = createDocStore(database.db);
		const doc = new Y.Doc();
		const edit = async (userId: string | null, at: string, change: () => void) => {
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
		await edit(alex, '2027-10-29T12:00:00Z', () => init.initBoard(doc, { title: 'Board', template: 'shadow-trust' }));
		await edit(alex, '2027-10-30T22:59:00Z', () => scope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 100));
		await edit(alex, '2027-10-31T00:30:00Z', () => scope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 1250));
		await edit(sam, '2027-10-31T01:30:00Z', () => scope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 1300));
		await edit(sam, '2027-11-01T00:00:00Z', () => scope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 9999));

		// 31 October 2027 on the UK clock: from 23:00 UTC on the 30th (BST) to midnight UTC on 1 November (GMT).
		const range = { start: datetime.startOfUkDay('2027-10-31')!, end: datetime.startOfUkDay('2027-11-01')! };
		const names = async (ids: string[]) => {
			const rows = await database.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
			return new Map(rows.map((r) => [r.id, r.display_name]));
		};
		const result = await changes.inRange(store, boardId, range, [], names);
		expect(result).toEqual({
			ok: true,
			rows: [
				['2027-10-31 01:30:00', 'BST', 'Alex Lead', 'Scope of services', expect.any(String), 'Adoption', 'Budget (£k)', '£100k', '£1,250k'],
				[
					'2027-10-31 01:30:00',
					'GMT',
					'Sam Member',
					'Scope of services',
					expect.any(String),
					'Adoption',
					'Budget (£k)',
					'£1,250k',
					'£1,300k'
				]
			]
		});
	});
});
