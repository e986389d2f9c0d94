import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as init from './init.ts';
import * as criteria from './criteria.ts';
import * as models from './models.ts';
import * as scores from './scores.ts';
import * as read from './read.ts';
import * as restore from './restore.ts';
import * as scope from './scope.ts';
import * as template from './template.ts';

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
		init.initBoard(live, { title: 'Board', template: 'shadow-trust' });
		scope.setCell(live, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.notes, 'Agreed at workshop 3');
		scores.setScore(live, 'model-cic', 'crit-scope', 4);
		const version = versionOf(live);

		scope.setCell(live, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.decision, 'retain');
		scope.cellText(live, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.notes)!.insert(0, 'Not ');
		scope.deleteRow(live, 'svc-adoption');
		scope.addRow(live, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'Short breaks' } });
		scores.setScore(live, 'model-cic', 'crit-scope', 1);
		models.add(live, { name: 'Joint venture' });
		criteria.add(live, { name: 'Extra' });
		expect(read.readBoard(live)).not.toEqual(read.readBoard(version));

		const origins: unknown[] = [];
		live.on('afterTransaction', (t: Y.Transaction) => origins.push(t.origin));
		const origin = { restore: 'v1' };
		expect(restore.restoreContent(live, version, origin)).toBeGreaterThan(0);
		expect(origins).toEqual([origin]);
		expect(read.readBoard(live)).toEqual(read.readBoard(version));
		// Nothing left to change: a second restore writes nothing.
		expect(restore.restoreContent(live, version, origin)).toBe(0);
	});

	it('merges with a concurrent edit elsewhere, and reaches a peer as an ordinary update', () => {
		const server = new Y.Doc();
		init.initBoard(server, { title: 'Board', template: 'shadow-trust' });
		const peer = new Y.Doc();
		sync(server, peer);
		const version = versionOf(server);
		scope.setCell(server, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 999);
		scores.setRationale(server, 'model-cic', 'crit-scope', 'Wrong rationale');
		sync(server, peer);

		// The peer keeps typing elsewhere while the restore happens.
		scope.setCell(peer, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 1500);
		restore.restoreContent(server, version, 'restore');
		sync(server, peer);

		for (const doc of [server, peer]) {
			const view = read.readBoard(doc);
			expect(view.scope.rows.find((r) => r.id === 'svc-fostering')?.cells[template.TEMPLATE_COLUMN_IDS.budget]).toBeUndefined();
			expect(view.scope.rows.find((r) => r.id === 'svc-adoption')?.cells[template.TEMPLATE_COLUMN_IDS.budget]).toBe(1500);
			expect(view.models.rows.find((m) => m.id === 'model-cic')?.cells['crit-scope']?.rationale).toBe('');
		}
		expect(read.readBoard(server)).toEqual(read.readBoard(peer));
	});

	it('is undone by restoring the version taken just before it', () => {
		const live = new Y.Doc();
		init.initBoard(live, { title: 'Board', template: 'shadow-trust' });
		const old = versionOf(live);
		scope.setCell(live, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 2400);
		const before = versionOf(live);
		restore.restoreContent(live, old, 'restore');
		restore.restoreContent(live, before, 'undo');
		expect(read.readBoard(live)).toEqual(read.readBoard(before));
	});
});
