import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as grid from './grid.ts';
import * as boardGuard from './guard.ts';
import * as init from './init.ts';
import * as models from './models.ts';
import * as scores from './scores.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as scope from './scope.ts';
import * as boardTemplate from './template.ts';
import * as validate from './validate.ts';
import type { Violation } from './validate.ts';

type YMap = Y.Map<unknown>;

function board(template: 'blank' | 'shadow-trust' = 'blank') {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Guarded', template });
	return doc;
}

function cells(doc: Y.Doc, rowId: string): YMap {
	return (doc.getMap('scopeRows').get(rowId) as YMap).get('cells') as YMap;
}

/** A server doc with a guard and one client doc, exchanging updates like the collab server does. */
function room() {
	const server = board();
	const reports: { violations: Violation[]; origin: unknown }[] = [];
	boardGuard.createBoardGuard(server, { onViolation: (violations, origin) => reports.push({ violations, origin }) });
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	const conn = { connection: 'client-1' };
	client.on('update', (u: Uint8Array, origin: unknown) => {
		if (origin !== 'server') Y.applyUpdate(server, u, conn);
	});
	server.on('update', (u: Uint8Array, origin: unknown) => {
		if (origin !== conn) Y.applyUpdate(client, u, 'server');
	});
	return { server, client, reports, conn };
}

describe('validateBoard', () => {
	it('accepts an empty document and a freshly initialised board', () => {
		expect(validate.validateBoard(new Y.Doc())).toEqual([]);
		expect(validate.validateBoard(board('shadow-trust'))).toEqual([]);
	});

	it('finds and repairs what a careless or hostile client could write', () => {
		const doc = board();
		const row = grid.addRow(doc, 'scope');
		const model = models.add(doc, { name: 'M' });
		doc.transact(() => {
			cells(doc, row).set(boardTemplate.TEMPLATE_COLUMN_IDS.service, 'x'.repeat(10_000_000));
			cells(doc, row).set(boardTemplate.TEMPLATE_COLUMN_IDS.staff, '12');
			cells(doc, row).set(boardTemplate.TEMPLATE_COLUMN_IDS.risk, 'purple');
			(doc.getMap('scopeRows').get(row) as YMap).set('hack', 1);
			doc.getMap('scopeRows').set('no-cells', new Y.Map());
			doc.getMap('meta').set('owner', 'me');
			doc.getMap('meta').set('scale', { min: 5, max: 0 });
			const m = doc.getMap('models').get(model) as YMap;
			(m.get('evidence') as YMap).set('c1/l1', { url: 'javascript:alert(1)', label: 'x', order: 'V' });
			(m.get('scores') as YMap).set('c1', 2.5);
			m.set('status', 'maybe');
			doc.getMap('comments').set('c', new Y.Map());
		});
		const found = validate.validateBoard(doc);
		expect(found.map((v) => v.path).sort()).toEqual(
			[
				`scopeRows/${row}/cells/${boardTemplate.TEMPLATE_COLUMN_IDS.service}`,
				`scopeRows/${row}/cells/${boardTemplate.TEMPLATE_COLUMN_IDS.staff}`,
				`scopeRows/${row}/cells/${boardTemplate.TEMPLATE_COLUMN_IDS.risk}`,
				`scopeRows/${row}/hack`,
				'scopeRows/no-cells',
				'meta/owner',
				'meta/scale',
				`models/${model}/evidence/c1/l1`,
				`models/${model}/scores/c1`,
				`models/${model}/status`,
				'comments/c'
			].sort()
		);
		const repaired = validate.repairBoard(doc, boardGuard.GUARD_ORIGIN);
		expect(repaired).toHaveLength(found.length);
		expect(validate.validateBoard(doc)).toEqual([]);
		const view = read.readBoard(doc);
		expect(view.scope.rows.map((r) => r.cells)).toEqual([
			{ [boardTemplate.TEMPLATE_COLUMN_IDS.service]: 'x'.repeat(2000), [boardTemplate.TEMPLATE_COLUMN_IDS.staff]: 12 }
		]);
		expect(view.scale).toEqual({ min: 0, max: 5 });
		expect(view.models.rows[0]!.status).toBe('longList');
	});

	it('flattens formatted or embedded content in plain text fields', () => {
		const doc = board('shadow-trust');
		const text = scores.rationaleText(doc, 'model-mutual', 'crit-scope')!;
		text.insert(0, 'bold claim', { bold: true });
		text.insertEmbed(0, { image: 'https://example.org/x.png' });
		expect(validate.validateBoard(doc).map((v) => v.problem)).toEqual(['formatting or embedded objects in plain text']);
		validate.repairBoard(doc, boardGuard.GUARD_ORIGIN);
		expect(validate.validateBoard(doc)).toEqual([]);
		expect(read.readBoard(doc).models.rows.find((r) => r.id === 'model-mutual')!.cells['crit-scope']!.rationale).toBe('bold claim');
	});
});

describe('board guard', () => {
	it('neutralises a bad client update and says so, and the repair reaches the client', () => {
		const { server, client, reports, conn } = room();
		const row = grid.addRow(client, 'scope');
		expect(reports).toEqual([]);
		cells(client, row).set(boardTemplate.TEMPLATE_COLUMN_IDS.budget, 'a lot');
		expect(reports).toHaveLength(1);
		expect(reports[0]!.origin).toBe(conn);
		expect(reports[0]!.violations).toEqual([
			{
				path: `scopeRows/${row}/cells/${boardTemplate.TEMPLATE_COLUMN_IDS.budget}`,
				problem: 'currency cell must be a finite number (got text of 5 characters)',
				action: 'removed'
			}
		]);
		expect(read.readBoard(client).scope.rows[0]!.cells).toEqual({});
		expect(cells(client, row).has(boardTemplate.TEMPLATE_COLUMN_IDS.budget)).toBe(false);
		expect(validate.validateBoard(server)).toEqual([]);
		expect(validate.validateBoard(client)).toEqual([]);
	});

	it('removes a lock whose key names no target or whose value is not who locked it and when, and keeps a good one', () => {
		const { server, client, reports } = room();
		const good = { byId: 'u-chair', byName: 'Cat Chair', at: '2026-12-07T10:00:00.000Z' };
		const map = client.getMap('locks');
		client.transact(() => {
			map.set('row:scope:r1', good);
			map.set('row:agenda:r1', good);
			map.set('cell:scope:r1', good);
			map.set('weights', { ...good, at: 'yesterday' });
			map.set('column:models:c1', { ...good, extra: true });
			map.set('row:models:m1', 'locked');
		});
		expect(reports[0]!.violations.map((v) => `${v.path}: ${v.problem}`).sort()).toEqual([
			'locks/cell:scope:r1: key does not name a lock target',
			'locks/column:models:c1: lock must be {byId (a user id), byName, at (ISO time)}',
			'locks/row:agenda:r1: key does not name a lock target',
			'locks/row:models:m1: lock must be {byId (a user id), byName, at (ISO time)}',
			'locks/weights: lock must be {byId (a user id), byName, at (ISO time)}'
		]);
		expect([...server.getMap('locks').keys()]).toEqual(['row:scope:r1']);
		expect([...map.keys()]).toEqual(['row:scope:r1']);
	});

	it('pins the schema version so no client can make the board unloadable', () => {
		const { server, client, reports } = room();
		client.getMap('meta').set('schemaVersion', 99);
		expect(reports[0]!.violations[0]!.action).toBe(`set to ${schema.CURRENT_SCHEMA_VERSION}`);
		expect(server.getMap('meta').get('schemaVersion')).toBe(schema.CURRENT_SCHEMA_VERSION);
		client.getMap('meta').delete('schemaVersion');
		expect(client.getMap('meta').get('schemaVersion')).toBe(schema.CURRENT_SCHEMA_VERSION);
	});

	it('truncates over-long typing in a long text cell', () => {
		const { server, client, reports } = room();
		const row = grid.addRow(client, 'scope');
		const notes = cells(client, row).get(boardTemplate.TEMPLATE_COLUMN_IDS.notes) as Y.Text;
		notes.insert(0, 'n'.repeat(20_500));
		expect(reports[0]!.violations[0]!.action).toBe('truncated to 20000 characters');
		expect(notes.length).toBe(20_000);
		expect(read.readBoard(server).scope.rows[0]!.cells[boardTemplate.TEMPLATE_COLUMN_IDS.notes]).toHaveLength(20_000);
	});

	it('checks only what a transaction changed', () => {
		const server = board();
		const row = grid.addRow(server, 'scope');
		cells(server, row).set(boardTemplate.TEMPLATE_COLUMN_IDS.staff, 'stale junk'); // written before the guard existed
		const onViolation = vi.fn();
		boardGuard.createBoardGuard(server, { onViolation });
		server.transact(() => grid.setCell(server, 'scope', row, boardTemplate.TEMPLATE_COLUMN_IDS.service, 'Fostering'), 'someone');
		expect(onViolation).not.toHaveBeenCalled();
		cells(server, row).set(boardTemplate.TEMPLATE_COLUMN_IDS.risk, 'blue');
		expect(onViolation).toHaveBeenCalledTimes(1);
		expect(onViolation.mock.calls[0]![0].map((v: Violation) => v.path)).toEqual([
			`scopeRows/${row}/cells/${boardTemplate.TEMPLATE_COLUMN_IDS.risk}`
		]);
	});

	it('converts values a concurrent retype left in the old type', () => {
		const { server, client, reports } = room();
		const row = grid.addRow(client, 'scope');
		// Another member works offline from this point.
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
		grid.setCell(client, 'scope', row, boardTemplate.TEMPLATE_COLUMN_IDS.service, 'Fostering');
		grid.setCell(client, 'scope', row, boardTemplate.TEMPLATE_COLUMN_IDS.staff, 12);
		scope.retypeColumn(other, boardTemplate.TEMPLATE_COLUMN_IDS.staff, 'text');
		scope.retypeColumn(other, boardTemplate.TEMPLATE_COLUMN_IDS.service, 'number');
		expect(reports).toEqual([]);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(other), 'other');
		expect(reports.map((r) => r.origin)).toEqual(['other']);
		expect(reports[0]!.violations.map((v) => v.action)).toEqual(['converted to "12"', 'removed']);
		expect(read.readBoard(client).scope.rows[0]!.cells).toEqual({ [boardTemplate.TEMPLATE_COLUMN_IDS.staff]: '12' });
		expect(validate.validateBoard(server)).toEqual([]);
		expect(validate.validateBoard(client)).toEqual([]);
	});

	it('leaves valid edits alone and never reacts to its own repairs', () => {
		const server = board('shadow-trust');
		const onViolation = vi.fn();
		const guard = boardGuard.createBoardGuard(server, { onViolation });
		const before = server.store.clients.get(server.clientID)?.length ?? 0;
		grid.setCell(server, 'scope', 'svc-adoption', boardTemplate.TEMPLATE_COLUMN_IDS.budget, 1200);
		expect(onViolation).not.toHaveBeenCalled();
		expect(server.store.clients.get(server.clientID)!.length).toBe(before + 1);
		guard.destroy();
		cells(server, 'svc-adoption').set(boardTemplate.TEMPLATE_COLUMN_IDS.budget, 'bad');
		expect(onViolation).not.toHaveBeenCalled();
	});
});

describe('board guard with updates arriving out of order', () => {
	it('waits for an update to be whole before judging it, so a rename is never overwritten', () => {
		for (let trial = 0; trial < 20; trial++) {
			const server = board();
			const modelId = models.add(server, { name: 'Wholly owned company' });
			boardGuard.createBoardGuard(server);
			const client = new Y.Doc();
			Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
			const updates: Uint8Array[] = [];
			client.on('update', (update: Uint8Array) => updates.push(update));
			grid.setCell(client, 'models', modelId, '@description', 'A company the council owns outright.');
			models.setName(client, modelId, 'Wholly owned CIC');
			const [first, rename] = updates;
			// The rename's deletion of the old name applies at once; its new name waits for the first update.
			Y.applyUpdate(server, rename!, 'connection');
			Y.applyUpdate(server, first!, 'connection');
			expect(read.readBoard(server).models.rows.find((m) => m.id === modelId)?.name).toBe('Wholly owned CIC');
		}
	});
});
