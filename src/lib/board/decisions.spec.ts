import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decisions from './decisions.ts';
import * as init from './init.ts';
import * as paste from './paste.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as scope from './scope.ts';
import * as template from './template.ts';
import * as validate from './validate.ts';
import type { Actor } from './decisions.ts';

const chair: Actor = { id: 'u-chair', name: 'Chris Chair', role: 'chair' };
const editor: Actor = { id: 'u-ed', name: 'Eddie Editor', role: 'editor' };
const DCS = 'svc-dcs-lead-member';

function templated(): Y.Doc {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Shadow trust board', template: 'shadow-trust' });
	return doc;
}

const rowOf = (doc: Y.Doc, id: string) => read.readBoard(doc).scope.rows.find((r) => r.id === id)!;
const refusal = (fn: () => unknown): schema.BoardError => {
	try {
		fn();
	} catch (error) {
		if (error instanceof schema.BoardError) return error;
		throw error;
	}
	throw new Error('expected the write to be refused');
};

describe('scope decision state', () => {
	it('moves from proposed to consulted to agreed without changing the decision', () => {
		const doc = templated();
		decisions.setDecisionState(doc, 'svc-fostering', 'consulted');
		expect(rowOf(doc, 'svc-fostering').decisionRecord.state).toBe('consulted');
		decisions.setDecisionState(doc, 'svc-fostering', 'agreed');
		const row = rowOf(doc, 'svc-fostering');
		expect(row.decisionRecord.state).toBe('agreed');
		expect(row.cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('transfer');
	});

	it('makes a changed decision a new proposal, but keeps who was consulted', () => {
		const doc = templated();
		decisions.setConsulted(doc, 'svc-youth-offending', 'staff', true);
		decisions.setDecisionState(doc, 'svc-youth-offending', 'agreed');
		scope.setCell(doc, 'svc-youth-offending', template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
		const record = rowOf(doc, 'svc-youth-offending').decisionRecord;
		expect(record.state).toBe('proposed');
		expect(record.consulted).toEqual(['staff']);
		// Writing the same value again is not a change of mind.
		decisions.setDecisionState(doc, 'svc-youth-offending', 'agreed');
		scope.setCell(doc, 'svc-youth-offending', template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
		expect(rowOf(doc, 'svc-youth-offending').decisionRecord.state).toBe('agreed');
	});

	it('refuses an unknown state', () => {
		const doc = templated();
		expect(refusal(() => decisions.setDecisionState(doc, 'svc-fostering', 'decided' as never)).code).toBe('invalidState');
	});
});

describe('consultees and equality note', () => {
	it('records who was consulted, in engagement then statutory order, and takes them off again', () => {
		const doc = templated();
		for (const c of ['safeguardingBoard', 'staff', 'unions', 'serviceUsers'] as const) decisions.setConsulted(doc, 'svc-adoption', c, true);
		decisions.setConsulted(doc, 'svc-adoption', 'unions', false);
		expect(rowOf(doc, 'svc-adoption').decisionRecord.consulted).toEqual(['staff', 'serviceUsers', 'safeguardingBoard']);
		expect(refusal(() => decisions.setConsulted(doc, 'svc-adoption', 'press' as never, true)).code).toBe('invalidConsultee');
	});

	it('keeps an equality-impact note per service, merging concurrent typing', () => {
		const a = templated();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		decisions.setEqualityNote(a, 'svc-disabled', 'Disabled children and their families: high impact.');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		decisions.equalityNoteText(a, 'svc-disabled')!.insert(0, 'Screened. ');
		const other = decisions.equalityNoteText(b, 'svc-disabled')!;
		other.insert(other.length, ' Review at design stage.');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const note = rowOf(a, 'svc-disabled').decisionRecord.equalityNote;
		expect(note).toBe('Screened. Disabled children and their families: high impact. Review at design stage.');
		expect(rowOf(b, 'svc-disabled').decisionRecord.equalityNote).toBe(note);
		expect(refusal(() => decisions.setEqualityNote(a, 'svc-disabled', 'x'.repeat(5_001))).code).toBe('tooLong');
	});

	it('gives a new service its record up front, valid under the schema', () => {
		const doc = templated();
		const id = scope.addRow(doc, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'Short breaks' } });
		const row = schema.roots(doc).scopeRows.get(id) as Y.Map<unknown>;
		expect(row.get('consulted')).toBeInstanceOf(Y.Map);
		expect(row.get('equalityNote')).toBeInstanceOf(Y.Text);
		expect(validate.validateBoard(doc)).toEqual([]);
	});
});

describe('services the law keeps with the council', () => {
	it('refuses to set one to transfer, naming it, whoever asks through an ordinary edit', () => {
		const doc = templated();
		const error = refusal(() => scope.setCell(doc, DCS, template.TEMPLATE_COLUMN_IDS.decision, 'transfer'));
		expect(error.code).toBe('retainedByLaw');
		expect(error.message).toContain("Director of Children's Services");
		expect(error.message).toMatch(/only the chair/i);
		expect(rowOf(doc, DCS).cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('retain');
		// Other decisions on it are ordinary edits.
		scope.setCell(doc, DCS, template.TEMPLATE_COLUMN_IDS.decision, 'shared');
		expect(rowOf(doc, DCS).cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('shared');
	});

	it('skips it in a paste, saying why, and writes the rest', () => {
		const doc = templated();
		const result = paste.pasteBlock(doc, 'scope', DCS, template.TEMPLATE_COLUMN_IDS.decision, [['Transfer to trust']], {
			rowIds: [DCS],
			columnIds: [template.TEMPLATE_COLUMN_IDS.decision]
		});
		expect(result.written).toBe(0);
		expect(result.skipped[0]?.reason).toMatch(/stays with the council by law/);
		expect(rowOf(doc, DCS).cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('retain');
	});

	it('lets only the chair mark a service so, and lift the mark', () => {
		const doc = templated();
		expect(refusal(() => decisions.setRetainedByLaw(doc, 'svc-education', true, editor)).code).toBe('chairOnly');
		decisions.setRetainedByLaw(doc, 'svc-education', true, chair);
		expect(rowOf(doc, 'svc-education').decisionRecord.retainedByLaw).toBe(true);
		expect(() => scope.setCell(doc, 'svc-education', template.TEMPLATE_COLUMN_IDS.decision, 'transfer')).toThrow(schema.BoardError);
		expect(refusal(() => decisions.setRetainedByLaw(doc, DCS, false, editor)).code).toBe('chairOnly');
		decisions.setRetainedByLaw(doc, 'svc-education', false, chair);
		scope.setCell(doc, 'svc-education', template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
		expect(rowOf(doc, 'svc-education').cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('transfer');
	});

	it('lets the chair transfer one with a reason, recording who, when and why, until the decision moves off transfer', () => {
		const doc = templated();
		expect(refusal(() => decisions.overrideRetainedTransfer(doc, DCS, { actor: editor, reason: 'Because' })).code).toBe('chairOnly');
		expect(refusal(() => decisions.overrideRetainedTransfer(doc, DCS, { actor: chair, reason: '   ' })).code).toBe('reasonRequired');
		expect(rowOf(doc, DCS).cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('retain');

		const at = new Date('2017-01-10T09:30:00Z');
		decisions.overrideRetainedTransfer(doc, DCS, { actor: chair, reason: ' Counsel advises the DCS role can be delegated. ', at });
		let row = rowOf(doc, DCS);
		expect(row.cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('transfer');
		expect(row.decisionRecord).toMatchObject({
			retainedByLaw: true,
			state: 'proposed',
			overrideMissing: false,
			transferOverride: {
				byId: 'u-chair',
				byName: 'Chris Chair',
				at: '2017-01-10T09:30:00.000Z',
				reason: 'Counsel advises the DCS role can be delegated.'
			}
		});
		expect(validate.validateBoard(doc)).toEqual([]);

		// Anyone may move it back; the override does not outlive the transfer, so it cannot be reused later.
		scope.setCell(doc, DCS, template.TEMPLATE_COLUMN_IDS.decision, 'retain');
		row = rowOf(doc, DCS);
		expect(row.decisionRecord.transferOverride).toBeNull();
		expect((schema.roots(doc).scopeRows.get(DCS) as Y.Map<unknown>).has('transferOverride')).toBe(false);
		expect(() => scope.setCell(doc, DCS, template.TEMPLATE_COLUMN_IDS.decision, 'transfer')).toThrow(schema.BoardError);
	});

	it('flags a service marked while someone else set it to transfer', () => {
		const a = templated();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		scope.setCell(a, 'svc-education', template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
		decisions.setRetainedByLaw(b, 'svc-education', true, chair);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		expect(rowOf(a, 'svc-education').decisionRecord).toMatchObject({ retainedByLaw: true, overrideMissing: true, transferOverride: null });
	});
});
