import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as exact from './exact.ts';
import * as init from './init.ts';
import * as read from './read.ts';
import * as scope from './scope.ts';
import * as summary from './summary.ts';
import * as template from './template.ts';

function board() {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Summary', template: 'blank' });
	return doc;
}

describe('scope summary', () => {
	it('counts services and sums budget and FTE by decision, exactly', () => {
		const doc = board();
		scope.addRow(doc, {
			values: {
				[template.TEMPLATE_COLUMN_IDS.service]: 'Fostering',
				[template.TEMPLATE_COLUMN_IDS.decision]: 'transfer',
				[template.TEMPLATE_COLUMN_IDS.budget]: 0.1,
				[template.TEMPLATE_COLUMN_IDS.staff]: 10.5
			}
		});
		scope.addRow(doc, {
			values: {
				[template.TEMPLATE_COLUMN_IDS.service]: 'Adoption',
				[template.TEMPLATE_COLUMN_IDS.decision]: 'transfer',
				[template.TEMPLATE_COLUMN_IDS.budget]: 0.2,
				[template.TEMPLATE_COLUMN_IDS.staff]: 0.3
			}
		});
		scope.addRow(doc, {
			values: {
				[template.TEMPLATE_COLUMN_IDS.service]: 'Education',
				[template.TEMPLATE_COLUMN_IDS.decision]: 'retain',
				[template.TEMPLATE_COLUMN_IDS.budget]: 1200
			}
		});
		scope.addRow(doc, {
			values: {
				[template.TEMPLATE_COLUMN_IDS.service]: 'LADO',
				[template.TEMPLATE_COLUMN_IDS.decision]: 'undecided',
				[template.TEMPLATE_COLUMN_IDS.staff]: 2
			}
		});
		scope.addRow(doc, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'Business support' } });
		const s = summary.summariseScope(read.readBoard(doc).scope);
		expect(s.count).toBe(5);
		expect(s.budgetUnit).toBe('thousands');
		const byLabel = Object.fromEntries(s.buckets.map((b) => [b.label, b]));
		expect(Object.keys(byLabel)).toEqual(['Transfer to trust', 'Retain in council', 'Shared or bought back', 'Undecided']);
		expect(byLabel['Transfer to trust']!.count).toBe(2);
		expect(exact.toDecimalString(byLabel['Transfer to trust']!.budget)).toBe('0.3');
		expect(exact.toDecimalString(byLabel['Transfer to trust']!.fte)).toBe('10.8');
		expect(byLabel['Retain in council']!.fteMissing).toBe(1);
		expect(byLabel['Shared or bought back']!.count).toBe(0);
		// Blank decision counts as undecided.
		expect(byLabel['Undecided']!.count).toBe(2);
		expect(s.undecided.map((u) => u.service)).toEqual(['LADO', 'Business support']);
		expect(s.totalBudget).toEqual(exact.rational(12003n, 10n));
		expect(exact.formatDecimal(s.totalBudget, 1, { group: true })).toBe('1,200.3');
	});

	it('treats every service as undecided when the decision column is deleted', () => {
		const doc = board();
		scope.addRow(doc, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'A', [template.TEMPLATE_COLUMN_IDS.decision]: 'transfer' } });
		scope.deleteColumn(doc, template.TEMPLATE_COLUMN_IDS.decision);
		const s = summary.summariseScope(read.readBoard(doc).scope);
		expect(s.buckets).toHaveLength(1);
		expect(s.buckets[0]!.optionId).toBeNull();
		expect(s.undecided.map((u) => u.service)).toEqual(['A']);
	});
});

describe('grouping by area', () => {
	it('groups services under areas in option order, services without an area last', () => {
		const doc = board();
		const a = scope.addOption(doc, template.TEMPLATE_COLUMN_IDS.area, { label: 'Care' });
		const b = scope.addOption(doc, template.TEMPLATE_COLUMN_IDS.area, { label: 'Support' });
		scope.addRow(doc, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'HR', [template.TEMPLATE_COLUMN_IDS.area]: b } });
		scope.addRow(doc, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'Fostering', [template.TEMPLATE_COLUMN_IDS.area]: a } });
		scope.addRow(doc, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'Loose' } });
		scope.addRow(doc, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'Adoption', [template.TEMPLATE_COLUMN_IDS.area]: a } });
		scope.moveOption(doc, template.TEMPLATE_COLUMN_IDS.area, b, 0);
		const all = summary.groupByArea(read.readBoard(doc).scope);
		// The template's own areas stay as (empty) groups, in between.
		expect(all).toHaveLength(9);
		expect(all[0]!.label).toBe('Support');
		const groups = all.filter((g) => g.rows.length > 0);
		const names = (rows: readonly { cells: Record<string, unknown> }[]) => rows.map((r) => r.cells[template.TEMPLATE_COLUMN_IDS.service]);
		expect(groups.map((g) => g.label)).toEqual(['Support', 'Care', '']);
		expect(groups.map((g) => names(g.rows))).toEqual([['HR'], ['Fostering', 'Adoption'], ['Loose']]);
		scope.setCell(doc, read.readBoard(doc).scope.rows[2]!.id, template.TEMPLATE_COLUMN_IDS.area, a);
		const after = summary.groupByArea(read.readBoard(doc).scope).filter((g) => g.rows.length > 0);
		expect(after.map((g) => g.rows.length)).toEqual([1, 3]);
	});
});
