import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isId, newId } from './ids.ts';
import { initBoard } from './init.ts';
import { boardFromJson, boardToJson } from './json.ts';
import { readBoard } from './read.ts';
import { roots } from './schema.ts';
import { TEMPLATE_COLUMN_IDS as C } from './template.ts';
import { repairBoard } from './validate.ts';

const BUILT_INS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('ids', () => {
	it('accepts generated ids and refuses names every object answers to', () => {
		for (let i = 0; i < 100; i++) expect(isId(newId())).toBe(true);
		expect(isId('svc-fostering')).toBe(true);
		for (const name of BUILT_INS) expect(isId(name)).toBe(false);
	});

	it('repairs rows and cells keyed by built-in names away, so exports and re-import are exact', () => {
		const doc = new Y.Doc();
		initBoard(doc, { title: 'Board', template: 'shadow-trust' });
		// What a modified client could write straight into the document.
		doc.transact(() => {
			for (const name of BUILT_INS) {
				const row = new Y.Map<unknown>();
				row.set('order', 'z');
				row.set('cells', new Y.Map());
				roots(doc).scopeRows.set(name, row);
			}
			const fostering = roots(doc).scopeRows.get('svc-fostering') as Y.Map<Y.Map<unknown>>;
			fostering.get('cells')?.set('constructor', 'x');
			fostering.get('cells')?.set(C.notes, 'kept');
		});
		expect(repairBoard(doc, null).length).toBeGreaterThan(0);
		const view = readBoard(doc);
		expect(view.scope.rows.map((row) => row.id)).not.toEqual(expect.arrayContaining(BUILT_INS.slice(0, 1)));
		const fostering = view.scope.rows.find((row) => row.id === 'svc-fostering');
		expect(fostering?.cells[C.notes]).toBe('kept');
		expect(Object.keys(fostering?.cells ?? {})).not.toContain('constructor');
		const json = boardToJson(doc);
		const again = boardFromJson(JSON.parse(JSON.stringify(json)));
		expect(readBoard(again)).toEqual(view);
	});
});
