import { describe, expect, it } from 'vitest';
import { Rng } from '../../../tests/reliability/support/rng.ts';
import * as exact from './exact.ts';
import * as scoring from './scoring.ts';
import * as sensitivity from './sensitivity.ts';
import type { Rational } from './exact.ts';
import type { ScoringCriterion, ScoringInput } from './scoring.ts';
import type { WeightRange } from './sensitivity.ts';

const scale = { min: 0, max: 5 };

function criterion(id: string, weight: number, groupId: string | null = null): ScoringCriterion {
	return { id, groupId, weight, knockout: false, threshold: 1 };
}

function model(id: string, scores: Record<string, number | null>) {
	return { id, cells: Object.fromEntries(Object.entries(scores).map(([k, score]) => [k, { score }])) };
}

const names = {
	model: (id: string) => id.toUpperCase(),
	criterion: (id: string) => `criterion ${id}`,
	heading: (id: string | null) => (id === null ? 'Other' : `heading ${id}`)
};

describe('weight sensitivity', () => {
	// A scores 5 on cost, 1 on quality; B 1 on cost, 5 on quality; C in the middle.
	const board: ScoringInput = {
		scale,
		groups: [],
		criteria: [criterion('cost', 2), criterion('quality', 1)],
		rows: [model('a', { cost: 5, quality: 1 }), model('b', { cost: 1, quality: 5 }), model('c', { cost: 3, quality: 3 })]
	};

	it('gives the exact weight at which first and second swap, and names the pair', () => {
		// Totals now: A 11, C 9, B 7. A = 5w + 1, C = 3w + 3: they tie at w = 1.
		const result = sensitivity.analyseSensitivity(board);
		expect(result.ranking).toEqual(['a', 'c', 'b']);
		const cost = result.criteria.find((c) => c.id === 'cost')!;
		expect(cost.leader.lower).toEqual(exact.rational(1n));
		expect(cost.leader.swapBelow).toMatchObject({ above: 'a', below: 'c' });
		expect(cost.leader.upper).toBeNull();
		// Quality: A = 10 + q, C = 6 + 3q: tie at q = 2; B = 2 + 5q ties A at q = 2 as well; A vs C named (higher pair).
		const quality = result.criteria.find((c) => c.id === 'quality')!;
		expect(quality.leader.upper).toEqual(exact.rational(2n));
		expect(quality.leader.swapAbove).toMatchObject({ above: 'a', below: 'c' });
		// C = 6 + 3q and B = 2 + 5q tie at 2 as well, so the order of all three holds up to exactly 2.
		expect(quality.top.upper).toEqual(exact.rational(2n));
	});

	it('writes the sentence for the minutes from the smallest change to first place', () => {
		const result = sensitivity.analyseSensitivity(board);
		// Cost must fall by 1 (to 1), quality rise by 1 (to 2): the tie goes to the first found, cost.
		expect(sensitivity.leaderSentence(result, names)).toBe(
			'The ranking of A above C holds unless the weight of criterion cost falls below 1 (now 2).'
		);
	});

	it('says "about" for a flip point without a short decimal', () => {
		expect(sensitivity.formatWeight(exact.rational(25n, 6n))).toBe('about 4.17');
		expect(sensitivity.formatWeight(exact.rational(21n, 5n))).toBe('4.2');
	});

	it('says so when no single weight can change first place', () => {
		const dominant: ScoringInput = {
			scale,
			groups: [],
			criteria: [criterion('x', 1), criterion('y', 1)],
			rows: [model('a', { x: 5, y: 5 }), model('b', { x: 1, y: 2 })]
		};
		const result = sensitivity.analyseSensitivity(dominant);
		expect(result.closestLeaderChange).toBeNull();
		expect(sensitivity.leaderSentence(result, names)).toBe('No change to any one weight (criterion or heading) moves A from first place.');
	});

	it('varies a heading as a whole, its criteria kept in proportion', () => {
		const grouped: ScoringInput = {
			scale,
			groups: [{ id: 'g' }],
			criteria: [criterion('p', 1, 'g'), criterion('q', 1, 'g'), criterion('r', 2)],
			rows: [model('a', { p: 5, q: 5, r: 0 }), model('b', { p: 0, q: 0, r: 4 })]
		};
		// A = 5H (mean 5 over the heading), B = 8: A leads at H = 2 and loses it below H = 8/5.
		const heading = sensitivity.analyseSensitivity(grouped).headings.find((h) => h.id === 'g')!;
		expect(heading.weight).toEqual(exact.rational(2n));
		expect(heading.leader.lower).toEqual(exact.rational(8n, 5n));
	});
});

/**
 * Brute force: set the weight to t by scaling every weight to integers (the order is the same under any
 * positive scaling), rank with scoreModels, and ask whether the order still holds, pair by pair.
 */
function rankedAt(input: ScoringInput, ids: readonly string[], t: Rational) {
	const inside = new Set(ids);
	const current = input.criteria.filter((c) => inside.has(c.id)).reduce((s, c) => s + c.weight, 0);
	// Weights are whole numbers here, so t = p/q and the heading's weight H give integer weights after x q H.
	const criteria = input.criteria.map((c) => ({
		...c,
		weight: inside.has(c.id) ? Number(t.n) * c.weight : Number(t.d) * current * c.weight
	}));
	const result = scoring.scoreModels({ ...input, criteria });
	return new Map(result.models.map((m) => [m.modelId, m.rank]));
}

function holdsAt(
	input: ScoringInput,
	ids: readonly string[],
	t: Rational,
	now: ReadonlyMap<string, number | null>,
	k: number,
	among?: ReadonlySet<string>
): boolean {
	const then = rankedAt(input, ids, t);
	for (const [a, ra] of now)
		for (const [b, rb] of now) {
			if (ra === null || rb === null || ra > k || ra >= rb) continue;
			if (among && (!among.has(a) || !among.has(b))) continue;
			if ((then.get(a) ?? 0) > (then.get(b) ?? 0)) return false;
		}
	return true;
}

function randomBoard(rng: Rng): { input: ScoringInput; shortlist: string[] } {
	const groups = [{ id: 'g1' }, { id: 'g2' }];
	const criteria = Array.from({ length: rng.int(1, 5) }, (_, i) =>
		criterion(`c${i}`, rng.int(1, 5), rng.chance(0.7) ? rng.pick(['g1', 'g2']) : null)
	);
	const rows = Array.from({ length: rng.int(2, 6) }, (_, i) =>
		model(`m${i}`, Object.fromEntries(criteria.map((c) => [c.id, rng.chance(0.1) ? null : rng.int(0, 5)])))
	);
	const shortlist = rows.filter(() => rng.chance(0.6)).map((r) => r.id);
	return { input: { scale, groups, criteria, rows }, shortlist };
}

describe('weight sensitivity against brute force', () => {
	it('finds exactly the ranges a sweep of weights finds, on 60 random boards', () => {
		expect.hasAssertions();
		const rng = new Rng(20261207);
		const epsilon = exact.rational(1n, 997n);
		const wrong: string[] = [];
		let edges = 0;
		for (let board = 0; board < 60; board++) {
			const { input, shortlist } = randomBoard(rng);
			const result = sensitivity.analyseSensitivity(input, { top: 3, shortlist });
			const now = new Map(scoring.scoreModels(input).models.map((m) => [m.modelId, m.rank]));
			const onShortlist = new Set(shortlist);
			const subjects = [
				...result.criteria.map((e) => ({ e, ids: [e.id ?? ''] })),
				...result.headings.map((e) => ({
					e,
					ids: input.criteria.filter((c) => (c.groupId ?? null) === e.id).map((c) => c.id)
				}))
			];
			for (const { e, ids } of subjects) {
				const checks: [WeightRange | null, number, ReadonlySet<string> | undefined][] = [
					[e.top, 3, undefined],
					[e.leader, 1, undefined],
					[e.shortlist, Infinity, onShortlist]
				];
				for (const [range, k, among] of checks) {
					if (!range) continue;
					const holds = (t: Rational) => holdsAt(input, ids, t, now, k, among);
					const inside = (t: Rational) =>
						exact.compare(t, range.lower) >= 0 && (range.upper === null || exact.compare(t, range.upper) <= 0);
					const limit = Math.max(8, Math.ceil(range.upper ? Number(range.upper.n / range.upper.d) + 2 : 0));
					const points: Rational[] = [];
					for (let i = 0; i <= limit * 2; i++) points.push(exact.rational(BigInt(i), 2n));
					for (const edge of [range.lower, range.upper]) {
						if (!edge) continue;
						points.push(edge, exact.add(edge, epsilon));
						if (edge.n > 0n) points.push(exact.sub(edge, epsilon));
					}
					for (const t of points) {
						if (t.n < 0n) continue;
						if (holds(t) !== inside(t)) wrong.push(`board ${board}, ${e.kind} ${e.id}, k=${k}, t=${t.n}/${t.d}`);
					}
					// The pair named is the one reversed just past the edge.
					for (const [swap, beyond] of [
						[range.swapAbove, range.upper && exact.add(range.upper, epsilon)],
						[range.swapBelow, range.lower.n > 0n ? exact.sub(range.lower, epsilon) : null]
					] as const) {
						if (!swap || !beyond) continue;
						const then = rankedAt(input, ids, beyond);
						if ((then.get(swap.above) ?? 0) <= (then.get(swap.below) ?? 0))
							wrong.push(`board ${board}: ${swap.above}/${swap.below} not reversed`);
					}
					if (range.lower.n > 0n && !range.swapBelow) wrong.push(`board ${board}: lower edge without a pair`);
					if (range.upper && !range.swapAbove) wrong.push(`board ${board}: upper edge without a pair`);
					if (range.lower.n > 0n || range.upper) edges++;
				}
			}
		}
		expect(wrong).toEqual([]);
		// The boards are varied enough that many ranges have a finite edge to check.
		expect(edges).toBeGreaterThan(100);
	}, 60_000);
});
