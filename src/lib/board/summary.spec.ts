import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatDecimal, rational, toDecimalString } from './exact.ts';
import { initBoard } from './init.ts';
import { readBoard } from './read.ts';
import { addOption, addScopeRow, deleteScopeColumn, moveOption, setScopeCell } from './scope.ts';
import { groupByArea, summariseScope } from './summary.ts';
import { TEMPLATE_COLUMN_IDS as C } from './template.ts';

function board() {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Summary', template: 'blank' });
	return doc;
}

describe('scope summary', () => {
	it('counts services and sums budget and FTE by decision, exactly', () => {
		const doc = board();
		addScopeRow(doc, { values: { [C.service]: 'Fostering', [C.decision]: 'transfer', [C.budget]: 0.1, [C.staff]: 10.5 } });
		addScopeRow(doc, { values: { [C.service]: 'Adoption', [C.decision]: 'transfer', [C.budget]: 0.2, [C.staff]: 0.3 } });
		addScopeRow(doc, { values: { [C.service]: 'Education', [C.decision]: 'retain', [C.budget]: 1200 } });
		addScopeRow(doc, { values: { [C.service]: 'LADO', [C.decision]: 'undecided', [C.staff]: 2 } });
		addScopeRow(doc, { values: { [C.service]: 'Business support' } });
		const s = summariseScope(readBoard(doc).scope);
		expect(s.count).toBe(5);
		expect(s.budgetUnit).toBe('thousands');
		const byLabel = Object.fromEntries(s.buckets.map((b) => [b.label, b]));
		expect(Object.keys(byLabel)).toEqual(['Transfer to trust', 'Retain in council', 'Shared or bought back', 'Undecided']);
		expect(byLabel['Transfer to trust']!.count).toBe(2);
		expect(toDecimalString(byLabel['Transfer to trust']!.budget)).toBe('0.3');
		expect(toDecimalString(byLabel['Transfer to trust']!.fte)).toBe('10.8');
		expect(byLabel['Retain in council']!.fteMissing).toBe(1);
		expect(byLabel['Shared or bought back']!.count).toBe(0);
		// Blank decision counts as undecided.
		expect(byLabel['Undecided']!.count).toBe(2);
		expect(s.undecided.map((u) => u.service)).toEqual(['LADO', 'Business support']);
		expect(s.totalBudget).toEqual(rational(12003n, 10n));
		expect(formatDecimal(s.totalBudget, 1, { group: true })).toBe('1,200.3');
	});

	it('treats every service as undecided when the decision column is deleted', () => {
		const doc = board();
		addScopeRow(doc, { values: { [C.service]: 'A', [C.decision]: 'transfer' } });
		deleteScopeColumn(doc, C.decision);
		const s = summariseScope(readBoard(doc).scope);
		expect(s.buckets).toHaveLength(1);
		expect(s.buckets[0]!.optionId).toBeNull();
		expect(s.undecided.map((u) => u.service)).toEqual(['A']);
	});
});

describe('grouping by area', () => {
	it('groups services under areas in option order, services without an area last', () => {
		const doc = board();
		const a = addOption(doc, C.area, { label: 'Care' });
		const b = addOption(doc, C.area, { label: 'Support' });
		addScopeRow(doc, { values: { [C.service]: 'HR', [C.area]: b } });
		addScopeRow(doc, { values: { [C.service]: 'Fostering', [C.area]: a } });
		addScopeRow(doc, { values: { [C.service]: 'Loose' } });
		addScopeRow(doc, { values: { [C.service]: 'Adoption', [C.area]: a } });
		moveOption(doc, C.area, b, 0);
		const all = groupByArea(readBoard(doc).scope);
		// The template's own areas stay as (empty) groups, in between.
		expect(all).toHaveLength(9);
		expect(all[0]!.label).toBe('Support');
		const groups = all.filter((g) => g.rows.length > 0);
		const names = (rows: readonly { cells: Record<string, unknown> }[]) => rows.map((r) => r.cells[C.service]);
		expect(groups.map((g) => g.label)).toEqual(['Support', 'Care', '']);
		expect(groups.map((g) => names(g.rows))).toEqual([['HR'], ['Fostering', 'Adoption'], ['Loose']]);
		setScopeCell(doc, readBoard(doc).scope.rows[2]!.id, C.area, a);
		const after = groupByArea(readBoard(doc).scope).filter((g) => g.rows.length > 0);
		expect(after.map((g) => g.rows.length)).toEqual([1, 3]);
	});
});
