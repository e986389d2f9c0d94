import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as exact from './exact.ts';
import * as init from './init.ts';
import * as boardCriteria from './criteria.ts';
import * as boardScores from './scores.ts';
import * as read from './read.ts';
import * as scoring from './scoring.ts';
import type { ScoringCriterion, ScoringInput } from './scoring.ts';

const scale = { min: 0, max: 5 };

function criterion(id: string, weight: number, extra: Partial<ScoringCriterion> = {}): ScoringCriterion {
	return { id, groupId: null, weight, knockout: false, threshold: 1, ...extra };
}

function model(id: string, scores: Record<string, number | null>) {
	return { id, cells: Object.fromEntries(Object.entries(scores).map(([k, score]) => [k, { score }])) };
}

function input(criteria: ScoringCriterion[], rows: ReturnType<typeof model>[], groups: { id: string }[] = []): ScoringInput {
	return { scale, groups, criteria, rows };
}

describe('weighted totals', () => {
	it('matches the hand calculation exactly: weights 0.1/0.2/0.7, scores 3/4/5 give 4.6 of 5 (92%)', () => {
		const result = scoring.scoreModels(
			input([criterion('a', 0.1), criterion('b', 0.2), criterion('c', 0.7)], [model('m', { a: 3, b: 4, c: 5 })])
		);
		const m = result.models[0]!;
		// Floating point would already be off at the first product.
		expect(0.1 * 3).not.toBe(0.3);
		expect(m.total).toEqual(exact.rational(23n, 5n));
		expect(scoring.formatScore(m.total)).toBe('4.6');
		expect(m.max).toEqual(exact.rational(5n));
		expect(m.percent).toEqual(exact.rational(92n));
		expect(scoring.formatPercent(m.percent)).toBe('92.0%');
		expect(m.complete).toBe(true);
	});

	it('uses weights as entered: 3/2/1 with scores 5/2/0 is 19 of 30', () => {
		const m = scoring.scoreModels(input([criterion('a', 3), criterion('b', 2), criterion('c', 1)], [model('m', { a: 5, b: 2, c: 0 })]))
			.models[0]!;
		expect(m.total).toEqual(exact.rational(19n));
		expect(m.max).toEqual(exact.rational(30n));
		expect(scoring.formatPercent(m.percent)).toBe('63.3%');
		expect(scoring.formatPercent(m.percent, 2)).toBe('63.33%');
	});

	it('counts unscored criteria as nothing yet and says the model is incomplete', () => {
		const m = scoring.scoreModels(input([criterion('a', 1), criterion('b', 1)], [model('m', { a: 4, b: null })])).models[0]!;
		expect(m.total).toEqual(exact.rational(4n));
		expect(m.scored).toBe(1);
		expect(m.complete).toBe(false);
		expect(scoring.formatPercent(m.percent)).toBe('40.0%');
		expect(scoring.standingText(m)).toBe('Not ranked: 1 of 2 scored');
	});
});

describe('normalised weights', () => {
	it('shows weights as shares of 100% that add up exactly', () => {
		const result = scoring.scoreModels(input([criterion('a', 1), criterion('b', 1), criterion('c', 1)], []));
		expect(result.weights.map((w) => w.display)).toEqual(['33.4', '33.3', '33.3']);
		expect(exact.sum(result.weights.map((w) => w.percent))).toEqual(exact.rational(100n));
	});

	it('normalises arbitrary positive weights', () => {
		const result = scoring.scoreModels(input([criterion('a', 0.5), criterion('b', 1.5), criterion('c', 3)], []));
		expect(result.weights.map((w) => scoring.formatPercent(w.percent, 0))).toEqual(['10%', '30%', '60%']);
	});

	it('sums group weights and group subtotals for the stacked chart', () => {
		const groups = [{ id: 'g1' }, { id: 'g2' }];
		const criteria = [criterion('a', 1, { groupId: 'g1' }), criterion('b', 3, { groupId: 'g2' }), criterion('c', 1, { groupId: 'gone' })];
		const result = scoring.scoreModels(input(criteria, [model('m', { a: 2, b: 4, c: 5 })], groups));
		expect(result.groupWeights.map((g) => [g.groupId, scoring.formatPercent(g.percent)])).toEqual([
			['g1', '20.0%'],
			['g2', '60.0%'],
			[null, '20.0%']
		]);
		const m = result.models[0]!;
		expect(m.groupTotals.map((g) => scoring.formatScore(g.total))).toEqual(['2', '12', '5']);
		expect(m.groupTotals.reduce((t, g) => exact.add(t, g.total), exact.rational(0n))).toEqual(m.total);
	});
});

describe('ranking', () => {
	it('ranks competition style with ties shown as 2=', () => {
		const result = scoring.scoreModels(
			input([criterion('a', 1)], [model('w', { a: 5 }), model('x', { a: 3 }), model('y', { a: 3 }), model('z', { a: 1 })])
		);
		expect(result.models.map((m) => scoring.formatRank(m.rank, m.tied))).toEqual(['1', '2=', '2=', '4']);
		expect(result.ranking).toEqual(['w', 'x', 'y', 'z']);
	});

	it('treats totals equal only when exactly equal', () => {
		// 0.1*3 + 0.2*3 + 0.3*0 = 0.9 exactly, as is 0.1*0 + 0.2*0 + 0.3*3; in floating point they differ.
		const result = scoring.scoreModels(
			input(
				[criterion('a', 0.1), criterion('b', 0.2), criterion('c', 0.3)],
				[model('p', { a: 3, b: 3, c: 0 }), model('q', { a: 0, b: 0, c: 3 })]
			)
		);
		expect(0.1 * 3 + 0.2 * 3).not.toBe(0.3 * 3);
		expect(result.models.map((m) => scoring.formatRank(m.rank, m.tied))).toEqual(['1=', '1=']);
		expect(exact.equals(result.models[0]!.total, exact.fromNumber(0.9))).toBe(true);
	});

	it('leaves models without any score unranked, after the ranked ones', () => {
		const result = scoring.scoreModels(input([criterion('a', 1)], [model('empty', { a: null }), model('scored', { a: 0 })]));
		expect(result.models.map((m) => m.rank)).toEqual([null, 1]);
		expect(result.ranking).toEqual(['scored', 'empty']);
	});
});

describe('knock-outs', () => {
	const criteria = [criterion('quality', 4), criterion('vat', 1, { knockout: true, threshold: 1 })];

	it('knocks out a model scoring below the threshold, whatever its total, and ranks it last', () => {
		const result = scoring.scoreModels(
			input(criteria, [
				model('best-but-no-vat', { quality: 5, vat: 0 }),
				model('ok', { quality: 3, vat: 5 }),
				model('weak', { quality: 1, vat: 1 })
			])
		);
		const [knocked, ok, weak] = result.models;
		expect(knocked!.knockedOut).toBe(true);
		expect(knocked!.failedKnockouts).toEqual(['vat']);
		expect(knocked!.rank).toBeNull();
		expect(scoring.formatScore(knocked!.total)).toBe('20');
		expect(ok!.rank).toBe(1);
		expect(weak!.rank).toBe(2);
		expect(weak!.knockedOut).toBe(false);
		expect(result.ranking).toEqual(['ok', 'weak', 'best-but-no-vat']);
	});

	it('does not fail a knock-out that has not been scored yet, and does not rank the model until it is', () => {
		const result = scoring.scoreModels(input(criteria, [model('m', { quality: 2, vat: null })]));
		expect(result.models[0]!.knockedOut).toBe(false);
		expect(result.models[0]!.standing).toBe('incomplete');
		expect(result.models[0]!.rank).toBeNull();
	});
});

describe('scoring a real board', () => {
	it('scores the template board from readBoard output', () => {
		const doc = new Y.Doc();
		init.initBoard(doc, { title: 'Shadow board', template: 'shadow-trust' });
		const vat = 'crit-vat';
		for (const c of read.readBoard(doc).models.criteria) boardCriteria.setWeight(doc, c.id, 1);
		boardCriteria.setKnockout(doc, vat, true, 2);
		for (const c of read.readBoard(doc).models.criteria) boardScores.setScore(doc, 'model-council-company', c.id, 4);
		boardScores.setScore(doc, 'model-council-company', vat, 3);
		boardScores.setScore(doc, 'model-mutual', 'crit-scope', 5);
		boardScores.setScore(doc, 'model-mutual', vat, 1);
		const view = read.readBoard(doc);
		const result = scoring.scoreModels({ ...view.models, scale: view.scale });
		const byId = new Map(result.models.map((m) => [m.modelId, m]));
		expect(scoring.formatScore(byId.get('model-council-company')!.total)).toBe(String(4 * (view.models.criteria.length - 1) + 3));
		expect(byId.get('model-council-company')!.rank).toBe(1);
		expect(byId.get('model-mutual')!.knockedOut).toBe(true);
		expect(byId.get('model-in-house')!.rank).toBeNull();
		expect(scoring.formatScore(result.maxTotal)).toBe(String(5 * view.models.criteria.length));
	});
});
