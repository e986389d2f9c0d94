import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as comments from '../board/comments.ts';
import * as init from '../board/init.ts';
import * as read from '../board/read.ts';
import * as board from './board.ts';
import { openTestDatabase, type TestDatabase } from './db/testing.ts';
import * as membership from './membership.ts';
import * as notifications from './notifications.ts';
import * as user from './user.ts';

describe.each(['sqlite', 'postgres'] as const)('mention notifications on %s', (dialect) => {
	let database: TestDatabase;
	const people: Record<'ann' | 'bob' | 'cat', { id: string; name: string }> = {} as never;
	let boardId: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		for (const [key, name] of [
			['ann', 'Ann Lee'],
			['bob', 'Bob Stone'],
			['cat', 'Cat Wu']
		] as const) {
			const created = await user.create(database.db, { username: key, displayName: name, password: 'password one' });
			if (!created.ok) throw new Error('setup failed');
			people[key] = { id: created.user.id, name };
		}
		boardId = (await board.create(database.db, { title: 'Shadow board', createdBy: people.ann.id, initialUpdate: new Uint8Array([0, 0]) }))
			.id;
		await membership.add(database.db, boardId, people.bob.id, 'editor', null);
		await membership.add(database.db, boardId, people.cat.id, 'observer', null);
	});
	afterAll(() => database.drop());

	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Board', template: 'shadow-trust' });

	it('notifies only the members a stored comment mentions, once, and only when its author asks', async () => {
		const commentId = comments.addComment(doc, {
			target: { grid: 'scope', rowId: 'svc-adoption', columnId: 'col-budget' },
			body: '@Bob Stone can you check this? (cc @Ann Lee)',
			author: people.ann
		});
		const input = {
			boardId,
			view: read.readBoard(doc),
			commentId,
			author: people.ann,
			members: Object.values(people),
			place: () => 'Adoption – Budget'
		};
		const first = await notifications.notifyMentions(database.db, input);
		// The author is not told about their own mention.
		expect(first).toEqual({ kind: 'ok', notified: [people.bob.id], where: 'Adoption – Budget' });
		expect(await notifications.notifyMentions(database.db, input)).toEqual({ kind: 'ok', notified: [], where: 'Adoption – Budget' });
		expect(await notifications.notifyMentions(database.db, { ...input, author: people.cat })).toEqual({ kind: 'not-author' });
		expect(await notifications.notifyMentions(database.db, { ...input, commentId: 'nosuchcomment' })).toEqual({ kind: 'not-found' });

		const [mine] = await notifications.list(database.db, people.bob.id);
		expect(mine).toMatchObject({
			boardTitle: 'Shadow board',
			read: false,
			link: `/boards/${boardId}?tab=scope&cell=svc-adoption~col-budget`
		});
		expect(mine?.text).toBe('Ann Lee mentioned you on Adoption – Budget: “@Bob Stone can you check this? (cc @Ann Lee)”');
		expect(await notifications.list(database.db, people.cat.id)).toEqual([]);
		expect(await notifications.unreadCount(database.db, people.bob.id)).toBe(1);

		// Marking someone else's notification read does nothing; my own, once.
		expect(await notifications.markRead(database.db, people.cat.id, mine!.id)).toBe(0);
		expect(await notifications.markRead(database.db, people.bob.id, mine!.id)).toBe(1);
		expect(await notifications.unreadCount(database.db, people.bob.id)).toBe(0);
	});

	it('after an edit, waits for that edit and then notifies only the members it newly mentions', async () => {
		const commentId = comments.addComment(doc, {
			target: { grid: 'scope', rowId: 'svc-adoption', columnId: 'col-notes' },
			body: 'Over to @Bob Stone',
			author: people.ann
		});
		const input = { boardId, commentId, author: people.ann, members: Object.values(people), place: () => 'Adoption – Notes' };
		expect(await notifications.notifyMentions(database.db, { ...input, view: read.readBoard(doc) })).toMatchObject({
			notified: [people.bob.id]
		});
		const editedAt = new Date('2026-12-07T10:00:00.000Z');
		// Asked before the edit reached the board: not found yet (the route tries again).
		expect(
			await notifications.notifyMentions(database.db, { ...input, view: read.readBoard(doc), editedAt: editedAt.toISOString() })
		).toEqual({
			kind: 'not-found'
		});
		comments.editComment(doc, commentId, 'Over to @Bob Stone and @Cat Wu', editedAt);
		expect(
			await notifications.notifyMentions(database.db, { ...input, view: read.readBoard(doc), editedAt: editedAt.toISOString() })
		).toEqual({
			kind: 'ok',
			notified: [people.cat.id],
			where: 'Adoption – Notes'
		});
		await notifications.markRead(database.db, people.cat.id, 'all');
	});

	it('hides a board’s notifications from a member who has left it', async () => {
		const commentId = comments.addComment(doc, {
			target: { grid: 'scope', rowId: 'svc-fostering' },
			body: 'Over to @Cat Wu',
			author: people.ann
		});
		await notifications.notifyMentions(database.db, {
			boardId,
			view: read.readBoard(doc),
			commentId,
			author: people.ann,
			members: Object.values(people),
			place: () => 'Fostering'
		});
		expect(await notifications.unreadCount(database.db, people.cat.id)).toBe(1);
		await membership.remove(database.db, boardId, people.cat.id, people.ann.id);
		expect(await notifications.list(database.db, people.cat.id)).toEqual([]);
		expect(await notifications.unreadCount(database.db, people.cat.id)).toBe(0);
	});
});
