import type { BoardView } from '../board/read.ts';

/**
 * The meeting's agenda as every screen sees it: items in order, each about a
 * part of the board with a time allowed, and the one clock the chair runs.
 * The clock stores moments, not ticks: while it runs, `runningSince` is when
 * it was last started and `elapsedMs` what the current item had used before
 * that; every screen works out the countdown itself from the server's time,
 * so a paused, resumed or reloaded clock never drifts between screens.
 */

export const PART_KINDS = ['area', 'service', 'model', 'heading', 'criterion'] as const;
export type AgendaPartKind = (typeof PART_KINDS)[number];

export interface AgendaPart {
	readonly kind: AgendaPartKind;
	readonly id: string;
}

export interface AgendaItem {
	readonly id: string;
	readonly title: string;
	/** Time allowed, in whole minutes. */
	readonly minutes: number;
	readonly parts: readonly AgendaPart[];
	/** Time the item has used on the clock so far (not counting a run in progress). */
	readonly spentMs: number;
}

export interface AgendaClock {
	/** The item under discussion, or null before the meeting starts. */
	readonly currentId: string | null;
	/** Server time (epoch ms) the clock was last started; null while paused. */
	readonly runningSince: number | null;
	/** What the current item had used before `runningSince`. */
	readonly elapsedMs: number;
}

export interface AgendaState {
	/** yyyy-mm-dd: the meeting this agenda is for, whose minutes carry it. */
	readonly meetingDate: string;
	readonly items: readonly AgendaItem[];
	readonly clock: AgendaClock;
	/** Rises with every change, so a screen keeps the newest of two that cross in flight. */
	readonly revision: number;
	/** The server's clock when this state was read, to correct for a screen's clock being off. */
	readonly serverNow: number;
}

export const LIMITS = { items: 40, title: 200, minutes: 600, parts: 30 } as const;

export function isPartKind(value: unknown): value is AgendaPartKind {
	return typeof value === 'string' && (PART_KINDS as readonly string[]).includes(value);
}

/** How long the current item has run at `now` (server time). */
export function elapsedAt(clock: AgendaClock, now: number): number {
	return clock.elapsedMs + (clock.runningSince === null ? 0 : Math.max(0, now - clock.runningSince));
}

export function currentItem(state: Pick<AgendaState, 'items' | 'clock'>): AgendaItem | null {
	return state.items.find((item) => item.id === state.clock.currentId) ?? null;
}

/** The item after the current one (the first before the meeting starts), or null at the end. */
export function nextItem(state: Pick<AgendaState, 'items' | 'clock'>): AgendaItem | null {
	const index = state.items.findIndex((item) => item.id === state.clock.currentId);
	return state.items[index + 1] ?? null;
}

/** Milliseconds left of the current item's time allowed at `now`: negative once over time. */
export function remainingAt(state: Pick<AgendaState, 'items' | 'clock'>, now: number): number | null {
	const item = currentItem(state);
	return item ? item.minutes * 60_000 - elapsedAt(state.clock, now) : null;
}

/** "12:05" left, or "2:10 over" once past the time allowed; whole seconds, rounded towards the end. */
export function formatRemaining(ms: number): string {
	const over = ms < 0;
	const seconds = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
	const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
	return over ? `${text} over` : text;
}

/** The same as a screen reader should hear it: "12 minutes left", "2 minutes over". */
export function spokenRemaining(ms: number): string {
	const minutes = Math.floor(Math.abs(ms) / 60_000);
	if (ms >= 0 && minutes === 0) return 'less than a minute left';
	const unit = `${minutes} minute${minutes === 1 ? '' : 's'}`;
	return ms < 0 ? (minutes === 0 ? 'just over time' : `${unit} over`) : `${unit} left`;
}

/** Minutes in words for the papers: "20 min", "1 h 15 min". */
export function formatMinutes(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The parts of the board an agenda item may be about, named as the board names them now. */
export function agendaPartsOf(view: BoardView): { part: AgendaPart; label: string }[] {
	const service = view.scope.columns.find((c) => c.role === 'service') ?? view.scope.columns[0];
	const area = view.scope.columns.find((c) => c.role === 'area');
	return [
		...(area?.options ?? []).map((o) => ({ part: { kind: 'area' as const, id: o.id }, label: `Area: ${o.label || 'Unnamed area'}` })),
		...view.scope.rows.map((r) => ({
			part: { kind: 'service' as const, id: r.id },
			label: `Service: ${String((service && r.cells[service.id]) || 'Unnamed service')}`
		})),
		...view.models.rows.map((m) => ({ part: { kind: 'model' as const, id: m.id }, label: `Model: ${m.name || 'Unnamed model'}` })),
		...view.models.groups.map((g) => ({ part: { kind: 'heading' as const, id: g.id }, label: `Heading: ${g.name || 'Unnamed heading'}` })),
		...view.models.criteria.map((c) => ({
			part: { kind: 'criterion' as const, id: c.id },
			label: `Criterion: ${c.name || 'Unnamed criterion'}`
		}))
	];
}

/** `service:svc-adoption`, as a form sends a part. */
export function encodePart(part: AgendaPart): string {
	return `${part.kind}:${part.id}`;
}

export function partLabel(part: AgendaPart, view: BoardView): string {
	return (
		agendaPartsOf(view).find((p) => p.part.kind === part.kind && p.part.id === part.id)?.label ??
		`A ${part.kind} since removed from the board`
	);
}

/** Which grid shows a part: areas and services are the scope, the rest the delivery models. */
export function gridOf(part: AgendaPart): 'scope' | 'models' {
	return part.kind === 'area' || part.kind === 'service' ? 'scope' : 'models';
}

/**
 * The cell that brings a part into view: a service's or a model's first cell,
 * the first service of an area, a criterion's column (first model), a
 * heading's first criterion. Null when the part is no longer on the board.
 */
export function cellFor(
	part: AgendaPart,
	view: BoardView,
	modelNameColumn: string
): { grid: 'scope' | 'models'; rowId: string; colId: string } | null {
	const firstScope = view.scope.columns[0]?.id;
	const firstModel = view.models.rows[0]?.id;
	switch (part.kind) {
		case 'service':
			return firstScope && view.scope.rows.some((r) => r.id === part.id) ? { grid: 'scope', rowId: part.id, colId: firstScope } : null;
		case 'area': {
			const area = view.scope.columns.find((c) => c.role === 'area');
			const row = area && view.scope.rows.find((r) => r.cells[area.id] === part.id);
			return firstScope && row ? { grid: 'scope', rowId: row.id, colId: firstScope } : null;
		}
		case 'model':
			return view.models.rows.some((m) => m.id === part.id) ? { grid: 'models', rowId: part.id, colId: modelNameColumn } : null;
		case 'criterion':
			return firstModel && view.models.criteria.some((c) => c.id === part.id)
				? { grid: 'models', rowId: firstModel, colId: part.id }
				: null;
		case 'heading': {
			const criterion = view.models.criteria.find((c) => c.groupId === part.id);
			return firstModel && criterion ? { grid: 'models', rowId: firstModel, colId: criterion.id } : null;
		}
	}
}
