import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as comments from './comments.ts';
import * as grid from './grid.ts';
import * as init from './init.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as template from './template.ts';

const chair = { id: 'u-chair', name: 'Chair' };
const officer = { id: 'u-officer', name: 'Finance officer' };

describe('comments', () => {
	it('threads replies under a cell comment, with authors and times', () => {
		const doc = new Y.Doc();
		init.initBoard(doc, { title: 'Board' });
		const row = grid.addRow(doc, 'scope');
		const thread = comments.addComment(doc, {
			target: { grid: 'scope', rowId: row, columnId: template.TEMPLATE_COLUMN_IDS.budget },
			body: 'Is this figure net of grants?',
			author: officer,
			at: new Date('2016-09-07T10:00:00Z')
		});
		const answer = comments.reply(doc, { threadId: thread, body: 'Gross.', author: chair, at: new Date('2016-09-07T10:05:00Z') });
		// Replying to a reply stays in the same thread.
		comments.reply(doc, { threadId: answer!, body: 'Thanks', author: officer, at: new Date('2016-09-07T10:06:00Z') });
		const [view] = read.readBoard(doc).threads;
		expect(view).toMatchObject({
			id: thread,
			grid: 'scope',
			rowId: row,
			columnId: template.TEMPLATE_COLUMN_IDS.budget,
			resolved: false,
			targetExists: true
		});
		expect(view!.comments.map((c) => [c.authorName, c.body, c.createdAt])).toEqual([
			['Finance officer', 'Is this figure net of grants?', '2016-09-07T10:00:00.000Z'],
			['Chair', 'Gross.', '2016-09-07T10:05:00.000Z'],
			['Finance officer', 'Thanks', '2016-09-07T10:06:00.000Z']
		]);
	});

	it('resolves and reopens a thread, edits and deletes comments', () => {
		const doc = new Y.Doc();
		const thread = comments.addComment(doc, { target: { grid: 'models', rowId: 'm1' }, body: 'Score this', author: chair });
		comments.reply(doc, { threadId: thread, body: 'Done', author: officer });
		comments.resolveThread(doc, thread, true, chair, new Date('2017-01-10T12:00:00Z'));
		let view = read.readBoard(doc).threads[0]!;
		expect([view.resolved, view.resolvedBy, view.resolvedAt]).toEqual([true, chair, '2017-01-10T12:00:00.000Z']);
		comments.resolveThread(doc, thread, false, chair);
		expect(read.readBoard(doc).threads[0]!.resolved).toBe(false);
		comments.editComment(doc, thread, 'Score this, please', new Date('2017-01-11T09:00:00Z'));
		view = read.readBoard(doc).threads[0]!;
		expect([view.comments[0]!.body, view.comments[0]!.editedAt]).toEqual(['Score this, please', '2017-01-11T09:00:00.000Z']);
		comments.deleteComment(doc, thread);
		expect(read.readBoard(doc).threads).toEqual([]);
		expect(doc.getMap('comments').size).toBe(0);
	});

	it('refuses empty or anonymous comments and flags threads whose row was deleted', () => {
		const doc = new Y.Doc();
		init.initBoard(doc, { title: 'Board' });
		const row = grid.addRow(doc, 'scope');
		expect(() => comments.addComment(doc, { target: { grid: 'scope', rowId: row }, body: '  ', author: chair })).toThrow(schema.BoardError);
		expect(() => comments.addComment(doc, { target: { grid: 'scope', rowId: row }, body: 'x', author: { id: '', name: 'x' } })).toThrow(
			schema.BoardError
		);
		comments.addComment(doc, { target: { grid: 'scope', rowId: row }, body: 'Row note', author: chair });
		grid.deleteRow(doc, 'scope', row);
		expect(read.readBoard(doc).threads[0]!.targetExists).toBe(false);
	});
});
