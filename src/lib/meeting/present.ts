import type { BoardView } from '../board/read.ts';
import { formatScore, scoreModels, standingText } from '../board/scoring.ts';
import { formatCurrency } from '../board/format.ts';
import { cellToText, type MemberRef } from '../board/values.ts';
import type { AgendaPart } from './agenda.ts';

/** A plain table for the projector: headings and rows of text, first column naming the row. */
export interface PresentTable {
	readonly caption: string;
	readonly headers: readonly string[];
	readonly rows: readonly (readonly string[])[];
}

/** Scope columns worth reading across a room: the service, its decision and budget, then the law behind it. */
const SCOPE_ROLES = ['service', 'decision', 'budget', 'statutoryBasis'] as const;

/**
 * What the presenter view shows for an agenda item: the services it is about
 * (named, or in its areas) with their decision and budget, and the models it
 * is about with the scores on its criteria and headings, their total and
 * standing. Parts no longer on the board are left out.
 */
export function presentParts(parts: readonly AgendaPart[], view: BoardView, members: readonly MemberRef[]): PresentTable[] {
	const ids = (kind: AgendaPart['kind']) => new Set(parts.filter((p) => p.kind === kind).map((p) => p.id));
	const tables: PresentTable[] = [];

	const services = ids('service');
	const areas = ids('area');
	const area = view.scope.columns.find((c) => c.role === 'area');
	const rows = view.scope.rows.filter((r) => services.has(r.id) || (area && areas.has(String(r.cells[area.id] ?? ''))));
	if (rows.length) {
		const columns = SCOPE_ROLES.flatMap((role) => view.scope.columns.filter((c) => c.role === role));
		tables.push({
			caption: 'Services',
			headers: columns.map((c) => c.name),
			rows: rows.map((r) =>
				columns.map((c) => {
					const value = r.cells[c.id] ?? null;
					// Money as the grid shows it (£1,250k), not as it is typed.
					return c.type === 'currency' && typeof value === 'number'
						? formatCurrency(value, c.unit)
						: cellToText(c.type, value, { options: c.options, members });
				})
			)
		});
	}

	const models = ids('model');
	const headings = ids('heading');
	const named = ids('criterion');
	const criteria = view.models.criteria.filter((c) => named.has(c.id) || (c.groupId !== null && headings.has(c.groupId)));
	if (models.size || criteria.length) {
		const scoring = scoreModels({ scale: view.scale, ...view.models });
		const byId = new Map(scoring.models.map((m) => [m.modelId, m]));
		// Criteria alone are discussed across every model; named models are shown on their own.
		const shown = models.size ? view.models.rows.filter((m) => models.has(m.id)) : view.models.rows;
		tables.push({
			caption: 'Delivery models',
			headers: ['Model', ...criteria.map((c) => c.name), 'Total', 'Standing'],
			rows: shown.map((m) => {
				const score = byId.get(m.id);
				return [
					m.name || 'Unnamed model',
					...criteria.map((c) => {
						const value = m.cells[c.id]?.score;
						return value === null || value === undefined ? '–' : String(value);
					}),
					score ? formatScore(score.total) : '–',
					score ? standingText(score) : ''
				];
			})
		});
	}
	return tables;
}
