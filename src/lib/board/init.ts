import type * as Y from 'yjs';
import { setBoardDescription, setTitle } from './meta.ts';
import { BoardError, CURRENT_SCHEMA_VERSION, DEFAULT_SCALE, LIMITS, roots } from './schema.ts';
import { applyTemplate, type TemplateName } from './template.ts';

export interface InitOptions {
	readonly title: string;
	readonly description?: string;
	readonly template?: TemplateName;
}

/**
 * Create a new board's content, once. Returns false (and changes nothing) if
 * the document is already a board. The server calls this when it creates a
 * board; clients never need to. Should two parties still race, the template's
 * fixed ids and last-writer-wins on each key leave one consistent board.
 */
export function initBoard(doc: Y.Doc, options: InitOptions, origin: unknown = null): boolean {
	const { meta } = roots(doc);
	if (meta.has('schemaVersion')) return false;
	const title = options.title.trim();
	const description = options.description?.trim() ?? '';
	if (title.length > LIMITS.title) throw new BoardError('tooLong', `title longer than ${LIMITS.title} characters`);
	if (description.length > LIMITS.boardDescription)
		throw new BoardError('tooLong', `description longer than ${LIMITS.boardDescription} characters`);
	doc.transact(() => {
		meta.set('schemaVersion', CURRENT_SCHEMA_VERSION);
		meta.set('scale', { ...DEFAULT_SCALE });
		setTitle(doc, title, origin);
		setBoardDescription(doc, description, origin);
		applyTemplate(doc, options.template ?? 'blank', origin);
	}, origin);
	return true;
}
