import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as comments from './comments.ts';
import * as init from './init.ts';
import * as jsonExport from './json-export.ts';
import * as jsonImport from './json-import.ts';
import * as locks from './locks.ts';
import * as scores from './scores.ts';
import * as models from './models.ts';
import * as criteria from './criteria.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as scope from './scope.ts';
import * as decisions from './decisions.ts';
import * as template from './template.ts';

function richBoard(): Y.Doc {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Shadow trust board', description: 'Scope and model', template: 'shadow-trust' });
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 2400.5);
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.staff, 41.2);
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.risk, 'amber');
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.lead, 'user-1');
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.notes, '=HYPERLINK("http://evil")\nsecond line, "quoted"');
	scope.addRow(doc, {
		values: { [template.TEMPLATE_COLUMN_IDS.service]: 'Short breaks', [template.TEMPLATE_COLUMN_IDS.decision]: 'shared' }
	});
	decisions.setDecisionState(doc, 'svc-fostering', 'consulted');
	decisions.setConsulted(doc, 'svc-fostering', 'staff', true);
	decisions.setConsulted(doc, 'svc-fostering', 'safeguardingBoard', true);
	decisions.setEqualityNote(doc, 'svc-fostering', 'Foster carers: no adverse impact found.');
	const chair = { id: 'user-1', name: 'Alex', role: 'chair' } as const;
	decisions.setRetainedByLaw(doc, 'svc-education', true, chair);
	decisions.overrideRetainedTransfer(doc, 'svc-dcs-lead-member', {
		actor: chair,
		reason: 'Tested with counsel',
		at: new Date('2017-01-10T09:30:00Z')
	});
	scores.setScore(doc, 'model-cic', 'crit-scope', 5);
	scores.setScore(doc, 'model-cic', 'crit-vat', 0);
	scores.setRationale(doc, 'model-cic', 'crit-scope', 'Takes the whole agreed scope');
	scores.addEvidence(doc, 'model-cic', 'crit-scope', { url: 'https://example.org/report', label: 'Cabinet report' });
	scores.addEvidence(doc, 'model-cic', 'crit-scope', { url: 'https://example.org/appendix', label: 'Appendix' });
	models.setStatus(doc, 'model-in-house', 'discounted', { reason: 'Rejected in the options appraisal' });
	const thread = comments.addComment(doc, {
		target: { grid: 'scope', rowId: 'svc-fostering', columnId: template.TEMPLATE_COLUMN_IDS.budget },
		body: 'Check with finance',
		author: { id: 'user-1', name: 'Alex' },
		at: new Date('2016-09-07T10:00:00Z')
	});
	comments.reply(doc, { threadId: thread, body: 'Confirmed', author: { id: 'user-2', name: 'Sam' }, at: new Date('2016-09-07T11:00:00Z') });
	comments.resolveThread(doc, thread, true, { id: 'user-2', name: 'Sam' }, new Date('2016-09-07T12:00:00Z'));
	return doc;
}

describe('board JSON', () => {
	it('round-trips exactly: the imported board reads the same as the original', () => {
		const doc = richBoard();
		const file = JSON.parse(JSON.stringify(jsonExport.boardToJson(doc, { source: { board: 'b1' } })));
		expect(file.format).toBe('trustboard.board');
		expect(file.version).toBe(jsonExport.BOARD_JSON_VERSION);
		const imported = jsonImport.boardFromJson(file);
		expect(read.readBoard(imported)).toEqual(read.readBoard(doc));
		// And once more, from text, through a second generation.
		const again = jsonImport.parseBoardJson(JSON.stringify(jsonExport.boardToJson(imported)));
		expect(read.readBoard(again)).toEqual(read.readBoard(doc));
	});

	it('carries each scope decision record: state, consultees, equality note, legal hold and override', () => {
		const file = jsonExport.boardToJson(richBoard());
		const rows = new Map(file.board.scope.rows.map((r) => [r.id, r]));
		expect(rows.get('svc-fostering')).toMatchObject({
			decisionState: 'consulted',
			consulted: ['staff', 'safeguardingBoard'],
			equalityNote: 'Foster carers: no adverse impact found.',
			retainedByLaw: false,
			transferOverride: null
		});
		expect(rows.get('svc-education')).toMatchObject({ retainedByLaw: true, decisionState: 'proposed' });
		expect(rows.get('svc-dcs-lead-member')!.transferOverride).toEqual({
			byId: 'user-1',
			byName: 'Alex',
			at: '2017-01-10T09:30:00.000Z',
			reason: 'Tested with counsel'
		});
	});

	it('imports a version 1 file, migrating its board: decisions become proposals, the statutory roles are kept by law', () => {
		const file = JSON.parse(JSON.stringify(jsonExport.boardToJson(richBoard())));
		file.version = 1;
		file.board.schemaVersion = 1;
		for (const row of file.board.scope.rows) {
			for (const key of ['decisionState', 'consulted', 'equalityNote', 'retainedByLaw', 'transferOverride']) delete row[key];
		}
		delete file.board.models.benchmarkId;
		delete file.board.models.note;
		for (const model of file.board.models.rows) {
			model.discountReason = model.statusReason;
			delete model.statusReason;
			delete model.knockoutOverride;
		}
		for (const criterion of file.board.models.criteria) delete criterion.weightPlaceholder;
		// The version 1 board had the statutory roles set to transfer without anyone overriding anything.
		const imported = read.readBoard(jsonImport.boardFromJson(file));
		expect(imported.schemaVersion).toBe(schema.CURRENT_SCHEMA_VERSION);
		const dcs = imported.scope.rows.find((r) => r.id === 'svc-dcs-lead-member')!;
		expect(dcs.decisionRecord).toMatchObject({ retainedByLaw: true, overrideMissing: true, transferOverride: null });
		expect(imported.scope.rows.find((r) => r.id === 'svc-fostering')!.decisionRecord).toMatchObject({ state: 'proposed', consulted: [] });
		expect(imported.scope.rows.map((r) => r.cells)).toEqual(read.readBoard(richBoard()).scope.rows.map((r) => r.cells));
	});

	it('keeps a score left outside the scale, still flagged', () => {
		const doc = richBoard();
		scores.setScore(doc, 'model-mutual', 'crit-scope', 5);
		criteria.setScale(doc, { min: 0, max: 5 });
		doc.transact(() => schema.roots(doc).meta.set('scale', { min: 0, max: 4 }));
		expect(read.readBoard(doc).models.rows.find((m) => m.id === 'model-mutual')?.cells['crit-scope']?.outOfRange).toBe(true);
		expect(read.readBoard(jsonImport.boardFromJson(jsonExport.boardToJson(doc)))).toEqual(read.readBoard(doc));
	});

	it('refuses what is not a board file, saying what is wrong and where', () => {
		const good = jsonExport.boardToJson(richBoard());
		const bad = (mutate: (file: ReturnType<typeof jsonExport.boardToJson>) => unknown) => {
			const file = structuredClone(good);
			return () => jsonImport.boardFromJson(mutate(file) ?? file);
		};
		expect(() => jsonImport.parseBoardJson('{not json')).toThrow('not valid JSON');
		expect(() => jsonImport.parseBoardJson('[]')).toThrow('file: expected an object');
		expect(bad((f) => ({ ...f, format: 'other' }))).toThrow('not a trustboard board file');
		expect(bad((f) => ({ ...f, version: 99 }))).toThrow('newer trustboard');
		expect(
			bad((f) => {
				f.board.scope.rows[0]!.cells[template.TEMPLATE_COLUMN_IDS.budget] = { evil: true } as never;
			})
		).toThrow(/board\.scope\.rows\[0\]\.cells\.col-budget/);
		expect(
			bad((f) => {
				f.board.scope.rows[1]!.id = f.board.scope.rows[0]!.id;
			})
		).toThrow('used twice');
		expect(
			bad((f) => {
				f.board.models.rows[0]!.status = 'maybe' as never;
			})
		).toThrow('board.models.rows[0].status');
		expect(
			bad((f) => {
				f.board.scope.columns[0]!.name = 'x'.repeat(500);
			})
		).toThrow(jsonImport.BoardJsonError);
		expect(
			bad((f) => {
				f.board.models.rows[0]!.evidence = { 'crit-scope': [{ id: 'l1', url: 'javascript:alert(1)', label: 'x' }] };
			})
		).toThrow('board schema');
		expect(
			bad((f) => {
				f.board.scope.rows[0]!.consulted = ['press' as never];
			})
		).toThrow('board.scope.rows[0].consulted[0]');
		expect(
			bad((f) => {
				f.board.scope.rows[0]!.transferOverride = { byId: 'u', byName: 'U', at: 'yesterday', reason: 'x' };
			})
		).toThrow('board schema');
	});

	it("carries the chair's locks, and refuses a lock on a part the file does not have or under a malformed key", () => {
		const doc = richBoard();
		const chair = { id: 'user-1', name: 'Alex' };
		locks.lock(doc, { kind: 'row', grid: 'scope', rowId: 'svc-fostering' }, chair, new Date('2017-01-11T09:00:00Z'));
		locks.lock(doc, { kind: 'cell', grid: 'models', rowId: 'model-cic', columnId: 'crit-scope' }, chair, new Date('2017-01-11T09:01:00Z'));
		locks.lock(
			doc,
			{ kind: 'column', grid: 'scope', columnId: template.TEMPLATE_COLUMN_IDS.budget },
			chair,
			new Date('2017-01-11T09:02:00Z')
		);
		locks.lock(doc, { kind: 'weights' }, chair, new Date('2017-01-11T09:03:00Z'));
		const file = JSON.parse(JSON.stringify(jsonExport.boardToJson(doc)));
		expect(file.board.locks).toEqual([
			{ key: 'row:scope:svc-fostering', byId: 'user-1', byName: 'Alex', at: '2017-01-11T09:00:00.000Z' },
			{ key: 'cell:models:model-cic:crit-scope', byId: 'user-1', byName: 'Alex', at: '2017-01-11T09:01:00.000Z' },
			{ key: `column:scope:${template.TEMPLATE_COLUMN_IDS.budget}`, byId: 'user-1', byName: 'Alex', at: '2017-01-11T09:02:00.000Z' },
			{ key: 'weights', byId: 'user-1', byName: 'Alex', at: '2017-01-11T09:03:00.000Z' }
		]);
		expect(locks.listLocks(jsonImport.boardFromJson(file))).toEqual(locks.listLocks(doc));

		const bad = (lock: Record<string, unknown>) => () =>
			jsonImport.boardFromJson({ ...file, board: { ...file.board, locks: [...file.board.locks, lock] } });
		const by = { byId: 'user-1', byName: 'Alex', at: '2017-01-11T09:04:00.000Z' };
		expect(bad({ key: 'row:scope:svc-nowhere', ...by })).toThrow('board.locks[4].key: no scope row "svc-nowhere" to lock');
		expect(bad({ key: 'column:models:crit-nowhere', ...by })).toThrow('board.locks[4].key: no criterion "crit-nowhere" to lock');
		expect(bad({ key: 'row:agenda:x', ...by })).toThrow('board.locks[4].key: "row:agenda:x" is not a lock key');
		expect(bad({ key: 'weights', ...by })).toThrow('"weights" is locked twice');
		expect(bad({ key: 'row:models:model-cic', ...by, at: 'yesterday' })).toThrow(/board schema: locks\/row:models:model-cic/);
		// A version 2 file has no locks: nothing is locked in the copy.
		const older = JSON.parse(JSON.stringify(file));
		older.version = 2;
		expect(locks.listLocks(jsonImport.boardFromJson(older))).toEqual([]);
	});
});
