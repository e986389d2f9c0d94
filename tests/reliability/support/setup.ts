import * as Y from 'yjs';
import * as init from '../../../src/lib/board/init.ts';
import type { TemplateName } from '../../../src/lib/board/template.ts';
import * as board from '../../../src/lib/server/board.ts';
import type { Fixtures, TestUser } from '../../support/fixtures.ts';

/** A board created the way the "new board" action creates one, from a template (both grids filled). */
export async function templateBoard(
	fixtures: Fixtures,
	chair: TestUser,
	title = 'Reliability board',
	template: TemplateName = 'shadow-trust'
): Promise<string> {
	const doc = new Y.Doc();
	init.initBoard(doc, { title, template });
	const created = await board.create(fixtures.db, { title, createdBy: chair.id, initialUpdate: Y.encodeStateAsUpdate(doc) });
	doc.destroy();
	return created.id;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
