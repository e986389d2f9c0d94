import * as Y from 'yjs';
import * as schema from './schema.ts';

/**
 * Replace a Y.Text's content with `next` by editing only the span that differs,
 * so characters someone else is typing concurrently elsewhere in the text survive.
 */
export function replaceText(text: Y.Text, next: string): void {
	const current = text.toString();
	if (current === next) return;
	let start = 0;
	const max = Math.min(current.length, next.length);
	while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++;
	let end = 0;
	while (end < max - start && current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
	const removed = current.length - start - end;
	if (removed > 0) text.delete(start, removed);
	const inserted = next.slice(start, next.length - end);
	if (inserted) text.insert(start, inserted);
}

/** A new Y.Text holding `initial`; content inserted before integration is kept by Yjs. */
export function newText(initial = ''): Y.Text {
	return new Y.Text(initial);
}

/** A name or short text as stored: trimmed, and refused when not text or longer than `limit`. */
export function checkName(name: string, what = 'name', limit: number = schema.LIMITS.name): string {
	if (typeof name !== 'string') throw new schema.BoardError('invalidName', `${what} must be text`);
	const trimmed = name.trim();
	if (trimmed.length > limit) throw new schema.BoardError('tooLong', `${what} longer than ${limit} characters`);
	return trimmed;
}
