import * as schema from '$lib/board/schema';
import * as values from '$lib/board/values';
import type { BoardView, ScopeColumnView, ScopeRowView } from '$lib/board/read';
import type { MemberRef } from '$lib/board/values';

/**
 * One person's way of looking at a board: search, filters, sort, collapsed
 * groups, the open tab. It lives in this browser's localStorage, per board,
 * and is never written into the shared document, so my filter never changes
 * what the chair is projecting.
 */

export type SortDirection = 'asc' | 'desc';

export interface ScopeViewState {
	readonly query: string;
	/** Decision option ids to show; empty shows every service. "undecided" also matches a blank decision. */
	readonly decisions: readonly string[];
	readonly sort: { readonly colId: string; readonly direction: SortDirection } | null;
	/** Area option ids whose group is collapsed ("" for services without an area). */
	readonly collapsed: readonly string[];
}

export interface ModelsViewState {
	/** Board order, or best first. */
	readonly order: 'board' | 'rank';
	readonly hideDiscounted: boolean;
}

export interface ViewState {
	readonly tab: 'scope' | 'models';
	readonly panelOpen: boolean;
	readonly scope: ScopeViewState;
	readonly models: ModelsViewState;
	/** Column widths I dragged or stepped, in rem, by column id (ids are unique across both grids). */
	readonly widths: Readonly<Record<string, number>>;
	/** Columns I froze, kept in view at the left while I scroll sideways, by column id. */
	readonly frozen: readonly string[];
	/** Columns I hid, by column id; null until I choose, when columns that repeat the group heading are hidden. */
	readonly hidden: readonly string[] | null;
}

export const DEFAULT_VIEW: ViewState = {
	tab: 'scope',
	panelOpen: true,
	scope: { query: '', decisions: [], sort: null, collapsed: [] },
	models: { order: 'board', hideDiscounted: false },
	widths: {},
	frozen: [],
	hidden: null
};

/** In rem: narrow enough for a score, wide enough for a paragraph of rationale. */
export const COLUMN_WIDTH = { min: 4, max: 40, step: 2 } as const;

/** A width kept within bounds, to a tenth of a rem so stored views stay tidy. */
export function clampWidth(width: number): number {
	return Math.round(Math.min(COLUMN_WIDTH.max, Math.max(COLUMN_WIDTH.min, width)) * 10) / 10;
}

/** The width after a "wider" or "narrower" step from the column menu. */
export function stepWidth(width: number, direction: 1 | -1): number {
	return clampWidth(width + direction * COLUMN_WIDTH.step);
}

function widths(value: unknown): Record<string, number> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
	const entries = Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
	return Object.fromEntries(entries.slice(0, 500).map(([id, width]) => [id, clampWidth(width)]));
}

const strings = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 500) : [];

/** Whatever was stored, made safe: older or hand-edited entries fall back field by field. */
export function parseViewState(raw: string | null): ViewState {
	let data: Record<string, unknown>;
	try {
		const parsed: unknown = raw ? JSON.parse(raw) : null;
		if (typeof parsed !== 'object' || parsed === null) return DEFAULT_VIEW;
		data = parsed as Record<string, unknown>;
	} catch {
		return DEFAULT_VIEW;
	}
	const scope = (typeof data.scope === 'object' && data.scope ? data.scope : {}) as Record<string, unknown>;
	const models = (typeof data.models === 'object' && data.models ? data.models : {}) as Record<string, unknown>;
	const sort = scope.sort as { colId?: unknown; direction?: unknown } | null | undefined;
	return {
		tab: data.tab === 'models' ? 'models' : 'scope',
		panelOpen: typeof data.panelOpen === 'boolean' ? data.panelOpen : DEFAULT_VIEW.panelOpen,
		scope: {
			query: typeof scope.query === 'string' ? scope.query.slice(0, 200) : '',
			decisions: strings(scope.decisions),
			sort:
				sort && typeof sort.colId === 'string' && (sort.direction === 'asc' || sort.direction === 'desc')
					? { colId: sort.colId, direction: sort.direction }
					: null,
			collapsed: strings(scope.collapsed)
		},
		models: {
			order: models.order === 'rank' ? 'rank' : 'board',
			hideDiscounted: models.hideDiscounted === true
		},
		widths: widths(data.widths),
		frozen: strings(data.frozen),
		hidden: Array.isArray(data.hidden) ? strings(data.hidden) : null
	};
}

export function storageKey(boardId: string): string {
	return `trustboard:view:${boardId}`;
}

export function loadViewState(storage: Pick<Storage, 'getItem'> | null, boardId: string): ViewState {
	try {
		return parseViewState(storage?.getItem(storageKey(boardId)) ?? null);
	} catch {
		return DEFAULT_VIEW;
	}
}

export function saveViewState(storage: Pick<Storage, 'setItem'> | null, boardId: string, view: ViewState): void {
	try {
		storage?.setItem(storageKey(boardId), JSON.stringify(view));
	} catch {
		// Private browsing or a full quota: the view simply is not remembered.
	}
}

type Scope = BoardView['scope'];

/** A cell as the words a person would search for (option labels, member names). */
export function searchText(column: ScopeColumnView, row: ScopeRowView, members: readonly MemberRef[]): string {
	const value = row.cells[column.id];
	return value === undefined ? '' : values.cellToText(column.type, value, { options: column.options, members });
}

function compareValues(column: ScopeColumnView, a: unknown, b: unknown, members: readonly MemberRef[]): number {
	switch (column.type) {
		case 'number':
		case 'currency':
			return (a as number) - (b as number);
		case 'checkbox':
			return Number(a) - Number(b);
		case 'rag':
			return schema.RAG_VALUES.indexOf(a as never) - schema.RAG_VALUES.indexOf(b as never);
		case 'select': {
			const index = (v: unknown) => column.options.findIndex((o) => o.id === v);
			return index(a) - index(b);
		}
		case 'member': {
			const name = (v: unknown) => members.find((m) => m.id === v)?.name ?? String(v);
			return name(a).localeCompare(name(b), 'en-GB', { sensitivity: 'base', numeric: true });
		}
		default:
			return String(a).localeCompare(String(b), 'en-GB', { sensitivity: 'base', numeric: true });
	}
}

/**
 * The services this person sees, in the order they see them: filtered by the
 * search text (any cell) and decision, then sorted. Blank cells sort last in
 * either direction; ties keep board order.
 */
export function visibleScopeRows(scope: Scope, view: ScopeViewState, members: readonly MemberRef[] = []): ScopeRowView[] {
	const query = view.query.trim().toLowerCase();
	const decision = scope.columns.find((c) => c.role === 'decision' && c.type === 'select');
	const wanted = new Set(view.decisions);
	let rows = scope.rows.filter((row) => {
		if (decision && wanted.size > 0) {
			const value = row.cells[decision.id];
			const known = decision.options.some((o) => o.id === value);
			const id = known ? (value as string) : 'undecided';
			if (!wanted.has(id)) return false;
		}
		if (!query) return true;
		return scope.columns.some((c) => searchText(c, row, members).toLowerCase().includes(query));
	});
	const sort = view.sort;
	const column = sort && scope.columns.find((c) => c.id === sort.colId);
	if (sort && column) {
		const sign = sort.direction === 'asc' ? 1 : -1;
		rows = rows
			.map((row, index) => ({ row, index }))
			.sort((x, y) => {
				const a = x.row.cells[column.id];
				const b = y.row.cells[column.id];
				if (a === undefined || b === undefined) return a === b ? x.index - y.index : a === undefined ? 1 : -1;
				return sign * compareValues(column, a, b, members) || x.index - y.index;
			})
			.map((x) => x.row);
	}
	return rows;
}
