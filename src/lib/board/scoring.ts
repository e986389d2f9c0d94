import { ZERO, add, compare, div, formatDecimal, fromNumber, mul, rational, sum, type Rational } from './exact.ts';

/**
 * The options appraisal maths, exact. Weights are any positive numbers; a
 * model's weighted total is the sum of weight x score over the criteria it has
 * been scored on, and the maximum is the sum of weight x top of scale over all
 * criteria, so the percentage of maximum only reaches 100 when every criterion
 * is scored at the top. Everything is a Rational; format with the helpers below
 * so what is displayed is rounded once, half-up, from the exact value.
 *
 * Ranking: competition style (1, 2=, 2=, 4) by weighted total among models that
 * have at least one score and fail no knock-out. A model failing a knock-out
 * (any score below that criterion's threshold) is flagged and left unranked
 * whatever its total: it is effectively discounted. Unscored criteria never
 * fail a knock-out - they are simply not yet scored.
 */

export interface ScoringCriterion {
	readonly id: string;
	readonly groupId: string | null;
	readonly weight: number;
	readonly knockout: boolean;
	readonly threshold: number;
}

export interface ScoringModel {
	readonly id: string;
	readonly cells: Readonly<Record<string, { readonly score: number | null }>>;
}

export interface ScoringInput {
	readonly scale: { readonly min: number; readonly max: number };
	readonly groups: readonly { readonly id: string }[];
	readonly criteria: readonly ScoringCriterion[];
	readonly rows: readonly ScoringModel[];
}

export interface WeightShare {
	readonly criterionId: string;
	readonly weight: Rational;
	/** Share of all weight, in percent (sums to exactly 100). */
	readonly percent: Rational;
}

export interface GroupShare {
	/** null for criteria without a heading. */
	readonly groupId: string | null;
	readonly percent: Rational;
}

export interface GroupSubtotal {
	readonly groupId: string | null;
	readonly total: Rational;
	readonly max: Rational;
}

export interface ModelScore {
	readonly modelId: string;
	readonly total: Rational;
	readonly max: Rational;
	/** total / max x 100; null when the maximum is not positive (no criteria, or a scale topping out at 0 or below). */
	readonly percent: Rational | null;
	/** 1-based competition rank; null when knocked out or not scored at all. */
	readonly rank: number | null;
	/** Another ranked model has exactly the same total. */
	readonly tied: boolean;
	readonly knockedOut: boolean;
	/** Knock-out criteria this model fails, in criterion order. */
	readonly failedKnockouts: readonly string[];
	readonly scored: number;
	/** Every criterion has a score. */
	readonly complete: boolean;
	/** Contributions per heading, in heading order (ungrouped last), for the stacked chart. */
	readonly groupTotals: readonly GroupSubtotal[];
}

export interface ScoringResult {
	/** In the board's model order. */
	readonly models: readonly ModelScore[];
	/** Display order: ranked models by rank, then unscored ones, then knocked-out ones by total. */
	readonly ranking: readonly string[];
	readonly weights: readonly WeightShare[];
	readonly groupWeights: readonly GroupShare[];
	readonly maxTotal: Rational;
}

const HUNDRED = rational(100n);

export function scoreModels(input: ScoringInput): ScoringResult {
	const weights = new Map(input.criteria.map((c) => [c.id, fromNumber(c.weight)]));
	const weightOf = (id: string) => weights.get(id) ?? ZERO;
	const totalWeight = sum(weights.values());
	const top = rational(BigInt(input.scale.max));
	const maxTotal = mul(totalWeight, top);

	const groupIds: (string | null)[] = input.groups.map((g) => g.id);
	const known = new Set(groupIds);
	const groupOf = (c: ScoringCriterion) => (c.groupId !== null && known.has(c.groupId) ? c.groupId : null);
	if (input.criteria.some((c) => groupOf(c) === null)) groupIds.push(null);

	const share = (w: Rational) => (totalWeight.n === 0n ? ZERO : mul(div(w, totalWeight), HUNDRED));
	const weightShares = input.criteria.map((c) => ({
		criterionId: c.id,
		weight: weightOf(c.id),
		percent: share(weightOf(c.id))
	}));
	const groupWeights = groupIds.map((groupId) => ({
		groupId,
		percent: share(sum(input.criteria.filter((c) => groupOf(c) === groupId).map((c) => weightOf(c.id))))
	}));

	const partial = input.rows.map((model) => {
		let total = ZERO;
		let scored = 0;
		const failed: string[] = [];
		const byGroup = new Map<string | null, Rational>();
		for (const c of input.criteria) {
			const score = model.cells[c.id]?.score ?? null;
			if (score === null) continue;
			scored++;
			const contribution = mul(weightOf(c.id), rational(BigInt(score)));
			total = add(total, contribution);
			byGroup.set(groupOf(c), add(byGroup.get(groupOf(c)) ?? ZERO, contribution));
			if (c.knockout && score < c.threshold) failed.push(c.id);
		}
		const groupTotals = groupIds.map((groupId) => ({
			groupId,
			total: byGroup.get(groupId) ?? ZERO,
			max: mul(sum(input.criteria.filter((c) => groupOf(c) === groupId).map((c) => weightOf(c.id))), top)
		}));
		return { model, total, scored, failed, groupTotals };
	});

	const eligible = partial.filter((p) => p.failed.length === 0 && p.scored > 0);
	const models: ModelScore[] = partial.map((p) => {
		const isEligible = p.failed.length === 0 && p.scored > 0;
		const better = eligible.filter((o) => compare(o.total, p.total) > 0).length;
		const equal = eligible.filter((o) => o !== p && compare(o.total, p.total) === 0).length;
		return {
			modelId: p.model.id,
			total: p.total,
			max: maxTotal,
			percent: maxTotal.n > 0n ? mul(div(p.total, maxTotal), HUNDRED) : null,
			rank: isEligible ? better + 1 : null,
			tied: isEligible && equal > 0,
			knockedOut: p.failed.length > 0,
			failedKnockouts: p.failed,
			scored: p.scored,
			complete: p.scored === input.criteria.length,
			groupTotals: p.groupTotals
		};
	});

	const position = new Map(models.map((m, i) => [m.modelId, i]));
	const byIndex = (a: ModelScore, b: ModelScore) => (position.get(a.modelId) ?? 0) - (position.get(b.modelId) ?? 0);
	const ranked = models.filter((m) => m.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || byIndex(a, b));
	const unscored = models.filter((m) => m.rank === null && !m.knockedOut);
	const knockedOut = models.filter((m) => m.knockedOut).sort((a, b) => compare(b.total, a.total) || byIndex(a, b));
	return {
		models,
		ranking: [...ranked, ...unscored, ...knockedOut].map((m) => m.modelId),
		weights: weightShares,
		groupWeights,
		maxTotal
	};
}

/** A score or total: up to `places` decimals, trailing zeros dropped (4.6, 12, 3.33). */
export function formatScore(value: Rational, places = 2): string {
	return formatDecimal(value, places, { trim: true });
}

/** A percentage with a fixed number of decimals: "92.0%". */
export function formatPercent(value: Rational | null, places = 1): string {
	return value === null ? '–' : `${formatDecimal(value, places)}%`;
}

/** "1", "2=" for a tie, "–" for unranked. */
export function formatRank(rank: number | null, tied: boolean): string {
	return rank === null ? '–' : `${rank}${tied ? '=' : ''}`;
}
