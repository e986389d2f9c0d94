import type { Kysely } from 'kysely';
import { findMentions } from '../board/mentions.ts';
import type { BoardView, ThreadView } from '../board/read.ts';
import type { Schema } from './db/schema.ts';
import { newId } from './ids.ts';

/**
 * A member's in-app notifications: today, being @mentioned in a comment.
 * They are made on the server from the comment as the board stores it (never
 * from what a browser says it wrote), one per member and comment however
 * often it is asked, and a member only ever sees those of boards they are
 * still on.
 */

export interface Notification {
	id: string;
	boardId: string;
	boardTitle: string;
	text: string;
	link: string;
	createdAt: number;
	read: boolean;
}

export const LIST_LIMIT = 100;
const EXCERPT = 140;

/** The comment with this id in a thread of the board, with the thread it is in. */
function findComment(view: BoardView, commentId: string): { thread: ThreadView; comment: ThreadView['comments'][number] } | null {
	for (const thread of view.threads) {
		const comment = thread.comments.find((c) => c.id === commentId);
		if (comment) return { thread, comment };
	}
	return null;
}

export type MentionResult = { kind: 'not-found' } | { kind: 'not-author' } | { kind: 'ok'; notified: string[]; where: string };

/**
 * Notifies the members `commentId` mentions, if the comment is on the board
 * and was written by `author`. `place` names the cell or row for the
 * sentence. Returns who was newly notified: a member is notified once per
 * comment, so asking again after an edit reaches only those it newly mentions.
 */
export async function notifyMentions(
	db: Kysely<Schema>,
	input: {
		boardId: string;
		view: BoardView;
		commentId: string;
		author: { id: string; name: string };
		members: readonly { id: string; name: string }[];
		place: (thread: ThreadView) => string;
		/** For an edited comment, the edit's time: until the board holds that edit (or a later one) it is not found. */
		editedAt?: string;
	},
	now = Date.now()
): Promise<MentionResult> {
	const found = findComment(input.view, input.commentId);
	if (!found) return { kind: 'not-found' };
	const edit = found.comment.editedAt;
	if (input.editedAt !== undefined && (edit === null || Date.parse(edit) < Date.parse(input.editedAt))) return { kind: 'not-found' };
	if (found.comment.authorId !== input.author.id) return { kind: 'not-author' };
	const where = input.place(found.thread);
	const mentioned = findMentions(found.comment.body, input.members).filter((id) => id !== input.author.id);
	const body = found.comment.body.replace(/\s+/g, ' ').trim();
	const excerpt = body.length > EXCERPT ? `${body.slice(0, EXCERPT - 1)}…` : body;
	const cell = found.thread.columnId ? `&cell=${encodeURIComponent(`${found.thread.rowId}~${found.thread.columnId}`)}` : '';
	const link = `/boards/${input.boardId}?tab=${found.thread.grid}${cell}`;
	const notified: string[] = [];
	for (const userId of mentioned) {
		const inserted = await db
			.insertInto('notifications')
			.values({
				id: newId(),
				user_id: userId,
				board_id: input.boardId,
				kind: 'mention',
				subject_id: input.commentId,
				by_user_id: input.author.id,
				text: `${input.author.name} mentioned you on ${where}: “${excerpt}”`,
				link,
				created_at: now,
				read_at: null
			})
			.onConflict((oc) => oc.columns(['user_id', 'kind', 'subject_id']).doNothing())
			.executeTakeFirst();
		if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) notified.push(userId);
	}
	return { kind: 'ok', notified, where };
}

/** A member's notifications, newest first, from boards they are still a member of. */
export async function list(db: Kysely<Schema>, userId: string, limit = LIST_LIMIT): Promise<Notification[]> {
	const rows = await db
		.selectFrom('notifications as n')
		.innerJoin('memberships as m', (join) => join.onRef('m.board_id', '=', 'n.board_id').onRef('m.user_id', '=', 'n.user_id'))
		.innerJoin('boards as b', 'b.id', 'n.board_id')
		.select(['n.id', 'n.board_id', 'b.title', 'n.text', 'n.link', 'n.created_at', 'n.read_at'])
		.where('n.user_id', '=', userId)
		.orderBy('n.created_at', 'desc')
		.orderBy('n.id')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		boardId: r.board_id,
		boardTitle: r.title,
		text: r.text,
		link: r.link,
		createdAt: Number(r.created_at),
		read: r.read_at !== null
	}));
}

export async function unreadCount(db: Kysely<Schema>, userId: string): Promise<number> {
	const row = await db
		.selectFrom('notifications as n')
		.innerJoin('memberships as m', (join) => join.onRef('m.board_id', '=', 'n.board_id').onRef('m.user_id', '=', 'n.user_id'))
		.select(({ fn }) => fn.countAll().as('count'))
		.where('n.user_id', '=', userId)
		.where('n.read_at', 'is', null)
		.executeTakeFirst();
	return Number(row?.count ?? 0);
}

/** Marks one of my notifications read (or all of them with `all`); someone else's id changes nothing. */
export async function markRead(db: Kysely<Schema>, userId: string, which: string | 'all', now = Date.now()): Promise<number> {
	let query = db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null);
	if (which !== 'all') query = query.where('id', '=', which);
	const result = await query.executeTakeFirst();
	return Number(result.numUpdatedRows);
}
