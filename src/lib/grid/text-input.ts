import type * as Y from 'yjs';
import { diff, transformPosition } from '$lib/components/board/text-binding';

/**
 * Binds a textarea to a Y.Text for a long-text cell or a rationale: each input
 * event becomes the smallest Y.Text edit, tagged with this tab's undo origin,
 * so a colleague typing in the same cell keeps their characters and Ctrl+Z
 * takes back only mine. Remote edits keep my caret next to the same character.
 */
export function bindYText(element: HTMLTextAreaElement | HTMLInputElement, text: Y.Text, origin: object): () => void {
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
		if (transaction.origin === origin && transaction.local && element.value === text.toString()) return;
		const focused = document.activeElement === element;
		const start = element.selectionStart ?? 0;
		const end = element.selectionEnd ?? 0;
		element.value = text.toString();
		if (focused) {
			const delta = event.delta as Parameters<typeof transformPosition>[1];
			element.setSelectionRange(transformPosition(start, delta), transformPosition(end, delta));
		}
	};

	element.addEventListener('input', onInput);
	text.observe(onChange);
	return () => {
		element.removeEventListener('input', onInput);
		text.unobserve(onChange);
	};
}
