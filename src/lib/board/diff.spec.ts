import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as boardDiff from './diff.ts';
import * as decisions from './decisions.ts';
import * as init from './init.ts';
import * as criteria from './criteria.ts';
import * as models from './models.ts';
import * as scores from './scores.ts';
import * as read from './read.ts';
import * as scope from './scope.ts';
import * as template from './template.ts';

function board(): Y.Doc {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Shadow trust board', template: 'shadow-trust' });
	return doc;
}

function copy(doc: Y.Doc): Y.Doc {
	const next = new Y.Doc();
	Y.applyUpdate(next, Y.encodeStateAsUpdate(doc));
	return next;
}

describe('diffBoards', () => {
	it('finds nothing between a board and itself', () => {
		const doc = board();
		const diff = boardDiff.diffBoards(read.readBoard(doc), read.readBoard(copy(doc)));
		expect(diff.count).toBe(0);
		expect(boardDiff.diffPaths(diff)).toEqual([]);
	});

	it('lists rows and columns added and removed, and cells changed old -> new', () => {
		const before = board();
		const after = copy(before);
		const shortBreaks = scope.addRow(after, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'Short breaks' } });
		scope.deleteRow(after, 'svc-lado');
		const column = scope.addColumn(after, { name: 'Owner', type: 'text' });
		scope.renameColumn(after, template.TEMPLATE_COLUMN_IDS.notes, 'Comments');
		scope.setCell(after, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 2400);
		scope.setCell(after, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.risk, 'amber');
		scope.setCell(after, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.statutoryBasis, null);

		const diff = boardDiff.diffBoards(read.readBoard(before), read.readBoard(after));
		expect(diff.scope.rowsAdded).toEqual([{ id: shortBreaks, name: 'Short breaks', path: `scopeRows/${shortBreaks}` }]);
		expect(diff.scope.rowsRemoved.map((r) => r.name)).toEqual(['Local authority designated officer (LADO)']);
		expect(diff.scope.columnsAdded).toEqual([{ id: column, name: 'Owner', path: `scopeColumns/${column}` }]);
		expect(diff.scope.columnsChanged).toEqual([
			expect.objectContaining({
				row: 'Comments',
				column: 'Name',
				from: 'Notes',
				to: 'Comments',
				path: `scopeColumns/${template.TEMPLATE_COLUMN_IDS.notes}/name`
			})
		]);
		expect(diff.scope.cells.map((c) => [c.row, c.column, c.from, c.to, c.path])).toEqual([
			['Fostering', 'Budget (£k)', '', '£2,400k', `scopeRows/svc-fostering/cells/${template.TEMPLATE_COLUMN_IDS.budget}`],
			['Fostering', 'Risk', '', 'Amber', `scopeRows/svc-fostering/cells/${template.TEMPLATE_COLUMN_IDS.risk}`],
			[
				'Adoption',
				'Statutory basis',
				'Adoption and Children Act 2002',
				'',
				`scopeRows/svc-adoption/cells/${template.TEMPLATE_COLUMN_IDS.statutoryBasis}`
			]
		]);
		expect(diff.count).toBe(7);
	});

	it('shows money and dates as the grid does, exactly when rounding would hide the change', () => {
		const before = board();
		const decided = scope.addColumn(before, { name: 'Decided on', type: 'date' });
		scope.setCell(before, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 1250.551);
		const after = copy(before);
		scope.setCell(after, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 1250.552);
		scope.setCell(after, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, -40);
		scope.setCell(after, 'svc-adoption', decided, '2017-01-12');
		const diff = boardDiff.diffBoards(read.readBoard(before), read.readBoard(after));
		expect(diff.scope.cells.map((c) => [c.row, c.from, c.to])).toEqual([
			['Fostering', '1250.551', '1250.552'],
			['Adoption', '', '−£40k'],
			['Adoption', '', expect.stringMatching(/^12 Jan 2017$/)]
		]);
	});

	it('reports scope decisions that moved by their labels, separately from other cells', () => {
		const before = board();
		const after = copy(before);
		scope.setCell(after, 'svc-youth-offending', template.TEMPLATE_COLUMN_IDS.decision, 'retain');
		const diff = boardDiff.diffBoards(read.readBoard(before), read.readBoard(after));
		expect(diff.scope.decisions).toEqual([
			expect.objectContaining({ row: 'Youth offending', column: 'Scope decision', from: 'Undecided', to: 'Retain in council' })
		]);
		expect(diff.scope.cells).toEqual([]);
	});

	it("reports a decision's record changing: its state, consultees, equality note, legal hold and override", () => {
		const before = board();
		const after = copy(before);
		const chair = { id: 'u1', name: 'Chris Chair', role: 'chair' } as const;
		decisions.setDecisionState(after, 'svc-fostering', 'agreed');
		decisions.setConsulted(after, 'svc-fostering', 'unions', true);
		decisions.setEqualityNote(after, 'svc-fostering', 'No adverse impact');
		decisions.setRetainedByLaw(after, 'svc-education', true, chair);
		decisions.overrideRetainedTransfer(after, 'svc-dcs-lead-member', {
			actor: chair,
			reason: 'Agreed with the DfE',
			at: new Date('2017-01-10T09:30:00Z')
		});
		const diff = boardDiff.diffBoards(read.readBoard(before), read.readBoard(after));
		expect(diff.scope.decisions.map((c) => [c.row, c.column, c.from, c.to, c.path])).toEqual([
			['Fostering', 'Decision state', 'Proposed', 'Agreed', 'scopeRows/svc-fostering/decisionState'],
			['Fostering', 'Consulted', '', 'Trade unions', 'scopeRows/svc-fostering/consulted'],
			['Fostering', 'Equality impact', '', 'No adverse impact', 'scopeRows/svc-fostering/equalityNote'],
			['Education services', 'Kept with the council by law', 'No', 'Yes', 'scopeRows/svc-education/retainedByLaw'],
			[
				"Director of Children's Services and Lead Member roles",
				'Scope decision',
				'Retain in council',
				'Transfer to trust',
				`scopeRows/svc-dcs-lead-member/cells/${template.TEMPLATE_COLUMN_IDS.decision}`
			],
			[
				"Director of Children's Services and Lead Member roles",
				"Chair's override",
				'',
				'Agreed with the DfE (Chris Chair, 2017-01-10 09:30 UTC)',
				'scopeRows/svc-dcs-lead-member/transferOverride'
			]
		]);
		expect(boardDiff.diffLines(diff).filter((l) => l.change === 'Decision record changed')).toHaveLength(5);
	});

	it('reports scores, rationales, statuses and the totals, ranks and statuses they move', () => {
		const before = board();
		scores.setScore(before, 'model-cic', 'crit-focus', 4);
		scores.setScore(before, 'model-mutual', 'crit-focus', 3);
		const after = copy(before);
		scores.setScore(after, 'model-mutual', 'crit-focus', 5);
		scores.setRationale(after, 'model-mutual', 'crit-focus', 'Staff consultation favoured it');
		models.setStatus(after, 'model-in-house', 'discounted', { reason: 'Does not provide independence' });
		criteria.setWeight(after, 'crit-focus', 4);

		const diff = boardDiff.diffBoards(read.readBoard(before), read.readBoard(after));
		const cells = diff.models.cells.map((c) => [c.row, c.column, c.from, c.to]);
		expect(cells).toContainEqual(['Employee-owned mutual', 'Focus on children: score', '3', '5']);
		expect(cells).toContainEqual(['Employee-owned mutual', 'Focus on children: rationale', '', 'Staff consultation favoured it']);
		expect(cells).toContainEqual(['In-house', 'Status', 'Long list', 'Discounted']);
		expect(cells).toContainEqual(['In-house', 'Reason for status', '', 'Does not provide independence']);
		expect(diff.models.criteriaChanged).toEqual([
			expect.objectContaining({ row: 'Focus on children', column: 'Weight', from: '1', to: '4' })
		]);

		const results = Object.fromEntries(diff.models.results.map((r) => [r.modelId, r]));
		// Scored on one criterion of many: totals move, but neither model gets a plain rank.
		expect(results['model-mutual']).toMatchObject({
			total: { from: '3', to: '20' },
			rank: { from: 'Not ranked: 1 of 19 scored', to: 'Not ranked: 1 of 19 scored' }
		});
		expect(results['model-cic']).toMatchObject({ total: { from: '4', to: '16' } });
		expect(results['model-in-house']).toMatchObject({ status: { from: 'Long list', to: 'Discounted' } });
	});

	it('lists models and criteria added and removed', () => {
		const before = board();
		const after = copy(before);
		const model = models.add(after, { name: 'Joint venture' });
		models.remove(after, 'model-mutual');
		const criterion = criteria.add(after, { name: 'Public acceptability', groupId: 'grp-strategic' });
		const diff = boardDiff.diffBoards(read.readBoard(before), read.readBoard(after));
		expect(diff.models.modelsAdded).toEqual([{ id: model, name: 'Joint venture', path: `models/${model}` }]);
		expect(diff.models.modelsRemoved.map((m) => m.name)).toEqual(['Employee-owned mutual']);
		expect(diff.models.criteriaAdded).toEqual([{ id: criterion, name: 'Public acceptability', path: `criteria/${criterion}` }]);
	});
});
