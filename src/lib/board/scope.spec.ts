import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as grid from './grid.ts';
import * as init from './init.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as scope from './scope.ts';
import * as template from './template.ts';

function board() {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Scope', template: 'blank' });
	return doc;
}

const rowsOf = (doc: Y.Doc) => read.readBoard(doc).scope.rows;
const serviceNames = (doc: Y.Doc) => rowsOf(doc).map((r) => r.cells[template.TEMPLATE_COLUMN_IDS.service]);

describe('scope rows', () => {
	it('adds, moves and deletes rows, keeping order separate from content', () => {
		const doc = board();
		const ids = ['A', 'B', 'C', 'D'].map((name) => {
			const id = grid.addRow(doc, 'scope');
			grid.setCell(doc, 'scope', id, template.TEMPLATE_COLUMN_IDS.service, name);
			return id;
		});
		expect(serviceNames(doc)).toEqual(['A', 'B', 'C', 'D']);
		grid.moveRow(doc, 'scope', ids[3]!, 0);
		expect(serviceNames(doc)).toEqual(['D', 'A', 'B', 'C']);
		grid.moveRow(doc, 'scope', ids[3]!, 2);
		expect(serviceNames(doc)).toEqual(['A', 'B', 'D', 'C']);
		grid.addRow(doc, 'scope', 1);
		expect(serviceNames(doc)).toEqual(['A', undefined, 'B', 'D', 'C']);
		grid.deleteRow(doc, 'scope', ids[1]!);
		expect(serviceNames(doc)).toEqual(['A', undefined, 'D', 'C']);
	});

	it('makes each write one undo step for the origin that made it', () => {
		const doc = board();
		const me = { user: 'me' };
		const undo = new Y.UndoManager(schema.rootTypes(doc), { trackedOrigins: new Set([me]), captureTimeout: 0 });
		const id = doc.transact(() => grid.addRow(doc, 'scope'), me);
		doc.transact(() => grid.setCell(doc, 'scope', id, template.TEMPLATE_COLUMN_IDS.service, 'Mine'), me);
		doc.transact(() => grid.setCell(doc, 'scope', id, template.TEMPLATE_COLUMN_IDS.risk, 'red'), { user: 'someone else' });
		undo.undo();
		expect(rowsOf(doc)[0]!.cells).toEqual({ [template.TEMPLATE_COLUMN_IDS.risk]: 'red' });
		undo.undo();
		expect(rowsOf(doc)).toHaveLength(0);
	});
});

describe('typed cells', () => {
	it('validates values on write', () => {
		const doc = board();
		const id = grid.addRow(doc, 'scope');
		const bad: [string, unknown][] = [
			[template.TEMPLATE_COLUMN_IDS.service, 'x'.repeat(2001)],
			[template.TEMPLATE_COLUMN_IDS.budget, Number.NaN],
			[template.TEMPLATE_COLUMN_IDS.staff, Infinity],
			[template.TEMPLATE_COLUMN_IDS.budget, '12'],
			[template.TEMPLATE_COLUMN_IDS.decision, 'not-an-option'],
			[template.TEMPLATE_COLUMN_IDS.risk, 'purple'],
			[template.TEMPLATE_COLUMN_IDS.lead, ''],
			[template.TEMPLATE_COLUMN_IDS.rationale, 'y'.repeat(20_001)]
		];
		for (const [column, value] of bad)
			expect(() => scope.setCell(doc, id, column, value as never), `${column} = ${String(value).slice(0, 20)}`).toThrow(schema.BoardError);
		expect(rowsOf(doc)[0]!.cells).toEqual({});
		scope.setCell(doc, id, template.TEMPLATE_COLUMN_IDS.budget, 1250.5);
		scope.setCell(doc, id, template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
		scope.setCell(doc, id, template.TEMPLATE_COLUMN_IDS.risk, 'amber');
		scope.setCell(doc, id, template.TEMPLATE_COLUMN_IDS.rationale, 'Core social care');
		expect(rowsOf(doc)[0]!.cells).toEqual({
			[template.TEMPLATE_COLUMN_IDS.budget]: 1250.5,
			[template.TEMPLATE_COLUMN_IDS.decision]: 'transfer',
			[template.TEMPLATE_COLUMN_IDS.risk]: 'amber',
			[template.TEMPLATE_COLUMN_IDS.rationale]: 'Core social care'
		});
	});

	it('rejects impossible dates and accepts real ones', () => {
		const doc = board();
		const col = grid.addColumn(doc, 'scope', { name: 'Go-live', type: 'date' });
		const id = grid.addRow(doc, 'scope');
		expect(() => scope.setCell(doc, id, col, '2017-02-30')).toThrow(schema.BoardError);
		scope.setCell(doc, id, col, '2017-04-01');
		expect(rowsOf(doc)[0]!.cells[col]).toBe('2017-04-01');
	});

	it('edits long text through its Y.Text so concurrent typing merges', () => {
		const doc = board();
		const id = grid.addRow(doc, 'scope');
		const text = scope.cellText(doc, id, template.TEMPLATE_COLUMN_IDS.notes);
		expect(text).toBeInstanceOf(Y.Text);
		text!.insert(0, 'Hello');
		scope.setCell(doc, id, template.TEMPLATE_COLUMN_IDS.notes, 'Hello there');
		expect(text!.toString()).toBe('Hello there');
		expect(scope.cellText(doc, id, template.TEMPLATE_COLUMN_IDS.service)).toBeNull();
	});

	it('ignores writes to a row deleted by someone else', () => {
		const doc = board();
		const id = grid.addRow(doc, 'scope');
		grid.deleteRow(doc, 'scope', id);
		expect(scope.setCell(doc, id, template.TEMPLATE_COLUMN_IDS.service, 'late')).toBe(false);
		expect(rowsOf(doc)).toHaveLength(0);
	});
});

describe('scope columns', () => {
	it('adds, renames, moves and deletes columns and their cells', () => {
		const doc = board();
		const col = grid.addColumn(doc, 'scope', { name: 'Owner team', type: 'text' }, 1);
		const names = () => read.readBoard(doc).scope.columns.map((c) => c.name);
		expect(names()[1]).toBe('Owner team');
		grid.renameColumn(doc, 'scope', col, 'Team');
		grid.moveColumn(doc, 'scope', col, 0);
		expect(names()[0]).toBe('Team');
		const id = grid.addRow(doc, 'scope');
		grid.setCell(doc, 'scope', id, col, 'Ops');
		grid.deleteColumn(doc, 'scope', col);
		expect(names()).not.toContain('Team');
		expect(rowsOf(doc)[0]!.cells).toEqual({});
	});

	it('gives existing rows a Y.Text when a long text column is added', () => {
		const doc = board();
		const id = grid.addRow(doc, 'scope');
		const col = grid.addColumn(doc, 'scope', { name: 'Minutes', type: 'longText' });
		const row = doc.getMap('scopeRows').get(id) as Y.Map<unknown>;
		expect((row.get('cells') as Y.Map<unknown>).get(col)).toBeInstanceOf(Y.Text);
	});

	it('retypes columns converting values through their text', () => {
		const doc = board();
		const col = grid.addColumn(doc, 'scope', { name: 'Size', type: 'text' });
		const ids = ['12', '1,500.5', 'big', ''].map((v) => {
			const id = grid.addRow(doc, 'scope');
			if (v) grid.setCell(doc, 'scope', id, col, v);
			return id;
		});
		expect(scope.retypeColumn(doc, col, 'number')).toEqual({ converted: 2, cleared: 1 });
		expect(ids.map((id) => rowsOf(doc).find((r) => r.id === id)!.cells[col])).toEqual([12, 1500.5, undefined, undefined]);
		scope.retypeColumn(doc, col, 'select');
		const column = read.readBoard(doc).scope.columns.find((c) => c.id === col)!;
		expect(column.options.map((o) => o.label)).toEqual(['12', '1500.5']);
		scope.retypeColumn(doc, col, 'longText');
		expect(rowsOf(doc).map((r) => r.cells[col])).toEqual(['12', '1500.5', undefined, undefined]);
		scope.retypeColumn(doc, col, 'currency', { unit: 'millions' });
		const after = read.readBoard(doc).scope.columns.find((c) => c.id === col)!;
		expect(after.unit).toBe('millions');
		expect(rowsOf(doc).map((r) => r.cells[col])).toEqual([12, 1500.5, undefined, undefined]);
	});
});

describe('select options', () => {
	it('adds, renames, recolours and deletes options, clearing cells that used a deleted one', () => {
		const doc = board();
		const opt = scope.addOption(doc, template.TEMPLATE_COLUMN_IDS.decision, { label: 'Transfer in part', colour: '#FF0000' });
		expect(() => scope.addOption(doc, template.TEMPLATE_COLUMN_IDS.decision, { label: 'transfer in part' })).toThrow(schema.BoardError);
		expect(() => scope.recolourOption(doc, template.TEMPLATE_COLUMN_IDS.decision, opt, 'red')).toThrow(schema.BoardError);
		scope.renameOption(doc, template.TEMPLATE_COLUMN_IDS.decision, opt, 'Partial transfer');
		scope.recolourOption(doc, template.TEMPLATE_COLUMN_IDS.decision, opt, '#00ff00');
		const option = () =>
			read
				.readBoard(doc)
				.scope.columns.find((c) => c.id === template.TEMPLATE_COLUMN_IDS.decision)!
				.options.find((o) => o.id === opt);
		expect(option()).toEqual({ id: opt, label: 'Partial transfer', colour: '#00ff00' });
		const id = grid.addRow(doc, 'scope');
		grid.setCell(doc, 'scope', id, template.TEMPLATE_COLUMN_IDS.decision, opt);
		scope.deleteOption(doc, template.TEMPLATE_COLUMN_IDS.decision, opt);
		expect(option()).toBeUndefined();
		expect(rowsOf(doc)[0]!.cells).toEqual({});
	});
});
