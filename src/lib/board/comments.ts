import * as Y from 'yjs';
import * as ids from './ids.ts';
import * as schema from './schema.ts';
import * as values from './values.ts';
import type { Grid } from './schema.ts';

/**
 * Comments on a cell or a whole row. Each comment is its own entry in the
 * top-level `comments` map (never a list inside the row), so replies from
 * several people at once never conflict and a deleted row's threads can still
 * be archived. A thread is a root comment plus the comments whose parentId
 * points at it; resolution is recorded on the root.
 */

export interface Author {
	readonly id: string;
	readonly name: string;
}

export interface CommentTarget {
	readonly grid: Grid;
	readonly rowId: string;
	/** Omit for a comment on the whole row. */
	readonly columnId?: string | null;
}

function checkBody(body: string): string {
	const trimmed = body.trim();
	if (!trimmed) throw new schema.BoardError('emptyComment', 'a comment needs some text');
	if (trimmed.length > schema.LIMITS.comment)
		throw new schema.BoardError('tooLong', `comment longer than ${schema.LIMITS.comment} characters`);
	return trimmed;
}

function checkAuthor(author: Author): Author {
	if (!values.isMemberId(author.id)) throw new schema.BoardError('invalidAuthor', 'author needs a user id');
	const name = author.name.trim();
	if (!name || name.length > schema.LIMITS.personName) throw new schema.BoardError('invalidAuthor', 'author needs a name');
	return { id: author.id, name };
}

function write(doc: Y.Doc, fields: Record<string, unknown>): string {
	const id = ids.newId();
	doc.transact(() => {
		const comment = new Y.Map<unknown>();
		for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) comment.set(k, v);
		schema.roots(doc).comments.set(id, comment);
	});
	return id;
}

export interface NewComment {
	readonly target: CommentTarget;
	readonly body: string;
	readonly author: Author;
	readonly at?: Date;
}

export function addComment(doc: Y.Doc, comment: NewComment): string {
	const { target } = comment;
	if (!schema.isOneOf(schema.GRIDS, target.grid)) throw new schema.BoardError('invalidTarget', 'unknown grid');
	if (!ids.isId(target.rowId) || (target.columnId != null && !ids.isId(target.columnId)))
		throw new schema.BoardError('invalidTarget', 'comment target needs row (and column) ids');
	const author = checkAuthor(comment.author);
	return write(doc, {
		grid: target.grid,
		rowId: target.rowId,
		columnId: target.columnId ?? undefined,
		authorId: author.id,
		authorName: author.name,
		createdAt: (comment.at ?? new Date()).toISOString(),
		body: checkBody(comment.body)
	});
}

export interface NewReply {
	readonly threadId: string;
	readonly body: string;
	readonly author: Author;
	readonly at?: Date;
}

/** A reply joins the thread of the comment it answers (threads are one level deep). */
export function reply(doc: Y.Doc, replyTo: NewReply): string | null {
	const author = checkAuthor(replyTo.author);
	const body = checkBody(replyTo.body);
	const { comments } = schema.roots(doc);
	const parent = schema.childMap(comments, replyTo.threadId);
	if (!parent) return null;
	const parentOfParent = parent.get('parentId');
	const rootId = typeof parentOfParent === 'string' ? parentOfParent : replyTo.threadId;
	return write(doc, {
		grid: parent.get('grid'),
		rowId: parent.get('rowId'),
		columnId: parent.get('columnId'),
		parentId: rootId,
		authorId: author.id,
		authorName: author.name,
		createdAt: (replyTo.at ?? new Date()).toISOString(),
		body
	});
}

export function resolveThread(doc: Y.Doc, threadId: string, resolved: boolean, by: Author, at: Date = new Date()): boolean {
	const author = checkAuthor(by);
	return doc.transact(() => {
		const root = schema.childMap(schema.roots(doc).comments, threadId);
		if (!root || root.has('parentId')) return false;
		if (resolved) {
			root.set('resolved', true);
			root.set('resolvedById', author.id);
			root.set('resolvedByName', author.name);
			root.set('resolvedAt', at.toISOString());
		} else {
			for (const key of ['resolved', 'resolvedById', 'resolvedByName', 'resolvedAt']) root.delete(key);
		}
		return true;
	});
}

export function editComment(doc: Y.Doc, commentId: string, body: string, at: Date = new Date()): boolean {
	const checked = checkBody(body);
	return doc.transact(() => {
		const c = schema.childMap(schema.roots(doc).comments, commentId);
		c?.set('body', checked);
		c?.set('editedAt', at.toISOString());
		return c !== null;
	});
}

/** Deleting a thread's first comment deletes its replies too. */
export function deleteComment(doc: Y.Doc, commentId: string): void {
	doc.transact(() => {
		const { comments } = schema.roots(doc);
		comments.delete(commentId);
		for (const [id, c] of Array.from(comments.entries())) if (c instanceof Y.Map && c.get('parentId') === commentId) comments.delete(id);
	});
}
