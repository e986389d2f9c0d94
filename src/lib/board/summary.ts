import * as exact from './exact.ts';
import * as schema from './schema.ts';
import type { Rational } from './exact.ts';
import type { BoardView, ScopeColumnView, ScopeRowView } from './read.ts';
import type { ColumnRole, CurrencyUnit } from './schema.ts';

/**
 * The live scope summary. Columns are found by role, not by name, so renaming
 * "Budget (£k)" keeps the totals working; a role column retyped to something
 * that cannot be summed simply drops out of the totals.
 */

type Scope = BoardView['scope'];

export interface DecisionBucket {
	/** The decision option, or null for the built-in "Undecided" bucket when the column has no such option. */
	readonly optionId: string | null;
	readonly label: string;
	readonly colour: string;
	readonly count: number;
	readonly budget: Rational;
	readonly fte: Rational;
	/** Services in this bucket with no budget / FTE figure yet. */
	readonly budgetMissing: number;
	readonly fteMissing: number;
}

export interface ScopeSummary {
	readonly count: number;
	readonly budgetUnit: CurrencyUnit | null;
	/** One bucket per decision option in option order; blank decisions count as undecided. */
	readonly buckets: readonly DecisionBucket[];
	readonly totalBudget: Rational;
	readonly totalFte: Rational;
	readonly undecided: readonly { readonly rowId: string; readonly service: string }[];
}

function byRole(scope: Scope, role: ColumnRole, types: readonly string[]): ScopeColumnView | null {
	return scope.columns.find((c) => c.role === role && types.includes(c.type)) ?? null;
}

function numberIn(row: ScopeRowView, column: ScopeColumnView | null): Rational | null {
	const value = column ? row.cells[column.id] : undefined;
	return typeof value === 'number' ? exact.fromNumber(value) : null;
}

export function summariseScope(scope: Scope): ScopeSummary {
	const decision = byRole(scope, 'decision', ['select']);
	const budget = byRole(scope, 'budget', ['currency', 'number']);
	const staff = byRole(scope, 'staff', ['number', 'currency']);
	const service = byRole(scope, 'service', ['text', 'longText']);

	type Acc = { optionId: string | null; label: string; colour: string; rows: ScopeRowView[] };
	const buckets: Acc[] = (decision?.options ?? []).map((o) => ({ ...o, optionId: o.id, rows: [] }));
	let undecided = buckets.find((b) => b.optionId === schema.UNDECIDED_OPTION_ID);
	if (!undecided) {
		undecided = { optionId: null, label: 'Undecided', colour: schema.DEFAULT_COLOUR, rows: [] };
		buckets.push(undecided);
	}
	for (const row of scope.rows) {
		const value = decision ? row.cells[decision.id] : undefined;
		(buckets.find((b) => b.optionId !== null && b.optionId === value) ?? undecided).rows.push(row);
	}

	let totalBudget = exact.ZERO;
	let totalFte = exact.ZERO;
	const result = buckets.map((b): DecisionBucket => {
		let bucketBudget = exact.ZERO;
		let bucketFte = exact.ZERO;
		let budgetMissing = 0;
		let fteMissing = 0;
		for (const row of b.rows) {
			const money = numberIn(row, budget);
			const fte = numberIn(row, staff);
			if (money) bucketBudget = exact.add(bucketBudget, money);
			else budgetMissing++;
			if (fte) bucketFte = exact.add(bucketFte, fte);
			else fteMissing++;
		}
		totalBudget = exact.add(totalBudget, bucketBudget);
		totalFte = exact.add(totalFte, bucketFte);
		return {
			optionId: b.optionId,
			label: b.label,
			colour: b.colour,
			count: b.rows.length,
			budget: bucketBudget,
			fte: bucketFte,
			budgetMissing,
			fteMissing
		};
	});
	return {
		count: scope.rows.length,
		budgetUnit: budget?.type === 'currency' ? budget.unit : null,
		buckets: result,
		totalBudget,
		totalFte,
		undecided: undecided.rows.map((row) => {
			const name = service ? row.cells[service.id] : undefined;
			return { rowId: row.id, service: typeof name === 'string' ? name : '' };
		})
	};
}

export interface AreaGroup {
	/** The area option, or null for services with no area. */
	readonly optionId: string | null;
	readonly label: string;
	readonly colour: string;
	readonly rows: readonly ScopeRowView[];
}

/**
 * Services grouped by the area column, groups in the area options' order (so
 * the board can reorder headings), rows in board order within each group, and
 * services without an area last. Empty areas are kept so they can be collapsed
 * or dropped into.
 */
export function groupByArea(scope: Scope, rows: readonly ScopeRowView[] = scope.rows): AreaGroup[] {
	const area = byRole(scope, 'area', ['select']);
	if (!area) return [{ optionId: null, label: '', colour: schema.DEFAULT_COLOUR, rows }];
	const groups = area.options.map((o) => ({
		optionId: o.id as string | null,
		label: o.label,
		colour: o.colour,
		rows: rows.filter((r) => r.cells[area.id] === o.id)
	}));
	const none = rows.filter((r) => !area.options.some((o) => o.id === r.cells[area.id]));
	if (none.length) groups.push({ optionId: null, label: '', colour: schema.DEFAULT_COLOUR, rows: none });
	return groups;
}
