import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addRow, setCell } from './grid.ts';
import { createBoardGuard, GUARD_ORIGIN } from './guard.ts';
import { initBoard } from './init.ts';
import { addModel, rationaleText, setModelName } from './models.ts';
import { readBoard } from './read.ts';
import { CURRENT_SCHEMA_VERSION } from './schema.ts';
import { retypeScopeColumn } from './scope.ts';
import { TEMPLATE_COLUMN_IDS as C } from './template.ts';
import { repairBoard, validateBoard, type Violation } from './validate.ts';

type YMap = Y.Map<unknown>;

function board(template: 'blank' | 'shadow-trust' = 'blank') {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Guarded', template });
	return doc;
}

function cells(doc: Y.Doc, rowId: string): YMap {
	return (doc.getMap('scopeRows').get(rowId) as YMap).get('cells') as YMap;
}

/** A server doc with a guard and one client doc, exchanging updates like the collab server does. */
function room() {
	const server = board();
	const reports: { violations: Violation[]; origin: unknown }[] = [];
	createBoardGuard(server, { onViolation: (violations, origin) => reports.push({ violations, origin }) });
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
		expect(validateBoard(new Y.Doc())).toEqual([]);
		expect(validateBoard(board('shadow-trust'))).toEqual([]);
	});

	it('finds and repairs what a careless or hostile client could write', () => {
		const doc = board();
		const row = addRow(doc, 'scope');
		const model = addModel(doc, { name: 'M' });
		doc.transact(() => {
			cells(doc, row).set(C.service, 'x'.repeat(10_000_000));
			cells(doc, row).set(C.staff, '12');
			cells(doc, row).set(C.risk, 'purple');
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
		const found = validateBoard(doc);
		expect(found.map((v) => v.path).sort()).toEqual(
			[
				`scopeRows/${row}/cells/${C.service}`,
				`scopeRows/${row}/cells/${C.staff}`,
				`scopeRows/${row}/cells/${C.risk}`,
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
		const repaired = repairBoard(doc, GUARD_ORIGIN);
		expect(repaired).toHaveLength(found.length);
		expect(validateBoard(doc)).toEqual([]);
		const view = readBoard(doc);
		expect(view.scope.rows.map((r) => r.cells)).toEqual([{ [C.service]: 'x'.repeat(2000), [C.staff]: 12 }]);
		expect(view.scale).toEqual({ min: 0, max: 5 });
		expect(view.models.rows[0]!.status).toBe('longList');
	});

	it('flattens formatted or embedded content in plain text fields', () => {
		const doc = board('shadow-trust');
		const text = rationaleText(doc, 'model-mutual', 'crit-scope')!;
		text.insert(0, 'bold claim', { bold: true });
		text.insertEmbed(0, { image: 'https://example.org/x.png' });
		expect(validateBoard(doc).map((v) => v.problem)).toEqual(['formatting or embedded objects in plain text']);
		repairBoard(doc, GUARD_ORIGIN);
		expect(validateBoard(doc)).toEqual([]);
		expect(readBoard(doc).models.rows.find((r) => r.id === 'model-mutual')!.cells['crit-scope']!.rationale).toBe('bold claim');
	});
});

describe('board guard', () => {
	it('neutralises a bad client update and says so, and the repair reaches the client', () => {
		const { server, client, reports, conn } = room();
		const row = addRow(client, 'scope');
		expect(reports).toEqual([]);
		cells(client, row).set(C.budget, 'a lot');
		expect(reports).toHaveLength(1);
		expect(reports[0]!.origin).toBe(conn);
		expect(reports[0]!.violations).toEqual([
			{ path: `scopeRows/${row}/cells/${C.budget}`, problem: 'currency cell must be a finite number (got text of 5 characters)', action: 'removed' }
		]);
		expect(readBoard(client).scope.rows[0]!.cells).toEqual({});
		expect(cells(client, row).has(C.budget)).toBe(false);
		expect(validateBoard(server)).toEqual([]);
		expect(validateBoard(client)).toEqual([]);
	});

	it('pins the schema version so no client can make the board unloadable', () => {
		const { server, client, reports } = room();
		client.getMap('meta').set('schemaVersion', 99);
		expect(reports[0]!.violations[0]!.action).toBe(`set to ${CURRENT_SCHEMA_VERSION}`);
		expect(server.getMap('meta').get('schemaVersion')).toBe(CURRENT_SCHEMA_VERSION);
		client.getMap('meta').delete('schemaVersion');
		expect(client.getMap('meta').get('schemaVersion')).toBe(CURRENT_SCHEMA_VERSION);
	});

	it('truncates over-long typing in a long text cell', () => {
		const { server, client, reports } = room();
		const row = addRow(client, 'scope');
		const notes = cells(client, row).get(C.notes) as Y.Text;
		notes.insert(0, 'n'.repeat(20_500));
		expect(reports[0]!.violations[0]!.action).toBe('truncated to 20000 characters');
		expect(notes.length).toBe(20_000);
		expect(readBoard(server).scope.rows[0]!.cells[C.notes]).toHaveLength(20_000);
	});

	it('checks only what a transaction changed', () => {
		const server = board();
		const row = addRow(server, 'scope');
		cells(server, row).set(C.staff, 'stale junk'); // written before the guard existed
		const onViolation = vi.fn();
		createBoardGuard(server, { onViolation });
		setCell(server, 'scope', row, C.service, 'Fostering', 'someone');
		expect(onViolation).not.toHaveBeenCalled();
		cells(server, row).set(C.risk, 'blue');
		expect(onViolation).toHaveBeenCalledTimes(1);
		expect(onViolation.mock.calls[0]![0].map((v: Violation) => v.path)).toEqual([`scopeRows/${row}/cells/${C.risk}`]);
	});

	it('converts values a concurrent retype left in the old type', () => {
		const { server, client, reports } = room();
		const row = addRow(client, 'scope');
		// Another member works offline from this point.
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
		setCell(client, 'scope', row, C.service, 'Fostering');
		setCell(client, 'scope', row, C.staff, 12);
		retypeScopeColumn(other, C.staff, 'text');
		retypeScopeColumn(other, C.service, 'number');
		expect(reports).toEqual([]);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(other), 'other');
		expect(reports.map((r) => r.origin)).toEqual(['other']);
		expect(reports[0]!.violations.map((v) => v.action)).toEqual(['converted to "12"', 'removed']);
		expect(readBoard(client).scope.rows[0]!.cells).toEqual({ [C.staff]: '12' });
		expect(validateBoard(server)).toEqual([]);
		expect(validateBoard(client)).toEqual([]);
	});

	it('leaves valid edits alone and never reacts to its own repairs', () => {
		const server = board('shadow-trust');
		const onViolation = vi.fn();
		const guard = createBoardGuard(server, { onViolation });
		const before = server.store.clients.get(server.clientID)?.length ?? 0;
		setCell(server, 'scope', 'svc-adoption', C.budget, 1200);
		expect(onViolation).not.toHaveBeenCalled();
		expect(server.store.clients.get(server.clientID)!.length).toBe(before + 1);
		guard.destroy();
		cells(server, 'svc-adoption').set(C.budget, 'bad');
		expect(onViolation).not.toHaveBeenCalled();
	});
});

describe('board guard with updates arriving out of order', () => {
	it('waits for an update to be whole before judging it, so a rename is never overwritten', () => {
		for (let trial = 0; trial < 20; trial++) {
			const server = board();
			const modelId = addModel(server, { name: 'Wholly owned company' });
			createBoardGuard(server);
			const client = new Y.Doc();
			Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
			const updates: Uint8Array[] = [];
			client.on('update', (update: Uint8Array) => updates.push(update));
			setCell(client, 'models', modelId, '@description', 'A company the council owns outright.');
			setModelName(client, modelId, 'Wholly owned CIC');
			const [first, rename] = updates;
			// The rename's deletion of the old name applies at once; its new name waits for the first update.
			Y.applyUpdate(server, rename!, 'connection');
			Y.applyUpdate(server, first!, 'connection');
			expect(readBoard(server).models.rows.find((m) => m.id === modelId)?.name).toBe('Wholly owned CIC');
		}
	});
});
