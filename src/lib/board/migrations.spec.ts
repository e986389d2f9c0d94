import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as init from './init.ts';
import * as migrations from './migrations.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as validate from './validate.ts';
import type { Migration } from './migrations.ts';

/** A board as a pre-versioning client wrote it: plain-string title, model without cell maps. */
function unversioned(): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		doc.getMap('meta').set('title', 'Old board');
		const row = new Y.Map<unknown>();
		row.set('order', 'V');
		doc.getMap('scopeRows').set('r1', row);
		const model = new Y.Map<unknown>();
		model.set('order', 'V');
		model.set('name', 'Mutual');
		doc.getMap('models').set('m1', model);
	});
	return doc;
}

describe('migrations', () => {
	it('brings a board without a version up to the current structure', () => {
		const doc = unversioned();
		expect(migrations.schemaVersionOf(doc)).toBe(0);
		expect(validate.validateBoard(doc).length).toBeGreaterThan(0);
		const result = migrations.migrate(doc);
		expect(result).toMatchObject({ from: 0, to: schema.CURRENT_SCHEMA_VERSION });
		expect(result.applied).toHaveLength(migrations.MIGRATIONS.length);
		expect(migrations.schemaVersionOf(doc)).toBe(schema.CURRENT_SCHEMA_VERSION);
		expect(doc.getMap('meta').get('title')).toBeInstanceOf(Y.Text);
		expect(validate.validateBoard(doc)).toEqual([]);
		const view = read.readBoard(doc);
		expect(view.title).toBe('Old board');
		expect(view.scope.rows.map((r) => r.id)).toEqual(['r1']);
		expect(view.models.rows.map((r) => [r.name, r.status])).toEqual([['Mutual', 'longList']]);
	});

	it('leaves current and empty boards alone', () => {
		const doc = new Y.Doc();
		init.initBoard(doc, { title: 'New' });
		const before = Y.encodeStateVector(doc);
		const v = schema.CURRENT_SCHEMA_VERSION;
		expect(migrations.migrate(doc)).toEqual({ from: v, to: v, applied: [] });
		expect(Y.encodeStateVector(doc)).toEqual(before);
		const empty = new Y.Doc();
		expect(migrations.migrate(empty).applied).toEqual([]);
		expect(empty.getMap('meta').size).toBe(0);
	});

	it('refuses a board written by newer code', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('schemaVersion', schema.CURRENT_SCHEMA_VERSION + 1);
		expect(() => migrations.migrate(doc)).toThrow(schema.BoardError);
	});

	it('runs registered steps in order, in one transaction', () => {
		const doc = unversioned();
		const ran: string[] = [];
		const v = schema.CURRENT_SCHEMA_VERSION;
		const steps: Migration[] = [
			...migrations.MIGRATIONS,
			{ from: v, to: v + 1, description: 'rename', run: () => void ran.push('rename') },
			{ from: v + 1, to: v + 2, description: 'split', run: () => void ran.push('split') }
		];
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		const result = migrations.migrate(doc, 'server', steps);
		expect(ran).toEqual(['rename', 'split']);
		expect(result.to).toBe(v + 2);
		expect(migrations.schemaVersionOf(doc)).toBe(v + 2);
		expect(transactions).toBe(1);
	});

	it('fails before writing anything when a step is missing', () => {
		const doc = unversioned();
		const v = schema.CURRENT_SCHEMA_VERSION;
		const steps: Migration[] = [...migrations.MIGRATIONS, { from: v + 1, to: v + 2, description: 'gap', run: () => undefined }];
		expect(() => migrations.migrate(doc, null, steps)).toThrow(new RegExp(`no migration from schema ${v}\\b`));
		expect(migrations.schemaVersionOf(doc)).toBe(0);
	});
});

/** A board as schema 1 stored it: rows with order and cells only. */
function versionOne(): Y.Doc {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'September draft', template: 'shadow-trust' });
	doc.transact(() => {
		doc.getMap('meta').set('schemaVersion', 1);
		doc.getMap('scopeRows').forEach((row) => {
			for (const key of ['consulted', 'equalityNote', 'retainedByLaw', 'transferOverride', 'decisionState'])
				(row as Y.Map<unknown>).delete(key);
		});
		const own = new Y.Map<unknown>();
		const cells = new Y.Map<unknown>();
		own.set('order', 'zz');
		own.set('cells', cells);
		cells.set('col-service', 'Lead Member for children (statutory)');
		cells.set('col-decision', 'transfer');
		doc.getMap('scopeRows').set('own-lead-member', own);
	});
	return doc;
}

describe('migration to scope decision records', () => {
	it('gives every service its record, keeps decisions as proposals, and marks the statutory roles as kept by law', () => {
		const doc = versionOne();
		const before = read.readBoard(doc).scope.rows.map((r) => [r.id, r.cells]);
		const result = migrations.migrate(doc);
		expect(result.from).toBe(1);
		expect(validate.validateBoard(doc)).toEqual([]);
		const rows = read.readBoard(doc).scope.rows;
		expect(rows.map((r) => [r.id, r.cells])).toEqual(before);
		expect(rows.every((r) => r.decisionRecord.state === 'proposed' && r.decisionRecord.consulted.length === 0)).toBe(true);
		doc.getMap('scopeRows').forEach((row) => {
			expect((row as Y.Map<unknown>).get('consulted')).toBeInstanceOf(Y.Map);
			expect((row as Y.Map<unknown>).get('equalityNote')).toBeInstanceOf(Y.Text);
		});
		expect(rows.filter((r) => r.decisionRecord.retainedByLaw).map((r) => r.id)).toEqual(['svc-dcs-lead-member', 'own-lead-member']);
		// A statutory role someone had already set to transfer is flagged rather than silently changed.
		expect(rows.find((r) => r.id === 'own-lead-member')!.decisionRecord.overrideMissing).toBe(true);
	});
});
