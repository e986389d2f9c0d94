import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard } from './init.ts';
import { addCriterion, addModel, setRationale, setScore } from './models.ts';
import { readBoard } from './read.ts';
import { restoreContent } from './restore.ts';
import { addScopeRow, deleteScopeRow, scopeCellText, setScopeCell } from './scope.ts';
import { TEMPLATE_COLUMN_IDS as C } from './template.ts';

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

function versionOf(doc: Y.Doc): Y.Doc {
	const version = new Y.Doc();
	Y.applyUpdate(version, Y.encodeStateAsUpdate(doc));
	return version;
}

describe('restoreContent', () => {
	it('makes the live board read exactly like the version, as one transaction with the given origin', () => {
		const live = new Y.Doc();
		initBoard(live, { title: 'Board', template: 'shadow-trust' });
		setScopeCell(live, 'svc-fostering', C.notes, 'Agreed at workshop 3');
		setScore(live, 'model-cic', 'crit-scope', 4);
		const version = versionOf(live);

		setScopeCell(live, 'svc-fostering', C.decision, 'retain');
		scopeCellText(live, 'svc-fostering', C.notes)!.insert(0, 'Not ');
		deleteScopeRow(live, 'svc-adoption');
		addScopeRow(live, { values: { [C.service]: 'Short breaks' } });
		setScore(live, 'model-cic', 'crit-scope', 1);
		addModel(live, { name: 'Joint venture' });
		addCriterion(live, { name: 'Extra' });
		expect(readBoard(live)).not.toEqual(readBoard(version));

		const origins: unknown[] = [];
		live.on('afterTransaction', (t: Y.Transaction) => origins.push(t.origin));
		const origin = { restore: 'v1' };
		expect(restoreContent(live, version, origin)).toBeGreaterThan(0);
		expect(origins).toEqual([origin]);
		expect(readBoard(live)).toEqual(readBoard(version));
		// Nothing left to change: a second restore writes nothing.
		expect(restoreContent(live, version, origin)).toBe(0);
	});

	it('merges with a concurrent edit elsewhere, and reaches a peer as an ordinary update', () => {
		const server = new Y.Doc();
		initBoard(server, { title: 'Board', template: 'shadow-trust' });
		const peer = new Y.Doc();
		sync(server, peer);
		const version = versionOf(server);
		setScopeCell(server, 'svc-fostering', C.budget, 999);
		setRationale(server, 'model-cic', 'crit-scope', 'Wrong rationale');
		sync(server, peer);

		// The peer keeps typing elsewhere while the restore happens.
		setScopeCell(peer, 'svc-adoption', C.budget, 1500);
		restoreContent(server, version, 'restore');
		sync(server, peer);

		for (const doc of [server, peer]) {
			const view = readBoard(doc);
			expect(view.scope.rows.find((r) => r.id === 'svc-fostering')?.cells[C.budget]).toBeUndefined();
			expect(view.scope.rows.find((r) => r.id === 'svc-adoption')?.cells[C.budget]).toBe(1500);
			expect(view.models.rows.find((m) => m.id === 'model-cic')?.cells['crit-scope']?.rationale).toBe('');
		}
		expect(readBoard(server)).toEqual(readBoard(peer));
	});

	it('is undone by restoring the version taken just before it', () => {
		const live = new Y.Doc();
		initBoard(live, { title: 'Board', template: 'shadow-trust' });
		const old = versionOf(live);
		setScopeCell(live, 'svc-fostering', C.budget, 2400);
		const before = versionOf(live);
		restoreContent(live, old, 'restore');
		restoreContent(live, before, 'undo');
		expect(readBoard(live)).toEqual(readBoard(before));
	});
});
