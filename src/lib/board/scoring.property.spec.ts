import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as exact from './exact.ts';
import * as scoring from './scoring.ts';
import type { Rational } from './exact.ts';
import type { ScoringCriterion, ScoringInput, ScoringModel, ScoringStatus } from './scoring.ts';

/**
 * The scoring module against a brute-force reference on random boards from a
 * seeded generator. The reference works in whole quarter-points (every weight
 * here is a multiple of 0.25), so it needs no rational arithmetic at all.
 */

const SEEDS = 300;

interface Board {
	input: ScoringInput;
	/** Weights in quarters. */
	quarters: Map<string, number>;
}

function randomBoard(gen: prng.PRNG): Board {
	const min = prng.int32(gen, -3, 2);
	const max = min + prng.int32(gen, 1, 9);
	const criteria: ScoringCriterion[] = [];
	const quarters = new Map<string, number>();
	for (let i = prng.int32(gen, 1, 7); i > 0; i--) {
		const id = `c${i}`;
		const q = prng.int32(gen, 0, 3) === 0 ? 0 : prng.int32(gen, 1, 16);
		quarters.set(id, q);
		const knockout = prng.int32(gen, 0, 3) === 0;
		criteria.push({
			id,
			groupId: prng.int32(gen, 0, 1) ? 'g' : null,
			weight: q / 4,
			knockout,
			threshold: prng.int32(gen, min + 1, max),
			name: id
		});
	}
	const statuses: ScoringStatus[] = ['longList', 'shortlisted', 'preferred', 'discounted'];
	const rows: ScoringModel[] = [];
	for (let i = prng.int32(gen, 0, 8); i > 0; i--) {
		const cells: Record<string, { score: number | null }> = {};
		const sparse = prng.int32(gen, 0, 2) === 0;
		for (const c of criteria) cells[c.id] = { score: sparse && prng.bool(gen) ? null : prng.int32(gen, min, max) };
		rows.push({
			id: `m${i}`,
			cells,
			status: statuses[prng.int32(gen, 0, statuses.length - 1)]!,
			knockoutOverride: prng.int32(gen, 0, 4) === 0
		});
	}
	return { input: { scale: { min, max }, groups: [{ id: 'g' }], criteria, rows, benchmarkId: rows[0]?.id ?? null }, quarters };
}

interface Reference {
	totalQuarters: number;
	scored: number;
	failed: string[];
	ranked: boolean;
	status: ScoringStatus;
	percent: Rational | null;
}

function reference({ input, quarters }: Board): Map<string, Reference> {
	const { min, max } = input.scale;
	const weightQuarters = [...quarters.values()].reduce((a, b) => a + b, 0);
	const out = new Map<string, Reference>();
	for (const m of input.rows) {
		let totalQuarters = 0;
		let aboveQuarters = 0;
		let scored = 0;
		const failed: string[] = [];
		for (const c of input.criteria) {
			const s = m.cells[c.id]?.score ?? null;
			if (s === null) continue;
			scored++;
			totalQuarters += quarters.get(c.id)! * s;
			aboveQuarters += quarters.get(c.id)! * (s - min);
			if (c.knockout && s < c.threshold) failed.push(c.id);
		}
		const status: ScoringStatus = failed.length && !m.knockoutOverride ? 'discounted' : (m.status ?? 'longList');
		out.set(m.id, {
			totalQuarters,
			scored,
			failed,
			ranked: failed.length === 0 && status !== 'discounted' && scored === input.criteria.length,
			status,
			percent: weightQuarters === 0 ? null : exact.rational(BigInt(aboveQuarters * 100), BigInt(weightQuarters * (max - min)))
		});
	}
	return out;
}

function forEachBoard(check: (board: Board, seed: number) => void) {
	for (let seed = 1; seed <= SEEDS; seed++) check(randomBoard(prng.create(seed)), seed);
}

describe('scoring against a brute-force reference on random boards', () => {
	it('gives exact totals and % of maximum, with all-minimum reading 0 %', () => {
		forEachBoard((board) => {
			const ref = reference(board);
			for (const m of scoring.scoreModels(board.input).models) {
				const r = ref.get(m.modelId)!;
				expect(m.total).toEqual(exact.rational(BigInt(r.totalQuarters), 4n));
				expect(m.percent).toEqual(r.percent);
				expect(m.scored).toBe(r.scored);
				expect(m.failedKnockouts).toEqual(r.failed);
				expect(m.status).toBe(r.status);
			}
		});
	});

	it('ranks exactly the complete, passing, not discounted models, competition style', () => {
		forEachBoard((board) => {
			const ref = reference(board);
			const result = scoring.scoreModels(board.input);
			for (const m of result.models) {
				const r = ref.get(m.modelId)!;
				if (!r.ranked) {
					expect(m.rank).toBeNull();
					expect(scoring.standingText(m)).not.toMatch(/^\d+=?$/);
					continue;
				}
				const better = [...ref.values()].filter((o) => o.ranked && o.totalQuarters > r.totalQuarters).length;
				const equal = [...ref.values()].filter((o) => o.ranked && o.totalQuarters === r.totalQuarters).length;
				expect(m.rank).toBe(better + 1);
				expect(m.tied).toBe(equal > 1);
			}
			// Paper order: ranked by rank, then not yet ranked, then out.
			const order = result.ranking.map((id) => result.models.find((m) => m.modelId === id)!);
			const phase = (m: (typeof order)[number]) => (m.rank !== null ? 0 : m.standing === 'incomplete' || m.standing === 'unscored' ? 1 : 2);
			for (let i = 1; i < order.length; i++) {
				expect(phase(order[i]!)).toBeGreaterThanOrEqual(phase(order[i - 1]!));
				if (phase(order[i]!) === 0 && phase(order[i - 1]!) === 0) expect(order[i]!.rank!).toBeGreaterThanOrEqual(order[i - 1]!.rank!);
			}
		});
	});

	it('never ranks an incomplete model, and complete models keep their ranks whatever incomplete ones exist', () => {
		forEachBoard((board) => {
			const all = scoring.scoreModels(board.input).models;
			const completeOnly = scoring.scoreModels({
				...board.input,
				rows: board.input.rows.filter((r) => all.find((m) => m.modelId === r.id)!.complete)
			});
			for (const m of all) {
				if (!m.complete) expect(m.rank).toBeNull();
				else expect(m.rank).toBe(completeOnly.models.find((o) => o.modelId === m.modelId)!.rank);
			}
		});
	});

	it('lets gates add nothing: any gate score leaves every total and maximum unchanged', () => {
		forEachBoard((board, seed) => {
			const gen = prng.create(seed * 7919);
			const before = scoring.scoreModels(board.input);
			const gates = board.input.criteria.filter((c) => c.knockout && c.weight === 0).map((c) => c.id);
			const { min, max } = board.input.scale;
			const rows = board.input.rows.map((r) => ({
				...r,
				cells: Object.fromEntries(
					Object.entries(r.cells).map(([id, cell]) => [id, gates.includes(id) ? { score: prng.int32(gen, min, max) } : cell])
				)
			}));
			const after = scoring.scoreModels({ ...board.input, rows });
			expect(after.maxTotal).toEqual(before.maxTotal);
			after.models.forEach((m, i) => expect(m.total).toEqual(before.models[i]!.total));
			for (const w of after.weights) if (gates.includes(w.criterionId)) expect(w.percent).toEqual(exact.rational(0n));
		});
	});

	it('shows weight shares to one decimal that add to exactly 100.0, each within 0.1 of the exact share', () => {
		forEachBoard((board) => {
			const result = scoring.scoreModels(board.input);
			for (const shares of [result.weights, result.groupWeights]) {
				const tenths = shares.map((w) => Math.round(Number(w.display) * 10));
				const total = tenths.reduce((a, b) => a + b, 0);
				const weighted = board.input.criteria.some((c) => c.weight > 0);
				expect(total).toBe(weighted ? 1000 : 0);
				shares.forEach((w, i) => {
					const exactTenths = Number(w.percent.n * 10n) / Number(w.percent.d);
					expect(Math.abs(tenths[i]! - exactTenths)).toBeLessThan(1);
				});
			}
		});
	});

	it('re-expresses knock-out thresholds on a new scale so the same relative scores fail, and none becomes unable to fail', () => {
		for (let seed = 1; seed <= SEEDS; seed++) {
			const gen = prng.create(seed);
			const from = { min: prng.int32(gen, -10, 5), max: 0 };
			from.max = from.min + prng.int32(gen, 1, 10);
			const to = { min: prng.int32(gen, -10, 5), max: 0 };
			to.max = to.min + prng.int32(gen, 1, 20);
			const threshold = prng.int32(gen, from.min + 1, from.max);
			const next = scoring.rescaleThreshold(threshold, from, to);
			expect(next).toBeGreaterThan(to.min);
			expect(next).toBeLessThanOrEqual(to.max);
			// Every old score that lands on a whole number of the new scale keeps its verdict.
			for (let s = from.min; s <= from.max; s++) {
				const scaledTimesSpan = to.min * (from.max - from.min) + (s - from.min) * (to.max - to.min);
				if (scaledTimesSpan % (from.max - from.min) !== 0) continue;
				const mapped = scaledTimesSpan / (from.max - from.min);
				expect(mapped < next).toBe(s < threshold);
			}
		}
	});
});

describe('displayShares', () => {
	it('hands the leftover tenths to the largest remainders', () => {
		const third = exact.rational(100n, 3n);
		expect(scoring.displayShares([third, third, third])).toEqual(['33.4', '33.3', '33.3']);
		expect(scoring.displayShares([exact.rational(200n, 3n), exact.rational(100n, 6n), exact.rational(100n, 6n)])).toEqual([
			'66.7',
			'16.7',
			'16.6'
		]);
		expect(scoring.displayShares([exact.rational(0n), exact.rational(0n)])).toEqual(['0.0', '0.0']);
	});
});
