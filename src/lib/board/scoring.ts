import * as exact from './exact.ts';
import type { Rational } from './exact.ts';

/**
 * The options appraisal maths, exact. Everything is a Rational; format with the
 * helpers below so what is displayed is rounded once, half-up, from the exact
 * value. Every figure here goes into cabinet papers, so the rules are chosen so
 * that none of them can mislead:
 *
 * - Weights are numbers >= 0. A model's weighted total is the sum of weight x
 *   score over the criteria it has been scored on.
 * - A **gate** is a knock-out criterion of weight 0: pass/fail only, it adds
 *   nothing to any total or maximum.
 * - **% of maximum** is (total - minimum) / (maximum - minimum) x 100, where the
 *   minimum and maximum are what all-bottom and all-top scores would give: all
 *   minimum scores read 0 %, all top scores 100 %, on any scale. An unscored
 *   criterion contributes nothing above the minimum.
 * - **Rank** (competition style: 1, 2=, 2=, 4) is given only to models that are
 *   scored on every criterion, fail no knock-out and are not discounted. An
 *   incomplete model has no rank (it shows "n of m scored"), so the ranks of
 *   complete models never move because an incomplete one exists.
 * - A model failing a knock-out (any score below that criterion's threshold) is
 *   discounted automatically, with a reason naming the criterion, unless the
 *   board has recorded an explicit override. Unscored criteria never fail.
 * - A knock-out whose threshold is at or below the bottom of the scale can never
 *   fail; it is reported in `inertKnockouts` so the grid can flag it.
 * - Displayed weight shares are rounded by largest remainder, so the one-decimal
 *   shares on screen and in downloads add to exactly 100.0 %.
 */

export const PERCENT_DEFINITION =
	'% of maximum = (total − all-minimum total) ÷ (all-top total − all-minimum total): all-minimum scores read 0 %, all top scores 100 %, on any scale.';

export interface ScoringCriterion {
	readonly id: string;
	readonly groupId: string | null;
	/** >= 0; 0 on a knock-out makes a gate. */
	readonly weight: number;
	readonly knockout: boolean;
	readonly threshold: number;
	/** For the automatic discount reason. */
	readonly name?: string;
}

export type ScoringStatus = 'longList' | 'shortlisted' | 'preferred' | 'discounted';

export interface ScoringModel {
	readonly id: string;
	readonly cells: Readonly<Record<string, { readonly score: number | null }>>;
	/** The status the board set; absent reads as long list. */
	readonly status?: ScoringStatus;
	/** The board keeps this model's status although it fails a knock-out. */
	readonly knockoutOverride?: boolean;
}

export interface ScoringInput {
	readonly scale: { readonly min: number; readonly max: number };
	readonly groups: readonly { readonly id: string }[];
	readonly criteria: readonly ScoringCriterion[];
	readonly rows: readonly ScoringModel[];
	/** The business-as-usual / do-minimum benchmark model, if one is marked. */
	readonly benchmarkId?: string | null;
}

export interface WeightShare {
	readonly criterionId: string;
	readonly weight: Rational;
	/** Exact share of all weight, in percent (sums to exactly 100). */
	readonly percent: Rational;
	/** The share to one decimal, by largest remainder: the displayed shares add to exactly 100.0. */
	readonly display: string;
	/** A knock-out of weight 0: pass/fail only. */
	readonly gate: boolean;
}

export interface GroupShare {
	/** null for criteria without a heading. */
	readonly groupId: string | null;
	readonly percent: Rational;
	/** As WeightShare.display, over the headings. */
	readonly display: string;
}

export interface GroupSubtotal {
	readonly groupId: string | null;
	readonly total: Rational;
	readonly max: Rational;
}

/** Why a model has no plain rank, or 'ranked'. */
export type Standing = 'ranked' | 'incomplete' | 'unscored' | 'knockedOut' | 'discounted';

export interface ModelScore {
	readonly modelId: string;
	readonly total: Rational;
	readonly max: Rational;
	/** See PERCENT_DEFINITION; null when there is no weight to score against. */
	readonly percent: Rational | null;
	/** 1-based competition rank among complete, passing, not discounted models; null otherwise. */
	readonly rank: number | null;
	/** Another ranked model has exactly the same total. */
	readonly tied: boolean;
	readonly standing: Standing;
	readonly knockedOut: boolean;
	/** Knock-out criteria (gates included) this model fails, in criterion order. */
	readonly failedKnockouts: readonly string[];
	readonly scored: number;
	/** How many criteria there are to score ("n of m scored"). */
	readonly criteriaCount: number;
	/** Every criterion has a score. */
	readonly complete: boolean;
	/** The status the board reads: discounted when a knock-out fails and no override is recorded. */
	readonly status: ScoringStatus;
	/** For an automatic discount, the reason naming the failed criteria; null otherwise. */
	readonly autoReason: string | null;
	readonly benchmark: boolean;
	/** total - the benchmark's total; null without a benchmark, and for the benchmark itself. */
	readonly vsBenchmark: Rational | null;
	/** Contributions per heading, in heading order (ungrouped last), for the stacked chart. */
	readonly groupTotals: readonly GroupSubtotal[];
}

export interface ScoringResult {
	/** In the board's model order. */
	readonly models: readonly ModelScore[];
	/** Paper order: ranked models by rank (ties together), then incomplete and unscored, then knocked out and discounted. */
	readonly ranking: readonly string[];
	readonly weights: readonly WeightShare[];
	readonly groupWeights: readonly GroupShare[];
	readonly maxTotal: Rational;
	readonly minTotal: Rational;
	/** Knock-outs whose threshold is at or below the bottom of the scale: they can never fail. */
	readonly inertKnockouts: readonly string[];
}

const HUNDRED = exact.rational(100n);

export function isGate(c: Pick<ScoringCriterion, 'knockout' | 'weight'>): boolean {
	return c.knockout && c.weight === 0;
}

/** A knock-out that no score on the scale can fail. */
export function isInertKnockout(c: Pick<ScoringCriterion, 'knockout' | 'threshold'>, scale: { min: number }): boolean {
	return c.knockout && c.threshold <= scale.min;
}

export function scoreModels(input: ScoringInput): ScoringResult {
	const { scale } = input;
	const weights = new Map(input.criteria.map((c) => [c.id, c.weight > 0 ? exact.fromNumber(c.weight) : exact.ZERO]));
	const weightOf = (id: string) => weights.get(id) ?? exact.ZERO;
	const totalWeight = exact.sum(weights.values());
	const top = exact.rational(BigInt(scale.max));
	const bottom = exact.rational(BigInt(scale.min));
	const maxTotal = exact.mul(totalWeight, top);
	const minTotal = exact.mul(totalWeight, bottom);
	const span = exact.sub(maxTotal, minTotal);

	const groupIds: (string | null)[] = input.groups.map((g) => g.id);
	const known = new Set(groupIds);
	const groupOf = (c: ScoringCriterion) => (c.groupId !== null && known.has(c.groupId) ? c.groupId : null);
	if (input.criteria.some((c) => groupOf(c) === null)) groupIds.push(null);

	const share = (w: Rational) => (totalWeight.n === 0n ? exact.ZERO : exact.mul(exact.div(w, totalWeight), HUNDRED));
	const criterionShares = input.criteria.map((c) => share(weightOf(c.id)));
	const criterionDisplay = displayShares(criterionShares);
	const weightShares = input.criteria.map((c, i) => ({
		criterionId: c.id,
		weight: weightOf(c.id),
		percent: criterionShares[i]!,
		display: criterionDisplay[i]!,
		gate: isGate(c)
	}));
	const groupPercents = groupIds.map((groupId) =>
		share(exact.sum(input.criteria.filter((c) => groupOf(c) === groupId).map((c) => weightOf(c.id))))
	);
	const groupDisplay = displayShares(groupPercents);
	const groupWeights = groupIds.map((groupId, i) => ({ groupId, percent: groupPercents[i]!, display: groupDisplay[i]! }));

	const partial = input.rows.map((model) => {
		let total = exact.ZERO;
		let aboveMinimum = exact.ZERO;
		let scored = 0;
		const failed: ScoringCriterion[] = [];
		const byGroup = new Map<string | null, Rational>();
		for (const c of input.criteria) {
			const score = model.cells[c.id]?.score ?? null;
			if (score === null) continue;
			scored++;
			const contribution = exact.mul(weightOf(c.id), exact.rational(BigInt(score)));
			total = exact.add(total, contribution);
			aboveMinimum = exact.add(aboveMinimum, exact.mul(weightOf(c.id), exact.rational(BigInt(score - scale.min))));
			byGroup.set(groupOf(c), exact.add(byGroup.get(groupOf(c)) ?? exact.ZERO, contribution));
			if (c.knockout && score < c.threshold) failed.push(c);
		}
		const knockedOut = failed.length > 0;
		const set = model.status ?? 'longList';
		const autoDiscount = knockedOut && !model.knockoutOverride;
		const status: ScoringStatus = autoDiscount ? 'discounted' : set;
		const complete = scored === input.criteria.length && input.criteria.length > 0;
		const standing: Standing = knockedOut
			? 'knockedOut'
			: status === 'discounted'
				? 'discounted'
				: scored === 0
					? 'unscored'
					: complete
						? 'ranked'
						: 'incomplete';
		const groupTotals = groupIds.map((groupId) => ({
			groupId,
			total: byGroup.get(groupId) ?? exact.ZERO,
			max: exact.mul(exact.sum(input.criteria.filter((c) => groupOf(c) === groupId).map((c) => weightOf(c.id))), top)
		}));
		return {
			model,
			total,
			aboveMinimum,
			scored,
			failed,
			complete,
			standing,
			status,
			autoReason: autoDiscount ? knockoutReason(failed, model) : null,
			groupTotals
		};
	});

	const eligible = partial.filter((p) => p.standing === 'ranked');
	const benchmark = partial.find((p) => p.model.id === input.benchmarkId) ?? null;
	const models: ModelScore[] = partial.map((p) => {
		const ranked = p.standing === 'ranked';
		const better = eligible.filter((o) => exact.compare(o.total, p.total) > 0).length;
		const equal = eligible.filter((o) => o !== p && exact.compare(o.total, p.total) === 0).length;
		return {
			modelId: p.model.id,
			total: p.total,
			max: maxTotal,
			percent: span.n > 0n ? exact.mul(exact.div(p.aboveMinimum, span), HUNDRED) : null,
			rank: ranked ? better + 1 : null,
			tied: ranked && equal > 0,
			standing: p.standing,
			knockedOut: p.failed.length > 0,
			failedKnockouts: p.failed.map((c) => c.id),
			scored: p.scored,
			criteriaCount: input.criteria.length,
			complete: p.complete,
			status: p.status,
			autoReason: p.autoReason,
			benchmark: p === benchmark,
			vsBenchmark: benchmark && p !== benchmark ? exact.sub(p.total, benchmark.total) : null,
			groupTotals: p.groupTotals
		};
	});

	const position = new Map(models.map((m, i) => [m.modelId, i]));
	const byIndex = (a: ModelScore, b: ModelScore) => (position.get(a.modelId) ?? 0) - (position.get(b.modelId) ?? 0);
	const ranked = models.filter((m) => m.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || byIndex(a, b));
	const pending = models.filter((m) => m.standing === 'incomplete' || m.standing === 'unscored');
	const out = models.filter((m) => m.standing === 'knockedOut' || m.standing === 'discounted');
	return {
		models,
		ranking: [...ranked, ...pending, ...out].map((m) => m.modelId),
		weights: weightShares,
		groupWeights,
		maxTotal,
		minTotal,
		inertKnockouts: input.criteria.filter((c) => isInertKnockout(c, scale)).map((c) => c.id)
	};
}

function knockoutReason(failed: readonly ScoringCriterion[], model: ScoringModel): string {
	const parts = failed.map((c) => {
		const score = model.cells[c.id]?.score;
		return `“${c.name || 'Unnamed criterion'}” (scored ${score}, needs at least ${c.threshold})`;
	});
	return `Fails the knock-out ${parts.join(' and ')}.`;
}

/**
 * Shares to one decimal (or `places`) that add to exactly 100: each is rounded
 * down, then the units left over go to the largest remainders (ties to the
 * earlier one). Shares that are all zero stay zero.
 */
export function displayShares(percents: readonly Rational[], places = 1): string[] {
	const unit = 10n ** BigInt(places);
	const scaled = percents.map((p) => ({ floor: floorDiv(p.n * unit, p.d), rest: exact.rational((p.n * unit) % p.d, p.d) }));
	const total = scaled.reduce((s, x) => s + x.floor, 0n);
	const exactTotal = exact.sum(percents);
	const target = exactTotal.n === 0n ? total : floorDiv(exactTotal.n * unit, exactTotal.d);
	let left = Number(target - total);
	const order = scaled.map((_, i) => i).sort((a, b) => exact.compare(scaled[b]!.rest, scaled[a]!.rest) || a - b);
	const units = scaled.map((x) => x.floor);
	for (const i of order) {
		if (left <= 0) break;
		units[i] = units[i]! + 1n;
		left--;
	}
	return units.map((u) => exact.formatDecimal(exact.rational(u, unit), places));
}

function floorDiv(n: bigint, d: bigint): bigint {
	const q = n / d;
	return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/** A score or total: up to `places` decimals, trailing zeros dropped (4.6, 12, 3.33). */
export function formatScore(value: Rational, places = 2): string {
	return exact.formatDecimal(value, places, { trim: true });
}

/** A difference from the benchmark, signed: "+3.5", "−2", "±0". */
export function formatDifference(value: Rational | null, places = 2): string {
	if (value === null) return '';
	if (value.n === 0n) return '±0';
	return value.n > 0n ? `+${formatScore(value, places)}` : `−${formatScore({ n: -value.n, d: value.d }, places)}`;
}

/** A percentage with a fixed number of decimals: "92.0%". */
export function formatPercent(value: Rational | null, places = 1): string {
	return value === null ? '–' : `${exact.formatDecimal(value, places)}%`;
}

/** "1", "2=" for a tie, "–" for unranked. */
export function formatRank(rank: number | null, tied: boolean): string {
	return rank === null ? '–' : `${rank}${tied ? '=' : ''}`;
}

/**
 * What the rank column says, the same in the grid, the chart, the side panel and
 * every download: a plain rank only for a ranked model, otherwise why not.
 */
export function standingText(score: Pick<ModelScore, 'standing' | 'rank' | 'tied' | 'scored' | 'criteriaCount'>): string {
	switch (score.standing) {
		case 'ranked':
			return formatRank(score.rank, score.tied);
		case 'incomplete':
			return `Not ranked: ${score.scored} of ${score.criteriaCount} scored`;
		case 'unscored':
			return `Not ranked: 0 of ${score.criteriaCount} scored`;
		case 'knockedOut':
			return 'Fails a knock-out';
		case 'discounted':
			return 'Discounted';
	}
}

/** Re-express a knock-out threshold on a new scale: the same relative position, rounded up so it still fails what it failed. */
export function rescaleThreshold(threshold: number, from: { min: number; max: number }, to: { min: number; max: number }): number {
	const position = exact.rational(BigInt(threshold - from.min), BigInt(from.max - from.min));
	const mapped = exact.add(exact.rational(BigInt(to.min)), exact.mul(position, exact.rational(BigInt(to.max - to.min))));
	const ceiling = -floorDiv(-mapped.n, mapped.d);
	return Number(ceiling < BigInt(to.min) ? BigInt(to.min) : ceiling > BigInt(to.max) ? BigInt(to.max) : ceiling);
}
