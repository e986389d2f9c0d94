import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	equalityNoteText,
	overrideRetainedTransfer,
	setConsulted,
	setDecisionState,
	setEqualityNote,
	setRetainedByLaw,
	type Actor
} from './decisions.ts';
import { initBoard } from './init.ts';
import { pasteBlock } from './paste.ts';
import { readBoard } from './read.ts';
import { BoardError, roots } from './schema.ts';
import { addScopeRow, setScopeCell } from './scope.ts';
import { TEMPLATE_COLUMN_IDS as C } from './template.ts';
import { validateBoard } from './validate.ts';

const chair: Actor = { id: 'u-chair', name: 'Chris Chair', role: 'chair' };
const editor: Actor = { id: 'u-ed', name: 'Eddie Editor', role: 'editor' };
const DCS = 'svc-dcs-lead-member';

function templated(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Shadow trust board', template: 'shadow-trust' });
	return doc;
}

const rowOf = (doc: Y.Doc, id: string) => readBoard(doc).scope.rows.find((r) => r.id === id)!;
const refusal = (fn: () => unknown): BoardError => {
	try {
		fn();
	} catch (error) {
		if (error instanceof BoardError) return error;
		throw error;
	}
	throw new Error('expected the write to be refused');
};

describe('scope decision state', () => {
	it('moves from proposed to consulted to agreed without changing the decision', () => {
		const doc = templated();
		setDecisionState(doc, 'svc-fostering', 'consulted');
		expect(rowOf(doc, 'svc-fostering').decisionRecord.state).toBe('consulted');
		setDecisionState(doc, 'svc-fostering', 'agreed');
		const row = rowOf(doc, 'svc-fostering');
		expect(row.decisionRecord.state).toBe('agreed');
		expect(row.cells[C.decision]).toBe('transfer');
	});

	it('makes a changed decision a new proposal, but keeps who was consulted', () => {
		const doc = templated();
		setConsulted(doc, 'svc-youth-offending', 'staff', true);
		setDecisionState(doc, 'svc-youth-offending', 'agreed');
		setScopeCell(doc, 'svc-youth-offending', C.decision, 'transfer');
		const record = rowOf(doc, 'svc-youth-offending').decisionRecord;
		expect(record.state).toBe('proposed');
		expect(record.consulted).toEqual(['staff']);
		// Writing the same value again is not a change of mind.
		setDecisionState(doc, 'svc-youth-offending', 'agreed');
		setScopeCell(doc, 'svc-youth-offending', C.decision, 'transfer');
		expect(rowOf(doc, 'svc-youth-offending').decisionRecord.state).toBe('agreed');
	});

	it('refuses an unknown state', () => {
		const doc = templated();
		expect(refusal(() => setDecisionState(doc, 'svc-fostering', 'decided' as never)).code).toBe('invalidState');
	});
});

describe('consultees and equality note', () => {
	it('records who was consulted, in engagement then statutory order, and takes them off again', () => {
		const doc = templated();
		for (const c of ['safeguardingBoard', 'staff', 'unions', 'serviceUsers'] as const) setConsulted(doc, 'svc-adoption', c, true);
		setConsulted(doc, 'svc-adoption', 'unions', false);
		expect(rowOf(doc, 'svc-adoption').decisionRecord.consulted).toEqual(['staff', 'serviceUsers', 'safeguardingBoard']);
		expect(refusal(() => setConsulted(doc, 'svc-adoption', 'press' as never, true)).code).toBe('invalidConsultee');
	});

	it('keeps an equality-impact note per service, merging concurrent typing', () => {
		const a = templated();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		setEqualityNote(a, 'svc-disabled', 'Disabled children and their families: high impact.');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		equalityNoteText(a, 'svc-disabled')!.insert(0, 'Screened. ');
		const other = equalityNoteText(b, 'svc-disabled')!;
		other.insert(other.length, ' Review at design stage.');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const note = rowOf(a, 'svc-disabled').decisionRecord.equalityNote;
		expect(note).toBe('Screened. Disabled children and their families: high impact. Review at design stage.');
		expect(rowOf(b, 'svc-disabled').decisionRecord.equalityNote).toBe(note);
		expect(refusal(() => setEqualityNote(a, 'svc-disabled', 'x'.repeat(5_001))).code).toBe('tooLong');
	});

	it('gives a new service its record up front, valid under the schema', () => {
		const doc = templated();
		const id = addScopeRow(doc, { values: { [C.service]: 'Short breaks' } });
		const row = roots(doc).scopeRows.get(id) as Y.Map<unknown>;
		expect(row.get('consulted')).toBeInstanceOf(Y.Map);
		expect(row.get('equalityNote')).toBeInstanceOf(Y.Text);
		expect(validateBoard(doc)).toEqual([]);
	});
});

describe('services the law keeps with the council', () => {
	it('refuses to set one to transfer, naming it, whoever asks through an ordinary edit', () => {
		const doc = templated();
		const error = refusal(() => setScopeCell(doc, DCS, C.decision, 'transfer'));
		expect(error.code).toBe('retainedByLaw');
		expect(error.message).toContain("Director of Children's Services");
		expect(error.message).toMatch(/only the chair/i);
		expect(rowOf(doc, DCS).cells[C.decision]).toBe('retain');
		// Other decisions on it are ordinary edits.
		setScopeCell(doc, DCS, C.decision, 'shared');
		expect(rowOf(doc, DCS).cells[C.decision]).toBe('shared');
	});

	it('skips it in a paste, saying why, and writes the rest', () => {
		const doc = templated();
		const result = pasteBlock(doc, 'scope', DCS, C.decision, [['Transfer to trust']], null, { rowIds: [DCS], columnIds: [C.decision] });
		expect(result.written).toBe(0);
		expect(result.skipped[0]?.reason).toMatch(/stays with the council by law/);
		expect(rowOf(doc, DCS).cells[C.decision]).toBe('retain');
	});

	it('lets only the chair mark a service so, and lift the mark', () => {
		const doc = templated();
		expect(refusal(() => setRetainedByLaw(doc, 'svc-education', true, editor)).code).toBe('chairOnly');
		setRetainedByLaw(doc, 'svc-education', true, chair);
		expect(rowOf(doc, 'svc-education').decisionRecord.retainedByLaw).toBe(true);
		expect(() => setScopeCell(doc, 'svc-education', C.decision, 'transfer')).toThrow(BoardError);
		expect(refusal(() => setRetainedByLaw(doc, DCS, false, editor)).code).toBe('chairOnly');
		setRetainedByLaw(doc, 'svc-education', false, chair);
		setScopeCell(doc, 'svc-education', C.decision, 'transfer');
		expect(rowOf(doc, 'svc-education').cells[C.decision]).toBe('transfer');
	});

	it("lets the chair transfer one with a reason, recording who, when and why, until the decision moves off transfer", () => {
		const doc = templated();
		expect(refusal(() => overrideRetainedTransfer(doc, DCS, { actor: editor, reason: 'Because' })).code).toBe('chairOnly');
		expect(refusal(() => overrideRetainedTransfer(doc, DCS, { actor: chair, reason: '   ' })).code).toBe('reasonRequired');
		expect(rowOf(doc, DCS).cells[C.decision]).toBe('retain');

		const at = new Date('2017-01-10T09:30:00Z');
		overrideRetainedTransfer(doc, DCS, { actor: chair, reason: ' Counsel advises the DCS role can be delegated. ', at });
		let row = rowOf(doc, DCS);
		expect(row.cells[C.decision]).toBe('transfer');
		expect(row.decisionRecord).toMatchObject({
			retainedByLaw: true,
			state: 'proposed',
			overrideMissing: false,
			transferOverride: { byId: 'u-chair', byName: 'Chris Chair', at: '2017-01-10T09:30:00.000Z', reason: 'Counsel advises the DCS role can be delegated.' }
		});
		expect(validateBoard(doc)).toEqual([]);

		// Anyone may move it back; the override does not outlive the transfer, so it cannot be reused later.
		setScopeCell(doc, DCS, C.decision, 'retain');
		row = rowOf(doc, DCS);
		expect(row.decisionRecord.transferOverride).toBeNull();
		expect((roots(doc).scopeRows.get(DCS) as Y.Map<unknown>).has('transferOverride')).toBe(false);
		expect(() => setScopeCell(doc, DCS, C.decision, 'transfer')).toThrow(BoardError);
	});

	it('flags a service marked while someone else set it to transfer', () => {
		const a = templated();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		setScopeCell(a, 'svc-education', C.decision, 'transfer');
		setRetainedByLaw(b, 'svc-education', true, chair);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		expect(rowOf(a, 'svc-education').decisionRecord).toMatchObject({ retainedByLaw: true, overrideMissing: true, transferOverride: null });
	});
});
