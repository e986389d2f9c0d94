import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as grid from '$lib/board/grid';
import * as init from '$lib/board/init';
import * as models from '$lib/board/models';
import * as scores from '$lib/board/scores';
import * as paste from '$lib/board/paste';
import * as read from '$lib/board/read';
import * as restore from '$lib/board/restore';
import { UndoHistory } from './undo.svelte.ts';

const REMOTE = Symbol('remote');

/** Two members' documents exchanging every update as the server would relay them. */
function twoMembers() {
	const mine = new Y.Doc();
	init.initBoard(mine, { title: 'Undo', template: 'shadow-trust' });
	const theirs = new Y.Doc();
	Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine), REMOTE);
	mine.on('update', (update: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(theirs, update, REMOTE));
	theirs.on('update', (update: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(mine, update, REMOTE));
	const history = new UndoHistory(mine);
	const view = read.readBoard(mine).models;
	const [m1, m2] = view.rows.map((r) => r.id) as [string, string];
	const [c1, c2] = view.criteria.map((c) => c.id) as [string, string];
	const score = (doc: Y.Doc, model: string, criterion: string) =>
		read.readBoard(doc).models.rows.find((r) => r.id === model)?.cells[criterion]?.score ?? null;
	const mySet = (model: string, criterion: string, value: number | null) =>
		history.commit(() => scores.setScore(mine, model, criterion, value));
	return { mine, theirs, history, m1, m2, c1, c2, score, mySet };
}

afterEach(() => {
	vi.useRealTimers();
});

describe('undo of my own changes', () => {
	it('does not reach past my overwritten edit to an older edit elsewhere, and says so', () => {
		const { mine, theirs, history, m1, m2, c1, c2, score, mySet } = twoMembers();
		mySet(m2, c2, 2);
		mySet(m1, c1, 3);
		scores.setScore(theirs, m1, c1, 5);

		expect(history.undo()).toEqual({ kind: 'overwritten', cell: { grid: 'models', rowId: m1, colId: c1 } });
		// Nothing changed anywhere: their 5 stands and my older 2 elsewhere is untouched.
		expect(score(mine, m1, c1)).toBe(5);
		expect(score(mine, m2, c2)).toBe(2);
		expect(score(theirs, m2, c2)).toBe(2);

		// Pressed again, undo goes on to my change before it, and says where.
		expect(history.undo()).toEqual({ kind: 'done', cell: { grid: 'models', rowId: m2, colId: c2 } });
		expect(score(theirs, m2, c2)).toBeNull();
		expect(history.undo()).toEqual({ kind: 'empty' });
	});

	it('takes back exactly my edit when a colleague changed another cell since', () => {
		const { theirs, history, m1, m2, c1, c2, score, mySet } = twoMembers();
		mySet(m1, c1, 3);
		scores.setScore(theirs, m2, c2, 4);
		expect(history.undo()).toEqual({ kind: 'done', cell: { grid: 'models', rowId: m1, colId: c1 } });
		expect(score(theirs, m1, c1)).toBeNull();
		expect(score(theirs, m2, c2)).toBe(4);
	});

	it('makes each committed edit its own step however fast the next follows', () => {
		const { theirs, history, m1, m2, c1, c2, score, mySet } = twoMembers();
		mySet(m1, c1, 1);
		mySet(m1, c2, 2);
		mySet(m2, c1, 3);
		history.undo();
		expect([score(theirs, m1, c1), score(theirs, m1, c2), score(theirs, m2, c1)]).toEqual([1, 2, null]);
		history.undo();
		expect([score(theirs, m1, c1), score(theirs, m1, c2), score(theirs, m2, c1)]).toEqual([1, null, null]);
	});

	it('makes a paste one step', () => {
		const { mine, theirs, history, m1, m2, c1, c2, score } = twoMembers();
		history.commit(() =>
			paste.pasteBlock(mine, 'models', m1, c1, [
				['1', '2'],
				['3', '4']
			])
		);
		expect([score(theirs, m1, c1), score(theirs, m1, c2), score(theirs, m2, c1), score(theirs, m2, c2)]).toEqual([1, 2, 3, 4]);
		expect(history.undo()).toEqual({ kind: 'done', cell: { grid: 'models', rowId: m1, colId: c1 } });
		expect([score(theirs, m1, c1), score(theirs, m1, c2), score(theirs, m2, c1), score(theirs, m2, c2)]).toEqual([null, null, null, null]);
		expect(history.canUndo).toBe(false);
	});

	it('takes back what is left of a paste a colleague partly overwrote', () => {
		const { mine, theirs, history, m1, c1, c2, score } = twoMembers();
		history.commit(() => paste.pasteBlock(mine, 'models', m1, c1, [['1', '2']]));
		scores.setScore(theirs, m1, c1, 5);
		expect(history.undo().kind).toBe('done');
		expect([score(theirs, m1, c1), score(theirs, m1, c2)]).toEqual([5, null]);
	});

	it('finds nothing of mine to undo after a colleague restored a version from before my edit', () => {
		const { mine, theirs, history, m1, m2, c1, c2, score, mySet } = twoMembers();
		mySet(m2, c2, 2);
		const version = new Y.Doc();
		Y.applyUpdate(version, Y.encodeStateAsUpdate(theirs));
		mySet(m1, c1, 3);
		mySet(m1, c2, 4);
		restore.restoreContent(theirs, version, 'restore');
		expect([score(mine, m1, c1), score(mine, m1, c2), score(mine, m2, c2)]).toEqual([null, null, 2]);

		expect(history.undo()).toEqual({ kind: 'overwritten', cell: { grid: 'models', rowId: m1, colId: c2 } });
		expect(history.undo()).toEqual({ kind: 'overwritten', cell: { grid: 'models', rowId: m1, colId: c1 } });
		expect([score(mine, m1, c1), score(mine, m1, c2), score(mine, m2, c2)]).toEqual([null, null, 2]);
		// The restore kept my earlier edit, so that one is still mine to undo.
		expect(history.undo()).toEqual({ kind: 'done', cell: { grid: 'models', rowId: m2, colId: c2 } });
		expect(score(theirs, m2, c2)).toBeNull();
	});

	it('redoes only what nobody has changed since my undo, and says so otherwise', () => {
		const { theirs, history, m1, m2, c1, c2, score, mySet } = twoMembers();
		mySet(m2, c2, 2);
		mySet(m1, c1, 3);
		history.undo();
		history.undo();
		expect([score(theirs, m1, c1), score(theirs, m2, c2)]).toEqual([null, null]);
		scores.setScore(theirs, m2, c2, 4);

		expect(history.redo()).toEqual({ kind: 'overwritten', cell: { grid: 'models', rowId: m2, colId: c2 } });
		expect([score(theirs, m1, c1), score(theirs, m2, c2)]).toEqual([null, 4]);
		expect(history.redo()).toEqual({ kind: 'done', cell: { grid: 'models', rowId: m1, colId: c1 } });
		expect(score(theirs, m1, c1)).toBe(3);
		expect(history.redo()).toEqual({ kind: 'empty' });
	});

	it('names the model cell of a renamed model', () => {
		const { mine, history, m1 } = twoMembers();
		history.commit(() => models.setName(mine, m1, 'Renamed'));
		expect(history.undo()).toEqual({ kind: 'done', cell: { grid: 'models', rowId: m1, colId: grid.MODEL_NAME_COLUMN } });
	});

	it('keeps one text edit as one step however long I pause while typing', () => {
		vi.useFakeTimers();
		const { mine, theirs, history, m1, c1 } = twoMembers();
		const text = history.commit(() => scores.rationaleText(mine, m1, c1))!;
		const typed = (t: number, s: string) => {
			vi.setSystemTime(t);
			mine.transact(() => text.insert(text.length, s), history.origin);
		};
		history.beginGroup();
		typed(10_000, 'Strong ');
		typed(20_000, 'case');
		history.endGroup();
		typed(20_001, '!');
		const rationale = () =>
			theirs.getMap('models').get(m1) instanceof Y.Map &&
			String(((theirs.getMap('models').get(m1) as Y.Map<unknown>).get('rationales') as Y.Map<unknown>).get(c1));
		expect(rationale()).toBe('Strong case!');
		history.undo();
		expect(rationale()).toBe('Strong case');
		history.undo();
		expect(rationale()).toBe('');
	});
});
