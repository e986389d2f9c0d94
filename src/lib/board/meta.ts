import * as Y from 'yjs';
import { BoardError, LIMITS, roots } from './schema.ts';
import { newText, replaceText } from './text.ts';

/** Board title and description: Y.Text so that two people fixing a typo both win. */

function metaText(doc: Y.Doc, key: 'title' | 'description', origin: unknown): Y.Text {
	return doc.transact(() => {
		const { meta } = roots(doc);
		const existing = meta.get(key);
		if (existing instanceof Y.Text) return existing;
		const text = newText();
		meta.set(key, text);
		return text;
	}, origin);
}

export function titleText(doc: Y.Doc, origin: unknown = null): Y.Text {
	return metaText(doc, 'title', origin);
}

export function boardDescriptionText(doc: Y.Doc, origin: unknown = null): Y.Text {
	return metaText(doc, 'description', origin);
}

export function setTitle(doc: Y.Doc, title: string, origin: unknown = null): void {
	if (title.length > LIMITS.title) throw new BoardError('tooLong', `title longer than ${LIMITS.title} characters`);
	doc.transact(() => replaceText(titleText(doc, origin), title), origin);
}

export function setBoardDescription(doc: Y.Doc, description: string, origin: unknown = null): void {
	if (description.length > LIMITS.boardDescription)
		throw new BoardError('tooLong', `description longer than ${LIMITS.boardDescription} characters`);
	doc.transact(() => replaceText(boardDescriptionText(doc, origin), description), origin);
}
