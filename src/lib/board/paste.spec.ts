import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MODEL_NAME_COLUMN, addRow } from './grid.ts';
import { initBoard } from './init.ts';
import { pasteBlock } from './paste.ts';
import { readBoard } from './read.ts';
import { rootTypes } from './schema.ts';
import { TEMPLATE_COLUMN_IDS as C } from './template.ts';
import { parseTsv } from './tsv.ts';

function board(template: 'blank' | 'shadow-trust' = 'blank') {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Paste', template });
	return doc;
}

describe('pasting a block', () => {
	it('parses typed values from spreadsheet text and adds rows past the end', () => {
		const doc = board();
		const first = addRow(doc, 'scope');
		const clip = 'Fostering\tChildren in care\tTransfer to trust\t\t"£1,250.50"\t12.5\n' + 'Adoption\tChildren in care\tretain in council\tAdoption and Children Act 2002\t(300)\tten\n';
		const result = pasteBlock(doc, 'scope', first, C.service, parseTsv(clip));
		expect(result.rowsAdded).toHaveLength(1);
		expect(result.skipped).toEqual([{ row: 1, column: 5, reason: '"ten" is not a number' }]);
		const view = readBoard(doc).scope;
		const area = view.columns.find((c) => c.id === C.area)!;
		// A new label becomes an option once, shared by both rows.
		const careOption = area.options.find((o) => o.label === 'Children in care')!;
		expect(view.rows.map((r) => r.cells)).toEqual([
			{ [C.service]: 'Fostering', [C.area]: careOption.id, [C.decision]: 'transfer', [C.budget]: 1250.5, [C.staff]: 12.5 },
			{
				[C.service]: 'Adoption',
				[C.area]: careOption.id,
				[C.decision]: 'retain',
				[C.statutoryBasis]: 'Adoption and Children Act 2002',
				[C.budget]: -300
			}
		]);
	});

	it('is one undo step', () => {
		const doc = board();
		const me = Symbol('me');
		const row = addRow(doc, 'scope', undefined, me);
		const undo = new Y.UndoManager(rootTypes(doc), { trackedOrigins: new Set([me]), captureTimeout: 0 });
		pasteBlock(doc, 'scope', row, C.service, [['a', '', 'Undecided'], ['b'], ['c']], me);
		expect(readBoard(doc).scope.rows).toHaveLength(3);
		undo.undo();
		const rows = readBoard(doc).scope.rows;
		expect(rows).toHaveLength(1);
		expect(rows[0]!.cells).toEqual({});
	});

	it('follows the visible column order of a personal view and reports what did not fit', () => {
		const doc = board();
		const row = addRow(doc, 'scope');
		const result = pasteBlock(doc, 'scope', row, C.risk, [['Red', 'yes', 'extra']], null, {
			columnIds: [C.service, C.risk, C.lead],
			members: [{ id: 'u1', name: 'Yes' }],
			addRows: false
		});
		expect(result.skipped).toEqual([{ row: 0, column: 2, reason: 'beyond the last column' }]);
		expect(readBoard(doc).scope.rows[0]!.cells).toEqual({ [C.risk]: 'red', [C.lead]: 'u1' });
	});

	it('pastes names and scores into the model grid, skipping off-scale scores', () => {
		const doc = board('shadow-trust');
		const view = readBoard(doc).models;
		const [m1, m2] = view.rows;
		const [c1, c2] = view.criteria;
		const result = pasteBlock(doc, 'models', m1!.id, MODEL_NAME_COLUMN, parseTsv('Company\t4\t5\nMutual\t7\t2.0\n'));
		expect(result.skipped).toEqual([{ row: 1, column: 1, reason: '7 is outside the scale 0-5' }]);
		const rows = readBoard(doc).models.rows;
		expect(rows[0]!.name).toBe('Company');
		expect([rows[0]!.cells[c1!.id]!.score, rows[0]!.cells[c2!.id]!.score]).toEqual([4, 5]);
		expect(rows[1]!.id).toBe(m2!.id);
		expect([rows[1]!.cells[c1!.id]!.score, rows[1]!.cells[c2!.id]!.score]).toEqual([null, 2]);
	});
});
