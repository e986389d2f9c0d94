import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as comments from '$lib/board/comments';
import * as init from '$lib/board/init';
import * as read from '$lib/board/read';
import { byCell, cellKey, commentCounts, remoteCursors } from './annotations.ts';

describe('presence', () => {
	it('keeps peers whose selected cell is in this grid and ignores malformed state', () => {
		const peer = (clientId: number, state: Record<string, unknown>) => ({
			clientId,
			userId: `u${clientId}`,
			name: `P${clientId}`,
			colour: '#000000',
			state
		});
		const cursors = remoteCursors(
			[
				peer(1, { cell: { grid: 'scope', rowId: 'r', colId: 'c' }, editing: true }),
				peer(2, { cell: { grid: 'models', rowId: 'r', colId: 'c' } }),
				peer(3, { cell: { grid: 'scope', rowId: 5 } }),
				peer(4, {})
			],
			'scope'
		);
		expect(cursors).toEqual([{ clientId: 1, userId: 'u1', name: 'P1', colour: '#000000', rowId: 'r', colId: 'c', editing: true }]);
		expect(byCell(cursors).get(cellKey('r', 'c'))).toHaveLength(1);
	});
});

describe('comment counts', () => {
	it('counts open and resolved threads per cell and per row', () => {
		const doc = new Y.Doc();
		init.initBoard(doc, { title: 'T', template: 'shadow-trust' });
		const author = { id: 'u1', name: 'Priya' };
		comments.addComment(doc, { target: { grid: 'scope', rowId: 'svc-adoption', columnId: 'col-budget' }, body: 'Check', author });
		const done = comments.addComment(doc, {
			target: { grid: 'scope', rowId: 'svc-adoption', columnId: 'col-budget' },
			body: 'Old',
			author
		});
		comments.resolveThread(doc, done, true, author);
		comments.addComment(doc, { target: { grid: 'scope', rowId: 'svc-adoption' }, body: 'Row', author });
		comments.addComment(doc, { target: { grid: 'models', rowId: 'model-cic' }, body: 'Model', author });
		const counts = commentCounts(read.readBoard(doc).threads, 'scope');
		expect(counts.get(cellKey('svc-adoption', 'col-budget'))).toEqual({ open: 1, resolved: 1 });
		expect(counts.get(cellKey('svc-adoption', ''))).toEqual({ open: 1, resolved: 0 });
		expect(counts.size).toBe(2);
	});
});
