import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as ids from './ids.ts';
import * as init from './init.ts';
import * as jsonImport from './json-import.ts';
import * as jsonExport from './json-export.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as template from './template.ts';
import * as validate from './validate.ts';

const BUILT_INS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('ids', () => {
	it('accepts generated ids and refuses names every object answers to', () => {
		for (let i = 0; i < 100; i++) expect(ids.isId(ids.newId())).toBe(true);
		expect(ids.isId('svc-fostering')).toBe(true);
		for (const name of BUILT_INS) expect(ids.isId(name)).toBe(false);
	});

	it('repairs rows and cells keyed by built-in names away, so exports and re-import are exact', () => {
		const doc = new Y.Doc();
		init.initBoard(doc, { title: 'Board', template: 'shadow-trust' });
		// What a modified client could write straight into the document.
		doc.transact(() => {
			for (const name of BUILT_INS) {
				const row = new Y.Map<unknown>();
				row.set('order', 'z');
				row.set('cells', new Y.Map());
				schema.roots(doc).scopeRows.set(name, row);
			}
			const fostering = schema.roots(doc).scopeRows.get('svc-fostering') as Y.Map<Y.Map<unknown>>;
			fostering.get('cells')?.set('constructor', 'x');
			fostering.get('cells')?.set(template.TEMPLATE_COLUMN_IDS.notes, 'kept');
		});
		expect(validate.repairBoard(doc, null).length).toBeGreaterThan(0);
		const view = read.readBoard(doc);
		expect(view.scope.rows.map((row) => row.id)).not.toEqual(expect.arrayContaining(BUILT_INS.slice(0, 1)));
		const fostering = view.scope.rows.find((row) => row.id === 'svc-fostering');
		expect(fostering?.cells[template.TEMPLATE_COLUMN_IDS.notes]).toBe('kept');
		expect(Object.keys(fostering?.cells ?? {})).not.toContain('constructor');
		const json = jsonExport.boardToJson(doc);
		const again = jsonImport.boardFromJson(JSON.parse(JSON.stringify(json)));
		expect(read.readBoard(again)).toEqual(view);
	});
});
