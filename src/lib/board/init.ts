import type * as Y from 'yjs';
import * as boardMeta from './meta.ts';
import * as schema from './schema.ts';
import * as template from './template.ts';
import type { TemplateName } from './template.ts';

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
export function initBoard(doc: Y.Doc, options: InitOptions): boolean {
	const { meta } = schema.roots(doc);
	if (meta.has('schemaVersion')) return false;
	const title = options.title.trim();
	const description = options.description?.trim() ?? '';
	if (title.length > schema.LIMITS.title) throw new schema.BoardError('tooLong', `title longer than ${schema.LIMITS.title} characters`);
	if (description.length > schema.LIMITS.boardDescription)
		throw new schema.BoardError('tooLong', `description longer than ${schema.LIMITS.boardDescription} characters`);
	doc.transact(() => {
		meta.set('schemaVersion', schema.CURRENT_SCHEMA_VERSION);
		meta.set('scale', { ...schema.DEFAULT_SCALE });
		boardMeta.setTitle(doc, title);
		boardMeta.setBoardDescription(doc, description);
		template.applyTemplate(doc, options.template ?? 'blank');
	});
	return true;
}
