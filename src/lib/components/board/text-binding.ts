import type * as Y from 'yjs';

/**
 * Two-way binding between a Y.Text and an <input> or <textarea>. Local typing becomes the smallest Y.Text
 * edit (so a colleague typing elsewhere in the same field keeps their characters), and remote edits are
 * applied without moving the local caret off the character it was next to.
 */

const LOCAL = Symbol('text-binding');

/** The edit that turns `before` into `after`, given where the caret ended up (it ends after inserted text). */
export function diff(before: string, after: string, caret: number): { index: number; remove: number; insert: string } {
	const maxSuffix = Math.min(before.length, after.length, Math.max(0, after.length - caret));
	let suffix = 0;
	while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
	const maxPrefix = Math.min(before.length, after.length) - suffix;
	let prefix = 0;
	while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
	return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

type Delta = { retain?: number; insert?: unknown; delete?: number }[];

/** Where `position` in the old text lands after a remote change described by `delta` (Yjs delta format). */
export function transformPosition(position: number, delta: Delta): number {
	let cursor = 0;
	let moved = position;
	for (const op of delta) {
		if (op.retain) {
			cursor += op.retain;
		} else if (typeof op.insert === 'string') {
			// Text inserted before the caret pushes it right; text inserted at the caret goes after it.
			if (cursor < position) moved += op.insert.length;
		} else if (op.delete) {
			if (cursor < position) moved -= Math.min(op.delete, position - cursor);
			cursor += op.delete;
		}
	}
	return moved;
}

/**
 * Binds the element to the text. `origin` tags local edits: pass an undo manager's tracked origin so Ctrl+Z takes
 * back only this person's typing.
 */
export function bindText(element: HTMLInputElement | HTMLTextAreaElement, text: Y.Text, origin: unknown = LOCAL): () => void {
	element.value = text.toString();

	const onInput = () => {
		const before = text.toString();
		const after = element.value;
		if (before === after) return;
		const edit = diff(before, after, element.selectionEnd ?? after.length);
		text.doc?.transact(() => {
			if (edit.remove > 0) text.delete(edit.index, edit.remove);
			if (edit.insert) text.insert(edit.index, edit.insert);
		}, origin);
	};

	const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
		// My own typing is already in the element; an undo of it (another origin) is not.
		if (transaction.origin === origin && element.value === text.toString()) return;
		const focused = document.activeElement === element;
		const start = element.selectionStart ?? 0;
		const end = element.selectionEnd ?? 0;
		const direction = element.selectionDirection ?? 'none';
		element.value = text.toString();
		if (focused) {
			const delta = event.delta as Delta;
			element.setSelectionRange(transformPosition(start, delta), transformPosition(end, delta), direction);
		}
	};

	element.addEventListener('input', onInput);
	text.observe(onChange);
	return () => {
		element.removeEventListener('input', onInput);
		text.unobserve(onChange);
	};
}
