import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addCriterion,
	addEvidence,
	addGroup,
	addModel,
	deleteCriterion,
	deleteGroup,
	moveCriterion,
	moveModel,
	rationaleText,
	removeEvidence,
	setModelStatus,
	setRationale,
	setScale,
	setScore,
	setWeight
} from './models.ts';
import { readBoard } from './read.ts';
import { BoardError } from './schema.ts';

function board() {
	const doc = new Y.Doc();
	const g1 = addGroup(doc, 'Strategic');
	const g2 = addGroup(doc, 'Risk');
	const a = addCriterion(doc, { name: 'A', groupId: g1 });
	const b = addCriterion(doc, { name: 'B', groupId: g2 });
	const c = addCriterion(doc, { name: 'C', groupId: g1 });
	const m = addModel(doc, { name: 'Company' });
	return { doc, g1, g2, a, b, c, m };
}

const criteriaNames = (doc: Y.Doc) => readBoard(doc).models.criteria.map((c) => c.name);

describe('criteria', () => {
	it('keeps criteria together under their headings', () => {
		const { doc } = board();
		expect(criteriaNames(doc)).toEqual(['A', 'C', 'B']);
	});

	it('moves a criterion within and across headings', () => {
		const { doc, c, g2 } = board();
		moveCriterion(doc, c, 0);
		expect(criteriaNames(doc)).toEqual(['C', 'A', 'B']);
		moveCriterion(doc, c, 2);
		expect(criteriaNames(doc)).toEqual(['A', 'B', 'C']);
		expect(readBoard(doc).models.criteria.find((x) => x.id === c)!.groupId).toBe(g2);
	});

	it('ungroups criteria when their heading is deleted', () => {
		const { doc, g1 } = board();
		deleteGroup(doc, g1);
		const view = readBoard(doc).models;
		expect(view.groups.map((g) => g.name)).toEqual(['Risk']);
		expect(view.criteria.map((c) => [c.name, c.groupId === null])).toEqual([
			['B', false],
			['A', true],
			['C', true]
		]);
	});

	it('accepts any weight from 0 (a gate when on a knock-out) and refuses others', () => {
		const { doc, a } = board();
		setWeight(doc, a, 0.25);
		expect(readBoard(doc).models.criteria.find((c) => c.id === a)!.weight).toBe(0.25);
		for (const w of [-1, Number.NaN, Infinity]) expect(() => setWeight(doc, a, w)).toThrow(BoardError);
	});

	it('removes a deleted criterion from every model', () => {
		const { doc, a, m } = board();
		setScore(doc, m, a, 3);
		addEvidence(doc, m, a, { url: 'https://example.org/report', label: 'Report' });
		deleteCriterion(doc, a);
		const model = doc.getMap('models').get(m) as Y.Map<Y.Map<unknown>>;
		expect(model.get('scores')!.has(a)).toBe(false);
		expect(model.get('rationales')!.has(a)).toBe(false);
		expect(model.get('evidence')!.size).toBe(0);
	});
});

describe('model cells', () => {
	it('takes whole-number scores on the board scale only', () => {
		const { doc, a, m } = board();
		for (const s of [6, -1, 2.5]) expect(() => setScore(doc, m, a, s)).toThrow(BoardError);
		setScore(doc, m, a, 5);
		expect(readBoard(doc).models.rows[0]!.cells[a]!.score).toBe(5);
		setScore(doc, m, a, null);
		expect(readBoard(doc).models.rows[0]!.cells[a]!.score).toBeNull();
	});

	it('refuses a scale that would strand existing scores', () => {
		const { doc, a, m } = board();
		setScore(doc, m, a, 5);
		expect(() => setScale(doc, { min: 0, max: 3 })).toThrow(BoardError);
		setScale(doc, { min: 1, max: 10 });
		expect(readBoard(doc).scale).toEqual({ min: 1, max: 10 });
		setScore(doc, m, a, 9);
		expect(readBoard(doc).models.rows[0]!.cells[a]!.score).toBe(9);
	});

	it('keeps rationale as collaborative text and evidence as http(s) links', () => {
		const { doc, a, m } = board();
		expect(rationaleText(doc, m, a)).toBeInstanceOf(Y.Text);
		setRationale(doc, m, a, 'Meets scope in full');
		expect(() => addEvidence(doc, m, a, { url: 'javascript:alert(1)', label: 'x' })).toThrow(BoardError);
		expect(() => addEvidence(doc, m, a, { url: 'ftp://example.org', label: 'x' })).toThrow(BoardError);
		const first = addEvidence(doc, m, a, { url: 'https://example.org/1', label: 'One' });
		addEvidence(doc, m, a, { url: 'http://example.org/2', label: 'Two' });
		let cell = readBoard(doc).models.rows[0]!.cells[a]!;
		expect(cell.rationale).toBe('Meets scope in full');
		expect(cell.evidence.map((e) => e.label)).toEqual(['One', 'Two']);
		removeEvidence(doc, m, a, first!);
		cell = readBoard(doc).models.rows[0]!.cells[a]!;
		expect(cell.evidence.map((e) => e.label)).toEqual(['Two']);
	});
});

describe('model status', () => {
	it('requires a reason for every change of status and keeps the latest one', () => {
		const { doc, m } = board();
		expect(() => setModelStatus(doc, m, 'discounted', { reason: '' })).toThrow(/reason/);
		expect(() => setModelStatus(doc, m, 'discounted', { reason: '   ' })).toThrow(BoardError);
		expect(() => setModelStatus(doc, m, 'shortlisted', { reason: '' })).toThrow(/reason/);
		setModelStatus(doc, m, 'discounted', { reason: 'Could not recover VAT in time' });
		let row = readBoard(doc).models.rows[0]!;
		expect([row.status, row.statusReason, row.reasonMissing]).toEqual(['discounted', 'Could not recover VAT in time', false]);
		setModelStatus(doc, m, 'shortlisted', { reason: 'VAT advice changed' });
		row = readBoard(doc).models.rows[0]!;
		expect([row.status, row.statusReason]).toEqual(['shortlisted', 'VAT advice changed']);
	});

	it('orders models and moves them', () => {
		const { doc, m } = board();
		const second = addModel(doc, { name: 'Mutual', illustrative: true });
		moveModel(doc, second, 0);
		expect(readBoard(doc).models.rows.map((r) => [r.id, r.illustrative])).toEqual([
			[second, true],
			[m, false]
		]);
	});
});
