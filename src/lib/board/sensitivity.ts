import * as exact from './exact.ts';
import * as scoring from './scoring.ts';
import type { Rational } from './exact.ts';
import type { ScoringInput } from './scoring.ts';

/**
 * Weight sensitivity, exact. Moving one weight t (a criterion's, or a heading's total with the proportions
 * inside it kept) changes every model's total linearly: total(t) = base + t x slope, where the slope is the
 * model's score on that criterion (for a heading, its weighted mean score over the heading). Two models swap
 * where their lines cross, so every flip point is a Rational found by one division, never by a sweep.
 *
 * "Holds" means no model ranked above another falls strictly below it: at a flip point the two tie, and only
 * beyond it are they reversed. A pair already tied constrains nothing (no order to lose). Knock-outs and
 * which models are ranked do not depend on weights, so the models in play are the ones scoreModels ranks.
 * A weight cannot go below 0; `upper` null means the order holds however high the weight goes.
 */

export interface Swap {
	/** The weight at which the pair ties; past it they are reversed. */
	readonly at: Rational;
	/** Ranked above now, overtaken past `at`. */
	readonly above: string;
	readonly below: string;
}

export interface WeightRange {
	readonly lower: Rational;
	readonly upper: Rational | null;
	/** The pair reversed first when the weight falls below `lower` (null when lower is 0 and nothing swaps). */
	readonly swapBelow: Swap | null;
	/** The pair reversed first when the weight rises above `upper`. */
	readonly swapAbove: Swap | null;
}

export interface WeightSensitivity {
	readonly kind: 'criterion' | 'heading';
	/** Criterion id, or heading id (null for criteria without a heading). */
	readonly id: string | null;
	readonly weight: Rational;
	/** The order of the top models (up to `top` of them, and that nobody else enters them). */
	readonly top: WeightRange;
	/** The order of the short-listed models among themselves; null with fewer than two ranked short-listed models. */
	readonly shortlist: WeightRange | null;
	/** Where first place changes: the pair is the current first and the model that overtakes it. */
	readonly leader: WeightRange;
}

export interface SensitivityOptions {
	/** How many of the top models' order to hold (3 by default). */
	readonly top?: number;
	/** Model ids on the short list. */
	readonly shortlist?: readonly string[];
}

export interface SensitivityResult {
	/** Ranked models, best first, as scoreModels ranks them. */
	readonly ranking: readonly string[];
	readonly criteria: readonly WeightSensitivity[];
	readonly headings: readonly WeightSensitivity[];
	/** The smallest single weight change (criterion or heading) that changes first place; null if none can. */
	readonly closestLeaderChange: { readonly entry: WeightSensitivity; readonly swap: Swap; readonly change: Rational } | null;
}

interface Line {
	readonly id: string;
	readonly base: Rational;
	readonly slope: Rational;
}

type Pair = readonly [above: string, below: string];

function absolute(x: Rational): Rational {
	return x.n < 0n ? exact.rational(-x.n, x.d) : x;
}

/** The range of the weight over which every pair keeps `above` at or over `below` (each pair strictly ordered now). */
export function holdRange(lines: ReadonlyMap<string, Line>, pairs: readonly Pair[]): WeightRange {
	let lower = exact.ZERO;
	let upper: Rational | null = null;
	let swapBelow: Swap | null = null;
	let swapAbove: Swap | null = null;
	for (const [above, below] of pairs) {
		const a = lines.get(above);
		const b = lines.get(below);
		if (!a || !b) continue;
		const slopeGap = exact.sub(a.slope, b.slope);
		if (slopeGap.n === 0n) continue; // parallel: the gap never changes
		const swap: Swap = { at: exact.div(exact.sub(b.base, a.base), slopeGap), above, below };
		if (slopeGap.n > 0n) {
			// `above` gains as the weight rises, so it is overtaken only below the crossing; crossings at or
			// under 0 are out of reach, since a weight cannot be negative.
			if (swap.at.n <= 0n) continue;
			const order = exact.compare(swap.at, lower);
			if (order > 0 || (order === 0 && swapBelow !== null && earlierPair(swap, swapBelow, pairs))) {
				lower = swap.at;
				swapBelow = swap;
			}
		} else {
			const order = upper === null ? -1 : exact.compare(swap.at, upper);
			if (order < 0 || (order === 0 && swapAbove !== null && earlierPair(swap, swapAbove, pairs))) {
				upper = swap.at;
				swapAbove = swap;
			}
		}
	}
	return { lower, upper, swapBelow, swapAbove };
}

/** At one flip point several pairs may cross; name the one highest in the ranking. */
function earlierPair(a: Swap, b: Swap, pairs: readonly Pair[]): boolean {
	const index = (s: Swap) => pairs.findIndex(([x, y]) => x === s.above && y === s.below);
	return index(a) < index(b);
}

/** Pairs (above, below) that must not reverse for the models ranked `k` or better to keep their places. */
function orderPairs(
	ranked: readonly string[],
	totals: ReadonlyMap<string, Rational>,
	rankOf: ReadonlyMap<string, number>,
	k: number
): Pair[] {
	const pairs: Pair[] = [];
	for (const a of ranked) {
		if ((rankOf.get(a) ?? Infinity) > k) continue;
		for (const b of ranked) if (exact.compare(totals.get(a) ?? exact.ZERO, totals.get(b) ?? exact.ZERO) > 0) pairs.push([a, b]);
	}
	return pairs;
}

export function analyseSensitivity(input: ScoringInput, options: SensitivityOptions = {}): SensitivityResult {
	const k = Math.max(1, options.top ?? 3);
	const result = scoring.scoreModels(input);
	const ranked = result.ranking.filter((id) => result.models.find((m) => m.modelId === id)?.rank != null);
	const totals = new Map(result.models.map((m) => [m.modelId, m.total]));
	const onShortlist = new Set(options.shortlist ?? []);
	const shortRanked = ranked.filter((id) => onShortlist.has(id));

	const rankOf = new Map(result.models.flatMap((m) => (m.rank === null ? [] : [[m.modelId, m.rank] as const])));
	// Within the short list, every ordered pair counts, whatever the overall ranks.
	const shortPairs = orderPairs(shortRanked, totals, new Map(shortRanked.map((id) => [id, 1])), 1);
	const topPairs = orderPairs(ranked, totals, rankOf, k);
	const leaderPairs = orderPairs(ranked, totals, rankOf, 1);
	const weightOf = new Map(input.criteria.map((c) => [c.id, exact.fromNumber(c.weight)]));
	const rows = input.rows.filter((r) => totals.has(r.id));

	const entry = (kind: WeightSensitivity['kind'], id: string | null, criterionIds: readonly string[]): WeightSensitivity => {
		const weight = exact.sum(criterionIds.map((c) => weightOf.get(c) ?? exact.ZERO));
		const lines = new Map<string, Line>();
		for (const row of rows) {
			// The part of the total this weight moves, per unit of weight.
			let moved = exact.ZERO;
			for (const c of criterionIds) {
				const score = row.cells[c]?.score ?? null;
				if (score !== null) moved = exact.add(moved, exact.mul(weightOf.get(c) ?? exact.ZERO, exact.rational(BigInt(score))));
			}
			// A single criterion moves a total by its score per unit of weight, even at weight 0 (a gate).
			const [only] = criterionIds;
			const slope =
				criterionIds.length === 1 && only !== undefined
					? exact.rational(BigInt(row.cells[only]?.score ?? 0))
					: weight.n === 0n
						? exact.ZERO
						: exact.div(moved, weight);
			lines.set(row.id, { id: row.id, base: exact.sub(totals.get(row.id) ?? exact.ZERO, moved), slope });
		}
		return {
			kind,
			id,
			weight,
			top: holdRange(lines, topPairs),
			shortlist: shortRanked.length >= 2 ? holdRange(lines, shortPairs) : null,
			leader: holdRange(lines, leaderPairs)
		};
	};

	const criteria = input.criteria.map((c) => entry('criterion', c.id, [c.id]));
	const known = new Set(input.groups.map((g) => g.id));
	const groupOf = (groupId: string | null) => (groupId !== null && known.has(groupId) ? groupId : null);
	const headingIds: (string | null)[] = input.groups.map((g) => g.id);
	if (input.criteria.some((c) => groupOf(c.groupId) === null)) headingIds.push(null);
	const headings = headingIds
		.map((g) =>
			entry(
				'heading',
				g,
				input.criteria.filter((c) => groupOf(c.groupId) === g).map((c) => c.id)
			)
		)
		.filter((h) => h.weight.n > 0n);

	let closestLeaderChange: SensitivityResult['closestLeaderChange'] = null;
	for (const e of [...criteria, ...headings]) {
		for (const swap of [e.leader.swapBelow, e.leader.swapAbove]) {
			if (!swap) continue;
			const change = absolute(exact.sub(swap.at, e.weight));
			if (closestLeaderChange === null || exact.compare(change, closestLeaderChange.change) < 0)
				closestLeaderChange = { entry: e, swap, change };
		}
	}
	return { ranking: ranked, criteria, headings, closestLeaderChange };
}

/** A weight for people: exact when it has a short decimal, otherwise "about" and two places. */
export function formatWeight(value: Rational): string {
	const exactText = exact.toDecimalString(value);
	if (exactText !== null && (exactText.split('.')[1]?.length ?? 0) <= 3) return exactText;
	return `about ${exact.formatDecimal(value, 2, { trim: true })}`;
}

export interface SentenceNames {
	model(id: string): string;
	criterion(id: string): string;
	/** null for the criteria without a heading. */
	heading(id: string | null): string;
}

/** What changes first place, for the minutes: "The ranking of X above Y holds unless the weight of Z rises above 4.2 (now 1)." */
export function leaderSentence(result: SensitivityResult, names: SentenceNames): string {
	const [first] = result.ranking;
	if (result.ranking.length < 2 || first === undefined)
		return 'Fewer than two models are ranked, so there is no order for the weights to change.';
	const closest = result.closestLeaderChange;
	if (!closest) return `No change to any one weight (criterion or heading) moves ${names.model(first)} from first place.`;
	const { entry, swap } = closest;
	const what =
		entry.kind === 'criterion'
			? `the weight of ${names.criterion(entry.id ?? '')}`
			: `the total weight of the heading ${names.heading(entry.id)} (its criteria kept in proportion)`;
	const direction = exact.compare(swap.at, entry.weight) > 0 ? 'rises above' : 'falls below';
	return `The ranking of ${names.model(swap.above)} above ${names.model(swap.below)} holds unless ${what} ${direction} ${formatWeight(swap.at)} (now ${formatWeight(entry.weight)}).`;
}
