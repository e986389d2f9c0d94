import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as init from './init.ts';
import * as read from './read.ts';
import * as boardScoring from './scoring.ts';
import * as summary from './summary.ts';
import * as template from './template.ts';
import * as validate from './validate.ts';

function templated() {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Shadow trust board', template: 'shadow-trust' });
	return doc;
}

describe('shadow trust template', () => {
	it('has the default scope columns from the brief', () => {
		const view = read.readBoard(templated());
		expect(view.scope.columns.map((c) => [c.name, c.type])).toEqual([
			['Service', 'text'],
			['Area', 'select'],
			['Scope decision', 'select'],
			['Statutory basis', 'text'],
			['Budget (£k)', 'currency'],
			['Staff (FTE)', 'number'],
			['Lead', 'member'],
			['Consultation', 'select'],
			['Risk', 'rag'],
			['Rationale', 'longText'],
			['Notes', 'longText']
		]);
		expect(view.scope.columns[2]!.options.map((o) => o.label)).toEqual([
			'Transfer to trust',
			'Retain in council',
			'Shared or bought back',
			'Undecided'
		]);
	});

	it('lists the illustrative services grouped by area, with budget and FTE left blank', () => {
		const view = read.readBoard(templated());
		const names = view.scope.rows.map((r) => r.cells[template.TEMPLATE_COLUMN_IDS.service]);
		for (const service of ['Fostering', 'Adoption', 'Child protection', 'Youth offending', 'Education services'])
			expect(names).toContain(service);
		expect(names.length).toBeGreaterThanOrEqual(19);
		expect(
			view.scope.rows.every(
				(r) => r.cells[template.TEMPLATE_COLUMN_IDS.budget] === undefined && r.cells[template.TEMPLATE_COLUMN_IDS.staff] === undefined
			)
		).toBe(true);
		expect(view.scope.rows.every((r) => typeof r.cells[template.TEMPLATE_COLUMN_IDS.area] === 'string')).toBe(true);
		const groups = summary.groupByArea(view.scope);
		expect(groups.every((g) => g.rows.length > 0)).toBe(true);
		const retained = summary.summariseScope(view.scope).buckets.find((b) => b.optionId === 'retain')!;
		expect(retained.count).toBe(5);
	});

	it('starts every scope decision as a proposal for consultation, with nobody consulted yet', () => {
		const rows = read.readBoard(templated()).scope.rows;
		expect(rows.every((r) => r.decisionRecord.state === 'proposed' && r.decisionRecord.consulted.length === 0)).toBe(true);
		expect(rows.every((r) => r.decisionRecord.equalityNote === '')).toBe(true);
	});

	it('keeps the statutory roles with the council by law, and names the council and partnership roles the sources give', () => {
		const rows = read.readBoard(templated()).scope.rows;
		const byId = new Map(rows.map((r) => [r.id, r]));
		expect(rows.filter((r) => r.decisionRecord.retainedByLaw).map((r) => r.id)).toEqual(['svc-dcs-lead-member']);
		for (const id of ['svc-client-role', 'svc-safeguarding-board', 'svc-corporate-parenting']) {
			const row = byId.get(id)!;
			expect(row.cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('retain');
			expect(row.cells[template.TEMPLATE_COLUMN_IDS.budget]).toBeUndefined();
			expect(row.cells[template.TEMPLATE_COLUMN_IDS.staff]).toBeUndefined();
		}
		expect(byId.get('svc-client-role')!.cells[template.TEMPLATE_COLUMN_IDS.service]).toMatch(/contract/i);
		expect(byId.get('svc-corporate-parenting')!.cells[template.TEMPLATE_COLUMN_IDS.notes]).toMatch(/councillor/i);
	});

	it('names the models from the sources and marks the others illustrative', () => {
		const rows = read.readBoard(templated()).models.rows;
		const sourced = rows.filter((r) => !r.illustrative).map((r) => r.name);
		expect(sourced).toEqual([
			'In-house',
			'In-house with executive commissioners',
			'Shared service with another council',
			'Wholly owned council company',
			'Employee-owned mutual',
			'Community interest company wholly owned by the council',
			'Community interest company (CIC)',
			"Independent children's trust",
			'"Best fit" hybrid of the shortlisted models'
		]);
		expect(rows.filter((r) => r.illustrative)).toHaveLength(7);
		expect(rows.filter((r) => r.illustrative).every((r) => r.description.startsWith('Illustrative'))).toBe(true);
		expect(rows.every((r) => r.status === 'longList')).toBe(true);
	});

	it('says on the board that the consultants appraised 19 models and which rows are illustrative', () => {
		const { note } = read.readBoard(templated()).models;
		expect(note).toContain('19 delivery models');
		expect(note).toContain('Illustrative');
		expect(note).toContain('placeholder');
	});

	it('starts every weight equal and marked as a placeholder, with the strategic objectives and VAT recovery as gates', () => {
		const { models, scale } = read.readBoard(templated());
		expect(models.groups.map((g) => g.name)).toEqual(['Strategic objectives', 'Root causes', 'Risk', 'Affordability', 'Pace']);
		expect(models.criteria.every((c) => c.groupId !== null)).toBe(true);
		const weighted = models.criteria.filter((c) => c.weight > 0);
		expect(new Set(weighted.map((c) => c.weight))).toEqual(new Set([1]));
		expect(weighted.every((c) => c.weightPlaceholder)).toBe(true);
		const gates = models.criteria.filter((c) => c.knockout && c.weight === 0);
		expect(gates.map((c) => c.name)).toEqual([
			'Accommodates the agreed scope',
			'Provides independence',
			'Commissioner / provider split',
			"Reflects the council's six design principles",
			'VAT recoverable within the timeframe'
		]);
		// VAT recovery is screened with pace, not scored as a cost.
		expect(models.criteria.find((c) => c.id === 'crit-vat')!.groupId).toBe('grp-pace');
		expect(models.criteria.filter((c) => c.groupId === 'grp-affordability').every((c) => !c.knockout)).toBe(true);
		expect(models.rows.every((r) => Object.values(r.cells).every((cell) => cell.score === null))).toBe(true);
		const scoring = boardScoring.scoreModels({ ...models, scale });
		expect(scoring.models.every((m) => m.rank === null)).toBe(true);
		expect(scoring.inertKnockouts).toEqual([]);
	});

	it('is idempotent, also when two clients apply it at once', () => {
		const a = templated();
		const b = new Y.Doc();
		init.initBoard(b, { title: 'Shadow trust board', template: 'shadow-trust' });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		template.applyTemplate(a);
		const view = read.readBoard(a);
		expect(view).toEqual(read.readBoard(b));
		expect(view.scope.rows).toHaveLength(template.SCOPE_ROWS.length);
		expect(view.models.rows).toHaveLength(16);
		expect(validate.validateBoard(a)).toEqual([]);
		expect(init.initBoard(a, { title: 'Again' })).toBe(false);
		expect(read.readBoard(a).title).toBe('Shadow trust board');
	});
});
