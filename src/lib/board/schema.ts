import * as Y from 'yjs';

/**
 * The shape of one board document. Everything lives under eight top-level
 * shared types: top-level types are identified by name, so two clients creating
 * them concurrently end up with the same type instead of one overwriting the
 * other (which is what happens to nested types created under the same key).
 *
 * See docs/board-schema.md for the full description.
 */
export const CURRENT_SCHEMA_VERSION = 4;

export const ROOT = {
	meta: 'meta',
	scopeColumns: 'scopeColumns',
	scopeRows: 'scopeRows',
	criterionGroups: 'criterionGroups',
	criteria: 'criteria',
	models: 'models',
	comments: 'comments',
	/** What the chair has locked (locks.ts), keyed by target. */
	locks: 'locks'
} as const;

export type Grid = 'scope' | 'models';
export const GRIDS: readonly Grid[] = ['scope', 'models'];

export const COLUMN_TYPES = ['text', 'longText', 'number', 'currency', 'select', 'rag', 'member', 'date', 'checkbox'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * What a scope column means to the summary and the template, independent of its
 * (editable) name: the summary finds the budget column by role, not by label.
 */
export const COLUMN_ROLES = [
	'service',
	'area',
	'decision',
	'statutoryBasis',
	'budget',
	'staff',
	'lead',
	'consultation',
	'risk',
	'rationale',
	'notes'
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** Currency columns hold GBP; the unit says what 1 means (budget is in thousands). */
export const CURRENCY_UNITS = ['pounds', 'thousands', 'millions'] as const;
export type CurrencyUnit = (typeof CURRENCY_UNITS)[number];

export const RAG_VALUES = ['red', 'amber', 'green'] as const;
export type Rag = (typeof RAG_VALUES)[number];

export const MODEL_STATUSES = ['longList', 'shortlisted', 'preferred', 'discounted'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/**
 * Where a scope decision stands, separate from what it is: the template's rows
 * start as proposals for consultation, as a draft scope does; absent = proposed.
 */
export const DECISION_STATES = ['proposed', 'consulted', 'agreed'] as const;
export type DecisionState = (typeof DECISION_STATES)[number];

/**
 * Who has been consulted on a service's scope decision. Engagement with staff,
 * unions and members comes first; statutory consultation with service users,
 * partners and the safeguarding board follows.
 */
export const CONSULTEES = ['staff', 'unions', 'members', 'serviceUsers', 'partners', 'safeguardingBoard'] as const;
export type Consultee = (typeof CONSULTEES)[number];

/** The decision option id that moves a service to the trust; refused on a service the law keeps with the council. */
export const TRANSFER_OPTION_ID = 'transfer';

/** The option id the scope summary counts blank decisions under. */
export const UNDECIDED_OPTION_ID = 'undecided';

export const DEFAULT_SCALE = { min: 0, max: 5 } as const;
export const SCALE_BOUNDS = { min: -100, max: 100 } as const;

export const LIMITS = {
	name: 200,
	title: 200,
	boardDescription: 5_000,
	modelDescription: 5_000,
	shortText: 2_000,
	longText: 20_000,
	discountReason: 2_000,
	overrideReason: 2_000,
	equalityNote: 5_000,
	criterionDescription: 2_000,
	comment: 5_000,
	url: 2_000,
	linkLabel: 200,
	personId: 128,
	personName: 200,
	/** Largest magnitude of a number/currency cell; beyond this doubles lose integer precision anyway. */
	number: 1e15,
	weight: 1e9
} as const;

/** Keys of each kind of map. Anything else is removed by the guard. */
export const META_KEYS = ['schemaVersion', 'title', 'description', 'scale', 'benchmark', 'appraisalNote'] as const;
export const COLUMN_KEYS = ['name', 'type', 'order', 'role', 'unit', 'options'] as const;
export const OPTION_KEYS = ['label', 'colour', 'order'] as const;
export const SCOPE_ROW_KEYS = [
	'order',
	'cells',
	'decisionState',
	'consulted',
	'equalityNote',
	'retainedByLaw',
	'transferOverride'
] as const;
export const GROUP_KEYS = ['name', 'order'] as const;
export const CRITERION_KEYS = ['name', 'order', 'groupId', 'weight', 'weightPlaceholder', 'knockout', 'threshold', 'description'] as const;
export const MODEL_KEYS = [
	'order',
	'name',
	'description',
	'status',
	'statusReason',
	'knockoutOverride',
	'illustrative',
	'scores',
	'rationales',
	'evidence'
] as const;
export const COMMENT_KEYS = [
	'grid',
	'rowId',
	'columnId',
	'parentId',
	'authorId',
	'authorName',
	'createdAt',
	'editedAt',
	'body',
	'resolved',
	'resolvedById',
	'resolvedByName',
	'resolvedAt'
] as const;

export type YMap = Y.Map<unknown>;

export interface Roots {
	readonly meta: YMap;
	readonly scopeColumns: YMap;
	readonly scopeRows: YMap;
	readonly criterionGroups: YMap;
	readonly criteria: YMap;
	readonly models: YMap;
	readonly comments: YMap;
	readonly locks: YMap;
}

export function roots(doc: Y.Doc): Roots {
	return {
		meta: doc.getMap(ROOT.meta),
		scopeColumns: doc.getMap(ROOT.scopeColumns),
		scopeRows: doc.getMap(ROOT.scopeRows),
		criterionGroups: doc.getMap(ROOT.criterionGroups),
		criteria: doc.getMap(ROOT.criteria),
		models: doc.getMap(ROOT.models),
		comments: doc.getMap(ROOT.comments),
		locks: doc.getMap(ROOT.locks)
	};
}

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (list as readonly string[]).includes(value);
}

export function childMap(parent: YMap, key: string): YMap | null {
	const value = parent.get(key);
	return value instanceof Y.Map ? (value as YMap) : null;
}

export function childText(parent: YMap, key: string): Y.Text | null {
	const value = parent.get(key);
	return value instanceof Y.Text ? value : null;
}

/** Thrown by write functions on input that would break the schema. */
export class BoardError extends Error {
	readonly code: string;
	constructor(code: string, message: string) {
		super(message);
		this.name = 'BoardError';
		this.code = code;
	}
}

export const COLOUR_PATTERN = /^#[0-9a-f]{6}$/;
export const DEFAULT_COLOUR = '#9ca3af';
/** Colours handed out to new select options in turn. */
export const OPTION_PALETTE = ['#60a5fa', '#34d399', '#fbbf24', '#f87171', '#a78bfa', '#f472b6', '#2dd4bf', '#fb923c', '#9ca3af'] as const;

/** Every top-level type, e.g. the scope to give a Y.UndoManager. */
export function rootTypes(doc: Y.Doc): YMap[] {
	return Object.values(roots(doc));
}
