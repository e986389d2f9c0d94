import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as init from '$lib/board/init';
import * as read from '$lib/board/read';
import * as boardScope from '$lib/board/scope';
import * as template from '$lib/board/template';
import { DEFAULT_VIEW, clampWidth, loadViewState, parseViewState, saveViewState, stepWidth, visibleScopeRows } from './view-state.ts';

function board() {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'T', template: 'shadow-trust' });
	return doc;
}

describe('personal view state', () => {
	it('round-trips through storage per board and survives junk', () => {
		const store = new Map<string, string>();
		const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
		const view = { ...DEFAULT_VIEW, tab: 'models' as const, scope: { ...DEFAULT_VIEW.scope, query: 'adopt', collapsed: ['x'] } };
		saveViewState(storage, 'b1', view);
		expect(loadViewState(storage, 'b1')).toEqual(view);
		expect(loadViewState(storage, 'b2')).toEqual(DEFAULT_VIEW);
		expect(parseViewState('{not json')).toEqual(DEFAULT_VIEW);
		expect(parseViewState('{"scope":{"sort":{"colId":1,"direction":"up"},"decisions":[1,"retain"]}}').scope).toEqual({
			query: '',
			decisions: ['retain'],
			sort: null,
			collapsed: []
		});
	});

	it('keeps my column widths within bounds, and drops junk ones', () => {
		expect(parseViewState('{"widths":{"col-service":22.04,"col-notes":"wide","crit-vat":500,"@name":1}}').widths).toEqual({
			'col-service': 22,
			'crit-vat': 40,
			'@name': 4
		});
		expect(parseViewState('{"widths":[3]}').widths).toEqual({});
		expect(parseViewState('{"widths":null}').widths).toEqual({});
		expect(clampWidth(12.345)).toBe(12.3);
		expect(stepWidth(12, 1)).toBe(14);
		expect(stepWidth(5, -1)).toBe(4);
		expect(stepWidth(39, 1)).toBe(40);
	});

	it('filters by search text across option labels and by decision, blank decisions counting as undecided', () => {
		const doc = board();
		boardScope.setCell(doc, 'svc-early-help', template.TEMPLATE_COLUMN_IDS.decision, null);
		const { scope } = read.readBoard(doc);
		const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
		expect(ids(visibleScopeRows(scope, { ...DEFAULT_VIEW.scope, query: 'ADOPT' }))).toEqual(['svc-adoption']);
		const retained = scope.rows.filter((r) => r.cells[template.TEMPLATE_COLUMN_IDS.decision] === 'retain').map((r) => r.id);
		expect(retained).toContain('svc-education');
		expect(ids(visibleScopeRows(scope, { ...DEFAULT_VIEW.scope, query: 'retain in council' }))).toEqual(retained);
		const undecided = ids(visibleScopeRows(scope, { ...DEFAULT_VIEW.scope, decisions: ['undecided'] }));
		expect(undecided).toContain('svc-early-help');
		expect(undecided).not.toContain('svc-adoption');
		// The board itself is untouched by a personal filter.
		expect(read.readBoard(doc).scope.rows).toHaveLength(scope.rows.length);
	});

	it('sorts numbers numerically with blanks last in both directions, ties in board order', () => {
		const doc = board();
		boardScope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 900);
		boardScope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 12_000);
		boardScope.setCell(doc, 'svc-lado', template.TEMPLATE_COLUMN_IDS.budget, 80);
		const { scope } = read.readBoard(doc);
		const sorted = (direction: 'asc' | 'desc') =>
			visibleScopeRows(scope, { ...DEFAULT_VIEW.scope, sort: { colId: template.TEMPLATE_COLUMN_IDS.budget, direction } }).map((r) => r.id);
		expect(sorted('asc').slice(0, 4)).toEqual(['svc-lado', 'svc-adoption', 'svc-fostering', 'svc-front-door']);
		expect(sorted('desc').slice(0, 4)).toEqual(['svc-fostering', 'svc-adoption', 'svc-lado', 'svc-front-door']);
	});
});

describe('frozen and hidden columns', () => {
	it('are remembered, and junk is dropped', () => {
		const view = parseViewState('{"frozen":["crit-vat",3,"col-budget"],"hidden":["col-area",null]}');
		expect(view.frozen).toEqual(['crit-vat', 'col-budget']);
		expect(view.hidden).toEqual(['col-area']);
		// Never chosen: the grid's defaults apply.
		expect(parseViewState('{}').hidden).toBeNull();
		expect(parseViewState('{"hidden":"col-area"}').hidden).toBeNull();
	});
});
