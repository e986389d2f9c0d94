import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as criteria from './criteria.ts';
import * as grid from './grid.ts';
import * as init from './init.ts';
import * as lockPolicy from './lock-policy.ts';
import * as locks from './locks.ts';
import * as read from './read.ts';
import * as scope from './scope.ts';
import * as scores from './scores.ts';
import * as template from './template.ts';

const C = template.TEMPLATE_COLUMN_IDS;
const { lock, unlock } = locks;
const readBoard = read.readBoard;

const ROW = 'svc-front-door';
const OTHER_ROW = 'svc-early-help';
const MODEL = 'model-in-house';
const CRITERION = 'crit-focus';

/**
 * A server document with the policy and two clients (chair and editor), syncing through it the way the room
 * does: every update, repairs included, reaches every other document.
 */
function meeting() {
	const server = new Y.Doc();
	init.initBoard(server, { title: 'Board', template: 'shadow-trust' });
	const refused: { reason: string; origin: unknown }[] = [];
	const changed: { target: locks.LockTarget; locked: boolean }[] = [];
	lockPolicy.createLockPolicy(server, {
		author: (origin) => (origin === 'chair' ? { isChair: true } : origin === 'editor' ? { isChair: false } : null),
		onRefused: (reason, origin) => refused.push({ reason, origin }),
		onChanged: (changes) => changed.push(...changes)
	});
	const clients = { chair: new Y.Doc(), editor: new Y.Doc() };
	for (const [name, doc] of Object.entries(clients)) {
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
		// Client -> server, tagged with who sent it.
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== 'server') Y.applyUpdate(server, update, name);
		});
	}
	// Server -> every client (the sender gets its own back as a no-op, and the repairs).
	server.on('update', (update: Uint8Array) => {
		for (const doc of Object.values(clients)) Y.applyUpdate(doc, update, 'server');
	});
	const converged = () => {
		const state = JSON.stringify(readBoard(server));
		return Object.values(clients).every((doc) => JSON.stringify(readBoard(doc)) === state);
	};
	return { server, ...clients, refused, changed, converged };
}

const cell = (doc: Y.Doc, rowId: string, columnId: string) => readBoard(doc).scope.rows.find((r) => r.id === rowId)?.cells[columnId];
const score = (doc: Y.Doc) => readBoard(doc).models.rows.find((m) => m.id === MODEL)?.cells[CRITERION]?.score ?? null;
const chairUser = { id: 'u-chair', name: 'Cat Chair' };

describe('locks', () => {
	it('undo an edit of a locked row and keep the unlocked edit made in the same transaction', () => {
		const m = meeting();
		lock(m.chair, { kind: 'row', grid: 'scope', rowId: ROW }, chairUser);
		expect(m.changed).toEqual([{ target: { kind: 'row', grid: 'scope', rowId: ROW }, locked: true }]);
		const before = cell(m.server, ROW, C.notes);
		m.editor.transact(() => {
			grid.setCell(m.editor, 'scope', ROW, C.notes, 'changed while locked');
			grid.setCell(m.editor, 'scope', OTHER_ROW, C.notes, 'an honest edit');
		});
		expect(cell(m.server, ROW, C.notes)).toBe(before);
		expect(cell(m.editor, ROW, C.notes)).toBe(before);
		expect(cell(m.server, OTHER_ROW, C.notes)).toBe('an honest edit');
		// Named as people know the row, not by its id.
		expect(m.refused).toEqual([{ reason: `row ${String(cell(m.server, ROW, C.service))} is locked`, origin: 'editor' }]);
		expect(m.converged()).toBe(true);
	});

	it('bring back a locked row someone deleted, with its content', () => {
		const m = meeting();
		const name = cell(m.server, ROW, C.service);
		lock(m.chair, { kind: 'row', grid: 'scope', rowId: ROW }, chairUser);
		scope.deleteRow(m.editor, ROW);
		expect(cell(m.server, ROW, C.service)).toBe(name);
		expect(cell(m.editor, ROW, C.service)).toBe(name);
		expect(m.converged()).toBe(true);
	});

	it('hold a cell, a column and the weights; the chair too must unlock before editing', () => {
		const m = meeting();
		lock(m.chair, { kind: 'cell', grid: 'models', rowId: MODEL, columnId: CRITERION }, chairUser);
		lock(m.chair, { kind: 'column', grid: 'scope', columnId: C.budget }, chairUser);
		lock(m.chair, { kind: 'weights' }, chairUser);
		const weight = readBoard(m.server).models.criteria.find((c) => c.id === CRITERION)?.weight;
		scores.setScore(m.chair, MODEL, CRITERION, 3);
		grid.setCell(m.editor, 'scope', OTHER_ROW, C.budget, 123);
		criteria.setWeight(m.editor, CRITERION, 5);
		expect(score(m.server)).toBeNull();
		expect(cell(m.server, OTHER_ROW, C.budget)).not.toBe(123);
		expect(readBoard(m.server).models.criteria.find((c) => c.id === CRITERION)?.weight).toBe(weight);
		expect(m.converged()).toBe(true);

		unlock(m.chair, { kind: 'cell', grid: 'models', rowId: MODEL, columnId: CRITERION });
		scores.setScore(m.chair, MODEL, CRITERION, 3);
		expect(score(m.server)).toBe(3);
		expect(m.changed.at(-1)).toEqual({ target: { kind: 'cell', grid: 'models', rowId: MODEL, columnId: CRITERION }, locked: false });
	});

	it('only the chair locks and unlocks', () => {
		const m = meeting();
		lock(m.editor, { kind: 'row', grid: 'scope', rowId: ROW }, { id: 'u-editor', name: 'Eli' });
		expect(locks.listLocks(m.server)).toEqual([]);
		lock(m.chair, { kind: 'weights' }, chairUser);
		unlock(m.editor, { kind: 'weights' });
		expect(locks.listLocks(m.server).map((l) => l.key)).toEqual(['weights']);
		expect(m.refused.map((r) => r.reason)).toEqual(['only the chair locks and unlocks', 'only the chair locks and unlocks']);
		expect(m.converged()).toBe(true);
		expect(locks.cellLocked(locks.lockedKeys(m.server), 'scope', ROW, C.notes)).toBe(false);
	});

	it('leave the server’s own changes alone (a restore may change a locked part)', () => {
		const m = meeting();
		lock(m.chair, { kind: 'row', grid: 'scope', rowId: ROW }, chairUser);
		m.server.transact(() => grid.setCell(m.server, 'scope', ROW, C.notes, 'restored'), null);
		expect(cell(m.editor, ROW, C.notes)).toBe('restored');
		expect(m.refused).toEqual([]);
	});
});
