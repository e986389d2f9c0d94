import * as Y from 'yjs';
import * as schema from './schema.ts';
import * as boardText from './text.ts';

/** Board title and description: Y.Text so that two people fixing a typo both win. */

function metaText(doc: Y.Doc, key: 'title' | 'description'): Y.Text {
	return doc.transact(() => {
		const { meta } = schema.roots(doc);
		const existing = meta.get(key);
		if (existing instanceof Y.Text) return existing;
		const text = boardText.newText();
		meta.set(key, text);
		return text;
	});
}

export function titleText(doc: Y.Doc): Y.Text {
	return metaText(doc, 'title');
}

export function boardDescriptionText(doc: Y.Doc): Y.Text {
	return metaText(doc, 'description');
}

export function setTitle(doc: Y.Doc, title: string): void {
	if (title.length > schema.LIMITS.title) throw new schema.BoardError('tooLong', `title longer than ${schema.LIMITS.title} characters`);
	doc.transact(() => boardText.replaceText(titleText(doc), title));
}

export function setBoardDescription(doc: Y.Doc, description: string): void {
	if (description.length > schema.LIMITS.boardDescription)
		throw new schema.BoardError('tooLong', `description longer than ${schema.LIMITS.boardDescription} characters`);
	doc.transact(() => boardText.replaceText(boardDescriptionText(doc), description));
}
