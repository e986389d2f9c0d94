import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addColumn, addRow, deleteColumn, deleteRow, moveColumn, moveRow, renameColumn, setCell } from './grid.ts';
import { initBoard } from './init.ts';
import { readBoard } from './read.ts';
import { BoardError, rootTypes } from './schema.ts';
import {
	addOption,
	deleteOption,
	recolourOption,
	renameOption,
	retypeScopeColumn,
	scopeCellText,
	setScopeCell
} from './scope.ts';
import { TEMPLATE_COLUMN_IDS as C } from './template.ts';

function board() {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Scope', template: 'blank' });
	return doc;
}

const rowsOf = (doc: Y.Doc) => readBoard(doc).scope.rows;
const serviceNames = (doc: Y.Doc) => rowsOf(doc).map((r) => r.cells[C.service]);

describe('scope rows', () => {
	it('adds, moves and deletes rows, keeping order separate from content', () => {
		const doc = board();
		const ids = ['A', 'B', 'C', 'D'].map((name) => {
			const id = addRow(doc, 'scope');
			setCell(doc, 'scope', id, C.service, name);
			return id;
		});
		expect(serviceNames(doc)).toEqual(['A', 'B', 'C', 'D']);
		moveRow(doc, 'scope', ids[3]!, 0);
		expect(serviceNames(doc)).toEqual(['D', 'A', 'B', 'C']);
		moveRow(doc, 'scope', ids[3]!, 2);
		expect(serviceNames(doc)).toEqual(['A', 'B', 'D', 'C']);
		addRow(doc, 'scope', 1);
		expect(serviceNames(doc)).toEqual(['A', undefined, 'B', 'D', 'C']);
		deleteRow(doc, 'scope', ids[1]!);
		expect(serviceNames(doc)).toEqual(['A', undefined, 'D', 'C']);
	});

	it('makes each write one undo step for the origin that made it', () => {
		const doc = board();
		const me = { user: 'me' };
		const undo = new Y.UndoManager(rootTypes(doc), { trackedOrigins: new Set([me]), captureTimeout: 0 });
		const id = addRow(doc, 'scope', undefined, me);
		setCell(doc, 'scope', id, C.service, 'Mine', me);
		setCell(doc, 'scope', id, C.risk, 'red', { user: 'someone else' });
		undo.undo();
		expect(rowsOf(doc)[0]!.cells).toEqual({ [C.risk]: 'red' });
		undo.undo();
		expect(rowsOf(doc)).toHaveLength(0);
	});
});

describe('typed cells', () => {
	it('validates values on write', () => {
		const doc = board();
		const id = addRow(doc, 'scope');
		const bad: [string, unknown][] = [
			[C.service, 'x'.repeat(2001)],
			[C.budget, Number.NaN],
			[C.staff, Infinity],
			[C.budget, '12'],
			[C.decision, 'not-an-option'],
			[C.risk, 'purple'],
			[C.lead, ''],
			[C.rationale, 'y'.repeat(20_001)]
		];
		for (const [column, value] of bad)
			expect(() => setScopeCell(doc, id, column, value as never), `${column} = ${String(value).slice(0, 20)}`).toThrow(BoardError);
		expect(rowsOf(doc)[0]!.cells).toEqual({});
		setScopeCell(doc, id, C.budget, 1250.5);
		setScopeCell(doc, id, C.decision, 'transfer');
		setScopeCell(doc, id, C.risk, 'amber');
		setScopeCell(doc, id, C.rationale, 'Core social care');
		expect(rowsOf(doc)[0]!.cells).toEqual({
			[C.budget]: 1250.5,
			[C.decision]: 'transfer',
			[C.risk]: 'amber',
			[C.rationale]: 'Core social care'
		});
	});

	it('rejects impossible dates and accepts real ones', () => {
		const doc = board();
		const col = addColumn(doc, 'scope', { name: 'Go-live', type: 'date' });
		const id = addRow(doc, 'scope');
		expect(() => setScopeCell(doc, id, col, '2017-02-30')).toThrow(BoardError);
		setScopeCell(doc, id, col, '2017-04-01');
		expect(rowsOf(doc)[0]!.cells[col]).toBe('2017-04-01');
	});

	it('edits long text through its Y.Text so concurrent typing merges', () => {
		const doc = board();
		const id = addRow(doc, 'scope');
		const text = scopeCellText(doc, id, C.notes);
		expect(text).toBeInstanceOf(Y.Text);
		text!.insert(0, 'Hello');
		setScopeCell(doc, id, C.notes, 'Hello there');
		expect(text!.toString()).toBe('Hello there');
		expect(scopeCellText(doc, id, C.service)).toBeNull();
	});

	it('ignores writes to a row deleted by someone else', () => {
		const doc = board();
		const id = addRow(doc, 'scope');
		deleteRow(doc, 'scope', id);
		expect(setScopeCell(doc, id, C.service, 'late')).toBe(false);
		expect(rowsOf(doc)).toHaveLength(0);
	});
});

describe('scope columns', () => {
	it('adds, renames, moves and deletes columns and their cells', () => {
		const doc = board();
		const col = addColumn(doc, 'scope', { name: 'Owner team', type: 'text' }, 1);
		const names = () => readBoard(doc).scope.columns.map((c) => c.name);
		expect(names()[1]).toBe('Owner team');
		renameColumn(doc, 'scope', col, 'Team');
		moveColumn(doc, 'scope', col, 0);
		expect(names()[0]).toBe('Team');
		const id = addRow(doc, 'scope');
		setCell(doc, 'scope', id, col, 'Ops');
		deleteColumn(doc, 'scope', col);
		expect(names()).not.toContain('Team');
		expect(rowsOf(doc)[0]!.cells).toEqual({});
	});

	it('gives existing rows a Y.Text when a long text column is added', () => {
		const doc = board();
		const id = addRow(doc, 'scope');
		const col = addColumn(doc, 'scope', { name: 'Minutes', type: 'longText' });
		const row = doc.getMap('scopeRows').get(id) as Y.Map<unknown>;
		expect((row.get('cells') as Y.Map<unknown>).get(col)).toBeInstanceOf(Y.Text);
	});

	it('retypes columns converting values through their text', () => {
		const doc = board();
		const col = addColumn(doc, 'scope', { name: 'Size', type: 'text' });
		const ids = ['12', '1,500.5', 'big', ''].map((v) => {
			const id = addRow(doc, 'scope');
			if (v) setCell(doc, 'scope', id, col, v);
			return id;
		});
		expect(retypeScopeColumn(doc, col, 'number')).toEqual({ converted: 2, cleared: 1 });
		expect(ids.map((id) => rowsOf(doc).find((r) => r.id === id)!.cells[col])).toEqual([12, 1500.5, undefined, undefined]);
		retypeScopeColumn(doc, col, 'select');
		const column = readBoard(doc).scope.columns.find((c) => c.id === col)!;
		expect(column.options.map((o) => o.label)).toEqual(['12', '1500.5']);
		retypeScopeColumn(doc, col, 'longText');
		expect(rowsOf(doc).map((r) => r.cells[col])).toEqual(['12', '1500.5', undefined, undefined]);
		retypeScopeColumn(doc, col, 'currency', { unit: 'millions' });
		const after = readBoard(doc).scope.columns.find((c) => c.id === col)!;
		expect(after.unit).toBe('millions');
		expect(rowsOf(doc).map((r) => r.cells[col])).toEqual([12, 1500.5, undefined, undefined]);
	});
});

describe('select options', () => {
	it('adds, renames, recolours and deletes options, clearing cells that used a deleted one', () => {
		const doc = board();
		const opt = addOption(doc, C.decision, { label: 'Transfer in part', colour: '#FF0000' });
		expect(() => addOption(doc, C.decision, { label: 'transfer in part' })).toThrow(BoardError);
		expect(() => recolourOption(doc, C.decision, opt, 'red')).toThrow(BoardError);
		renameOption(doc, C.decision, opt, 'Partial transfer');
		recolourOption(doc, C.decision, opt, '#00ff00');
		const option = () => readBoard(doc).scope.columns.find((c) => c.id === C.decision)!.options.find((o) => o.id === opt);
		expect(option()).toEqual({ id: opt, label: 'Partial transfer', colour: '#00ff00' });
		const id = addRow(doc, 'scope');
		setCell(doc, 'scope', id, C.decision, opt);
		deleteOption(doc, C.decision, opt);
		expect(option()).toBeUndefined();
		expect(rowsOf(doc)[0]!.cells).toEqual({});
	});
});
