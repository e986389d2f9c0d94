import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as grid from './grid.ts';
import * as init from './init.ts';
import * as paste from './paste.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as boardTemplate from './template.ts';
import * as tsv from './tsv.ts';

function board(template: 'blank' | 'shadow-trust' = 'blank') {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Paste', template });
	return doc;
}

describe('pasting a block', () => {
	it('parses typed values from spreadsheet text and adds rows past the end', () => {
		const doc = board();
		const first = grid.addRow(doc, 'scope');
		const clip =
			'Fostering\tChildren in care\tTransfer to trust\t\t"£1,250.50"\t12.5\n' +
			'Adoption\tChildren in care\tretain in council\tAdoption and Children Act 2002\t(300)\tten\n';
		const result = paste.pasteBlock(doc, 'scope', first, boardTemplate.TEMPLATE_COLUMN_IDS.service, tsv.parseTsv(clip));
		expect(result.rowsAdded).toHaveLength(1);
		expect(result.skipped).toEqual([{ row: 1, column: 5, reason: '"ten" is not a number' }]);
		const view = read.readBoard(doc).scope;
		const area = view.columns.find((c) => c.id === boardTemplate.TEMPLATE_COLUMN_IDS.area)!;
		// A new label becomes an option once, shared by both rows.
		const careOption = area.options.find((o) => o.label === 'Children in care')!;
		expect(view.rows.map((r) => r.cells)).toEqual([
			{
				[boardTemplate.TEMPLATE_COLUMN_IDS.service]: 'Fostering',
				[boardTemplate.TEMPLATE_COLUMN_IDS.area]: careOption.id,
				[boardTemplate.TEMPLATE_COLUMN_IDS.decision]: 'transfer',
				[boardTemplate.TEMPLATE_COLUMN_IDS.budget]: 1250.5,
				[boardTemplate.TEMPLATE_COLUMN_IDS.staff]: 12.5
			},
			{
				[boardTemplate.TEMPLATE_COLUMN_IDS.service]: 'Adoption',
				[boardTemplate.TEMPLATE_COLUMN_IDS.area]: careOption.id,
				[boardTemplate.TEMPLATE_COLUMN_IDS.decision]: 'retain',
				[boardTemplate.TEMPLATE_COLUMN_IDS.statutoryBasis]: 'Adoption and Children Act 2002',
				[boardTemplate.TEMPLATE_COLUMN_IDS.budget]: -300
			}
		]);
	});

	it('is one undo step', () => {
		const doc = board();
		const me = Symbol('me');
		const row = doc.transact(() => grid.addRow(doc, 'scope'), me);
		const undo = new Y.UndoManager(schema.rootTypes(doc), { trackedOrigins: new Set([me]), captureTimeout: 0 });
		doc.transact(
			() => paste.pasteBlock(doc, 'scope', row, boardTemplate.TEMPLATE_COLUMN_IDS.service, [['a', '', 'Undecided'], ['b'], ['c']]),
			me
		);
		expect(read.readBoard(doc).scope.rows).toHaveLength(3);
		undo.undo();
		const rows = read.readBoard(doc).scope.rows;
		expect(rows).toHaveLength(1);
		expect(rows[0]!.cells).toEqual({});
	});

	it('follows the visible column order of a personal view and reports what did not fit', () => {
		const doc = board();
		const row = grid.addRow(doc, 'scope');
		const result = paste.pasteBlock(doc, 'scope', row, boardTemplate.TEMPLATE_COLUMN_IDS.risk, [['Red', 'yes', 'extra']], {
			columnIds: [
				boardTemplate.TEMPLATE_COLUMN_IDS.service,
				boardTemplate.TEMPLATE_COLUMN_IDS.risk,
				boardTemplate.TEMPLATE_COLUMN_IDS.lead
			],
			members: [{ id: 'u1', name: 'Yes' }],
			addRows: false
		});
		expect(result.skipped).toEqual([{ row: 0, column: 2, reason: 'beyond the last column' }]);
		expect(read.readBoard(doc).scope.rows[0]!.cells).toEqual({
			[boardTemplate.TEMPLATE_COLUMN_IDS.risk]: 'red',
			[boardTemplate.TEMPLATE_COLUMN_IDS.lead]: 'u1'
		});
	});

	it('pastes names and scores into the model grid, skipping off-scale scores', () => {
		const doc = board('shadow-trust');
		const view = read.readBoard(doc).models;
		const [m1, m2] = view.rows;
		const [c1, c2] = view.criteria;
		const result = paste.pasteBlock(doc, 'models', m1!.id, grid.MODEL_NAME_COLUMN, tsv.parseTsv('Company\t4\t5\nMutual\t7\t2.0\n'));
		expect(result.skipped).toEqual([{ row: 1, column: 1, reason: '7 is outside the scale 0-5' }]);
		const rows = read.readBoard(doc).models.rows;
		expect(rows[0]!.name).toBe('Company');
		expect([rows[0]!.cells[c1!.id]!.score, rows[0]!.cells[c2!.id]!.score]).toEqual([4, 5]);
		expect(rows[1]!.id).toBe(m2!.id);
		expect([rows[1]!.cells[c1!.id]!.score, rows[1]!.cells[c2!.id]!.score]).toEqual([null, 2]);
	});

	it('skips the cells it is told are locked, with the reason, and writes the rest', () => {
		const doc = board();
		const first = grid.addRow(doc, 'scope');
		const second = grid.addRow(doc, 'scope');
		const C = boardTemplate.TEMPLATE_COLUMN_IDS;
		const result = paste.pasteBlock(doc, 'scope', first, C.service, [['Fostering'], ['Adoption']], {
			locked: (rowId) => (rowId === second ? 'locked by Cat Chair' : null)
		});
		expect(result).toMatchObject({ written: 1, skipped: [{ row: 1, column: 0, reason: 'locked by Cat Chair' }] });
		expect(read.readBoard(doc).scope.rows.map((r) => r.cells[C.service])).toEqual(['Fostering', undefined]);
	});
});
