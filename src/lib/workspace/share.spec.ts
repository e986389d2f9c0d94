import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as scope from '$lib/board/scope';
import * as init from '$lib/board/init';
import * as read from '$lib/board/read';
import * as template from '$lib/board/template';
import { share } from './share.ts';

describe('share', () => {
	it('keeps the objects of rows that did not change', () => {
		const doc = new Y.Doc();
		init.initBoard(doc, { title: 'T', template: 'shadow-trust' });
		const before = read.readBoard(doc);
		expect(share(before, read.readBoard(doc))).toBe(before);

		scope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 1250);
		scope.addRow(doc, {}, 0);
		const after = share(before, read.readBoard(doc));
		expect(after).not.toBe(before);
		expect(after.models).toBe(before.models);
		expect(after.scope.columns).toBe(before.scope.columns);
		const row = (view: typeof before, id: string) => view.scope.rows.find((r) => r.id === id);
		expect(row(after, 'svc-fostering')).toBe(row(before, 'svc-fostering'));
		expect(row(after, 'svc-adoption')).not.toBe(row(before, 'svc-adoption'));
		expect(row(after, 'svc-adoption')?.cells[template.TEMPLATE_COLUMN_IDS.budget]).toBe(1250);
		expect(after.scope.rows).toHaveLength(before.scope.rows.length + 1);
		expect(Object.isFrozen(after.scope.rows)).toBe(true);
	});

	it('treats added and removed keys as changes', () => {
		const prev = { a: 1 };
		expect(share(prev, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
		expect(share({ a: 1, b: 2 }, { a: 1 })).toEqual({ a: 1 });
		expect(share([1, 2], [1, 2, 3])).toEqual([1, 2, 3]);
	});
});
