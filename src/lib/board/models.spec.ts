import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as criteria from './criteria.ts';
import * as scores from './scores.ts';
import * as models from './models.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';

function board() {
	const doc = new Y.Doc();
	const g1 = criteria.addGroup(doc, 'Strategic');
	const g2 = criteria.addGroup(doc, 'Risk');
	const a = criteria.add(doc, { name: 'A', groupId: g1 });
	const b = criteria.add(doc, { name: 'B', groupId: g2 });
	const c = criteria.add(doc, { name: 'C', groupId: g1 });
	const m = models.add(doc, { name: 'Company' });
	return { doc, g1, g2, a, b, c, m };
}

const criteriaNames = (doc: Y.Doc) => read.readBoard(doc).models.criteria.map((c) => c.name);

describe('criteria', () => {
	it('keeps criteria together under their headings', () => {
		const { doc } = board();
		expect(criteriaNames(doc)).toEqual(['A', 'C', 'B']);
	});

	it('moves a criterion within and across headings', () => {
		const { doc, c, g2 } = board();
		criteria.move(doc, c, 0);
		expect(criteriaNames(doc)).toEqual(['C', 'A', 'B']);
		criteria.move(doc, c, 2);
		expect(criteriaNames(doc)).toEqual(['A', 'B', 'C']);
		expect(read.readBoard(doc).models.criteria.find((x) => x.id === c)!.groupId).toBe(g2);
	});

	it('ungroups criteria when their heading is deleted', () => {
		const { doc, g1 } = board();
		criteria.deleteGroup(doc, g1);
		const view = read.readBoard(doc).models;
		expect(view.groups.map((g) => g.name)).toEqual(['Risk']);
		expect(view.criteria.map((c) => [c.name, c.groupId === null])).toEqual([
			['B', false],
			['A', true],
			['C', true]
		]);
	});

	it('accepts any weight from 0 (a gate when on a knock-out) and refuses others', () => {
		const { doc, a } = board();
		criteria.setWeight(doc, a, 0.25);
		expect(read.readBoard(doc).models.criteria.find((c) => c.id === a)!.weight).toBe(0.25);
		for (const w of [-1, Number.NaN, Infinity]) expect(() => criteria.setWeight(doc, a, w)).toThrow(schema.BoardError);
	});

	it('removes a deleted criterion from every model', () => {
		const { doc, a, m } = board();
		scores.setScore(doc, m, a, 3);
		scores.addEvidence(doc, m, a, { url: 'https://example.org/report', label: 'Report' });
		criteria.remove(doc, a);
		const model = doc.getMap('models').get(m) as Y.Map<Y.Map<unknown>>;
		expect(model.get('scores')!.has(a)).toBe(false);
		expect(model.get('rationales')!.has(a)).toBe(false);
		expect(model.get('evidence')!.size).toBe(0);
	});
});

describe('model cells', () => {
	it('takes whole-number scores on the board scale only', () => {
		const { doc, a, m } = board();
		for (const s of [6, -1, 2.5]) expect(() => scores.setScore(doc, m, a, s)).toThrow(schema.BoardError);
		scores.setScore(doc, m, a, 5);
		expect(read.readBoard(doc).models.rows[0]!.cells[a]!.score).toBe(5);
		scores.setScore(doc, m, a, null);
		expect(read.readBoard(doc).models.rows[0]!.cells[a]!.score).toBeNull();
	});

	it('refuses a scale that would strand existing scores', () => {
		const { doc, a, m } = board();
		scores.setScore(doc, m, a, 5);
		expect(() => criteria.setScale(doc, { min: 0, max: 3 })).toThrow(schema.BoardError);
		criteria.setScale(doc, { min: 1, max: 10 });
		expect(read.readBoard(doc).scale).toEqual({ min: 1, max: 10 });
		scores.setScore(doc, m, a, 9);
		expect(read.readBoard(doc).models.rows[0]!.cells[a]!.score).toBe(9);
	});

	it('keeps rationale as collaborative text and evidence as http(s) links', () => {
		const { doc, a, m } = board();
		expect(scores.rationaleText(doc, m, a)).toBeInstanceOf(Y.Text);
		scores.setRationale(doc, m, a, 'Meets scope in full');
		expect(() => scores.addEvidence(doc, m, a, { url: 'javascript:alert(1)', label: 'x' })).toThrow(schema.BoardError);
		expect(() => scores.addEvidence(doc, m, a, { url: 'ftp://example.org', label: 'x' })).toThrow(schema.BoardError);
		const first = scores.addEvidence(doc, m, a, { url: 'https://example.org/1', label: 'One' });
		scores.addEvidence(doc, m, a, { url: 'http://example.org/2', label: 'Two' });
		let cell = read.readBoard(doc).models.rows[0]!.cells[a]!;
		expect(cell.rationale).toBe('Meets scope in full');
		expect(cell.evidence.map((e) => e.label)).toEqual(['One', 'Two']);
		scores.removeEvidence(doc, m, a, first!);
		cell = read.readBoard(doc).models.rows[0]!.cells[a]!;
		expect(cell.evidence.map((e) => e.label)).toEqual(['Two']);
	});
});

describe('model status', () => {
	it('requires a reason for every change of status and keeps the latest one', () => {
		const { doc, m } = board();
		expect(() => models.setStatus(doc, m, 'discounted', { reason: '' })).toThrow(/reason/);
		expect(() => models.setStatus(doc, m, 'discounted', { reason: '   ' })).toThrow(schema.BoardError);
		expect(() => models.setStatus(doc, m, 'shortlisted', { reason: '' })).toThrow(/reason/);
		models.setStatus(doc, m, 'discounted', { reason: 'Could not recover VAT in time' });
		let row = read.readBoard(doc).models.rows[0]!;
		expect([row.status, row.statusReason, row.reasonMissing]).toEqual(['discounted', 'Could not recover VAT in time', false]);
		models.setStatus(doc, m, 'shortlisted', { reason: 'VAT advice changed' });
		row = read.readBoard(doc).models.rows[0]!;
		expect([row.status, row.statusReason]).toEqual(['shortlisted', 'VAT advice changed']);
	});

	it('orders models and moves them', () => {
		const { doc, m } = board();
		const second = models.add(doc, { name: 'Mutual', illustrative: true });
		models.move(doc, second, 0);
		expect(read.readBoard(doc).models.rows.map((r) => [r.id, r.illustrative])).toEqual([
			[second, true],
			[m, false]
		]);
	});
});
