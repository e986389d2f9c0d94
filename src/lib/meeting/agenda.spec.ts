import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MODEL_NAME_COLUMN } from '../board/grid.ts';
import * as init from '../board/init.ts';
import * as read from '../board/read.ts';
import {
	agendaPartsOf,
	cellFor,
	formatMinutes,
	formatRemaining,
	nextItem,
	remainingAt,
	spokenRemaining,
	type AgendaState
} from './agenda.ts';

const doc = new Y.Doc();
init.initBoard(doc, { title: 'Board', template: 'shadow-trust' });
const view = read.readBoard(doc);

const item = (id: string, minutes: number) => ({ id, title: id, minutes, parts: [], spentMs: 0 });
const state = (clock: AgendaState['clock']): Pick<AgendaState, 'items' | 'clock'> => ({ items: [item('a', 5), item('b', 20)], clock });

describe('the meeting clock', () => {
	it('counts down from moments, standing still while paused and going negative once over time', () => {
		const t0 = 1_000_000;
		expect(remainingAt(state({ currentId: 'a', runningSince: t0, elapsedMs: 60_000 }), t0 + 30_000)).toBe(210_000);
		expect(remainingAt(state({ currentId: 'a', runningSince: null, elapsedMs: 60_000 }), t0 + 3_600_000)).toBe(240_000);
		expect(remainingAt(state({ currentId: 'a', runningSince: t0, elapsedMs: 0 }), t0 + 6 * 60_000)).toBe(-60_000);
		// A screen whose clock is behind the server's never counts time before the start.
		expect(remainingAt(state({ currentId: 'a', runningSince: t0, elapsedMs: 0 }), t0 - 5_000)).toBe(300_000);
		expect(remainingAt(state({ currentId: null, runningSince: null, elapsedMs: 0 }), t0)).toBeNull();
	});

	it('names the next item, the first before the start and none after the last', () => {
		expect(nextItem(state({ currentId: null, runningSince: null, elapsedMs: 0 }))?.id).toBe('a');
		expect(nextItem(state({ currentId: 'a', runningSince: null, elapsedMs: 0 }))?.id).toBe('b');
		expect(nextItem(state({ currentId: 'b', runningSince: null, elapsedMs: 0 }))).toBeNull();
	});

	it('writes the time left for the eye and for the ear', () => {
		expect(formatRemaining(300_000)).toBe('5:00');
		expect(formatRemaining(299_001)).toBe('5:00');
		expect(formatRemaining(61_000)).toBe('1:01');
		expect(formatRemaining(-130_500)).toBe('2:10 over');
		expect(spokenRemaining(300_000)).toBe('5 minutes left');
		expect(spokenRemaining(30_000)).toBe('less than a minute left');
		expect(spokenRemaining(-61_000)).toBe('1 minute over');
		expect(formatMinutes(20)).toBe('20 min');
		expect(formatMinutes(75)).toBe('1 h 15 min');
		expect(formatMinutes(120)).toBe('2 h');
	});
});

describe('the parts of the board an item is about', () => {
	it('offers areas, services, models, headings and criteria, by their names', () => {
		const labels = agendaPartsOf(view).map((p) => p.label);
		expect(labels).toContain('Area: Children in care and placements');
		expect(labels).toContain('Service: Adoption');
		expect(labels.some((l) => l.startsWith('Model: '))).toBe(true);
		expect(labels.some((l) => l.startsWith('Heading: '))).toBe(true);
		expect(labels.some((l) => l.startsWith('Criterion: '))).toBe(true);
	});

	it('brings each part into view at a cell of its grid, or says it has gone', () => {
		const firstModel = view.models.rows[0]!.id;
		const criterion = view.models.criteria[0]!;
		expect(cellFor({ kind: 'service', id: 'svc-adoption' }, view, MODEL_NAME_COLUMN)).toEqual({
			grid: 'scope',
			rowId: 'svc-adoption',
			colId: view.scope.columns[0]!.id
		});
		expect(cellFor({ kind: 'area', id: 'area-care' }, view, MODEL_NAME_COLUMN)?.grid).toBe('scope');
		expect(cellFor({ kind: 'model', id: firstModel }, view, MODEL_NAME_COLUMN)).toEqual({
			grid: 'models',
			rowId: firstModel,
			colId: MODEL_NAME_COLUMN
		});
		expect(cellFor({ kind: 'criterion', id: criterion.id }, view, MODEL_NAME_COLUMN)).toEqual({
			grid: 'models',
			rowId: firstModel,
			colId: criterion.id
		});
		if (criterion.groupId) expect(cellFor({ kind: 'heading', id: criterion.groupId }, view, MODEL_NAME_COLUMN)?.colId).toBe(criterion.id);
		expect(cellFor({ kind: 'service', id: 'gone' }, view, MODEL_NAME_COLUMN)).toBeNull();
	});
});
