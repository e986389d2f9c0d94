import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, reply, resolveThread } from './comments.ts';
import { initBoard } from './init.ts';
import { BOARD_JSON_VERSION, BoardJsonError, boardFromJson, boardToJson, parseBoardJson } from './json.ts';
import { addEvidence, setModelStatus, setRationale, setScale, setScore } from './models.ts';
import { readBoard } from './read.ts';
import { CURRENT_SCHEMA_VERSION, roots } from './schema.ts';
import { addScopeRow, setScopeCell } from './scope.ts';
import { overrideRetainedTransfer, setConsulted, setDecisionState, setEqualityNote, setRetainedByLaw } from './decisions.ts';
import { TEMPLATE_COLUMN_IDS as C } from './template.ts';

function richBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Shadow trust board', description: 'Scope and model', template: 'shadow-trust' });
	setScopeCell(doc, 'svc-fostering', C.budget, 2400.5);
	setScopeCell(doc, 'svc-fostering', C.staff, 41.2);
	setScopeCell(doc, 'svc-fostering', C.risk, 'amber');
	setScopeCell(doc, 'svc-fostering', C.lead, 'user-1');
	setScopeCell(doc, 'svc-fostering', C.notes, '=HYPERLINK("http://evil")\nsecond line, "quoted"');
	addScopeRow(doc, { values: { [C.service]: 'Short breaks', [C.decision]: 'shared' } });
	setDecisionState(doc, 'svc-fostering', 'consulted');
	setConsulted(doc, 'svc-fostering', 'staff', true);
	setConsulted(doc, 'svc-fostering', 'safeguardingBoard', true);
	setEqualityNote(doc, 'svc-fostering', 'Foster carers: no adverse impact found.');
	const chair = { id: 'user-1', name: 'Alex', role: 'chair' } as const;
	setRetainedByLaw(doc, 'svc-education', true, chair);
	overrideRetainedTransfer(doc, 'svc-dcs-lead-member', { actor: chair, reason: 'Tested with counsel', at: new Date('2017-01-10T09:30:00Z') });
	setScore(doc, 'model-cic', 'crit-scope', 5);
	setScore(doc, 'model-cic', 'crit-vat', 0);
	setRationale(doc, 'model-cic', 'crit-scope', 'Takes the whole agreed scope');
	addEvidence(doc, 'model-cic', 'crit-scope', { url: 'https://example.org/report', label: 'Cabinet report' });
	addEvidence(doc, 'model-cic', 'crit-scope', { url: 'https://example.org/appendix', label: 'Appendix' });
	setModelStatus(doc, 'model-in-house', 'discounted', { reason: 'Rejected in the options appraisal' });
	const thread = addComment(doc, {
		target: { grid: 'scope', rowId: 'svc-fostering', columnId: C.budget },
		body: 'Check with finance',
		author: { id: 'user-1', name: 'Alex' },
		at: new Date('2016-09-07T10:00:00Z')
	});
	reply(doc, { threadId: thread, body: 'Confirmed', author: { id: 'user-2', name: 'Sam' }, at: new Date('2016-09-07T11:00:00Z') });
	resolveThread(doc, thread, true, { id: 'user-2', name: 'Sam' }, new Date('2016-09-07T12:00:00Z'));
	return doc;
}

describe('board JSON', () => {
	it('round-trips exactly: the imported board reads the same as the original', () => {
		const doc = richBoard();
		const file = JSON.parse(JSON.stringify(boardToJson(doc, { source: { board: 'b1' } })));
		expect(file.format).toBe('trustboard.board');
		expect(file.version).toBe(BOARD_JSON_VERSION);
		const imported = boardFromJson(file);
		expect(readBoard(imported)).toEqual(readBoard(doc));
		// And once more, from text, through a second generation.
		const again = parseBoardJson(JSON.stringify(boardToJson(imported)));
		expect(readBoard(again)).toEqual(readBoard(doc));
	});

	it('carries each scope decision record: state, consultees, equality note, legal hold and override', () => {
		const file = boardToJson(richBoard());
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
		const file = JSON.parse(JSON.stringify(boardToJson(richBoard())));
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
		const imported = readBoard(boardFromJson(file));
		expect(imported.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
		const dcs = imported.scope.rows.find((r) => r.id === 'svc-dcs-lead-member')!;
		expect(dcs.decisionRecord).toMatchObject({ retainedByLaw: true, overrideMissing: true, transferOverride: null });
		expect(imported.scope.rows.find((r) => r.id === 'svc-fostering')!.decisionRecord).toMatchObject({ state: 'proposed', consulted: [] });
		expect(imported.scope.rows.map((r) => r.cells)).toEqual(readBoard(richBoard()).scope.rows.map((r) => r.cells));
	});

	it('keeps a score left outside the scale, still flagged', () => {
		const doc = richBoard();
		setScore(doc, 'model-mutual', 'crit-scope', 5);
		setScale(doc, { min: 0, max: 5 });
		doc.transact(() => roots(doc).meta.set('scale', { min: 0, max: 4 }));
		expect(readBoard(doc).models.rows.find((m) => m.id === 'model-mutual')?.cells['crit-scope']?.outOfRange).toBe(true);
		expect(readBoard(boardFromJson(boardToJson(doc)))).toEqual(readBoard(doc));
	});

	it('refuses what is not a board file, saying what is wrong and where', () => {
		const good = boardToJson(richBoard());
		const bad = (mutate: (file: ReturnType<typeof boardToJson>) => unknown) => {
			const file = structuredClone(good);
			return () => boardFromJson(mutate(file) ?? file);
		};
		expect(() => parseBoardJson('{not json')).toThrow('not valid JSON');
		expect(() => parseBoardJson('[]')).toThrow('file: expected an object');
		expect(bad((f) => ({ ...f, format: 'other' }))).toThrow('not a trustboard board file');
		expect(bad((f) => ({ ...f, version: 99 }))).toThrow('newer trustboard');
		expect(
			bad((f) => {
				f.board.scope.rows[0]!.cells[C.budget] = { evil: true } as never;
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
		).toThrow(BoardJsonError);
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
});
