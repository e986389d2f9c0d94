import type * as Y from 'yjs';
import * as locks from './locks.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import type { BoardView } from './read.ts';
import type { TransferOverride } from './decisions.ts';

/**
 * The board as a versioned JSON document, for archives and for moving a board
 * to another trustboard: everything a reader of the board sees (both grids in
 * display order, scores with rationales and evidence, comment threads), keyed
 * by the same ids. Importing it builds a fresh document whose `readBoard` is
 * deep-equal to the original's. Layout is documented in
 * docs/snapshots-and-downloads.md; `version` changes whenever the layout does.
 */

export const BOARD_JSON_FORMAT = 'trustboard.board';
export const BOARD_JSON_VERSION = 3;
/** Older format versions this code still imports (their boards are migrated on import). */
export const BOARD_JSON_READABLE = [1, 2, 3] as const;

export type JsonCell = string | number | boolean;

export interface BoardJsonContent {
	schemaVersion: number;
	title: string;
	description: string;
	scale: { min: number; max: number };
	scope: {
		columns: {
			id: string;
			name: string;
			type: (typeof schema.COLUMN_TYPES)[number];
			role: (typeof schema.COLUMN_ROLES)[number] | null;
			unit: (typeof schema.CURRENCY_UNITS)[number] | null;
			options: { id: string; label: string; colour: string }[];
		}[];
		rows: {
			id: string;
			cells: Record<string, JsonCell>;
			/** Version 2 on. Where the scope decision stands; absent in version 1 (read as proposed). */
			decisionState?: (typeof schema.DECISION_STATES)[number];
			consulted?: (typeof schema.CONSULTEES)[number][];
			equalityNote?: string;
			retainedByLaw?: boolean;
			transferOverride?: TransferOverride | null;
		}[];
	};
	models: {
		/** The business-as-usual / do-minimum benchmark model; absent in format version 1. */
		benchmarkId: string | null;
		/** Absent in format version 1. */
		note: string;
		groups: { id: string; name: string }[];
		criteria: {
			id: string;
			name: string;
			groupId: string | null;
			weight: number;
			/** Absent in format version 1. */
			weightPlaceholder: boolean;
			knockout: boolean;
			threshold: number;
			description: string;
		}[];
		rows: {
			id: string;
			name: string;
			description: string;
			status: (typeof schema.MODEL_STATUSES)[number];
			/** Why the board set this status (format version 1: `discountReason`, for discounted models only). */
			statusReason: string;
			/** Kept shortlisted or preferred although it fails a knock-out. */
			knockoutOverride: boolean;
			illustrative: boolean;
			/** As stored; a score outside the scale is kept (it reads as empty, flagged). */
			scores: Record<string, number>;
			rationales: Record<string, string>;
			evidence: Record<string, { id: string; url: string; label: string }[]>;
		}[];
	};
	comments: {
		id: string;
		grid: (typeof schema.GRIDS)[number];
		rowId: string;
		columnId: string | null;
		/** The thread's first comment for a reply, null for the first comment. */
		parentId: string | null;
		authorId: string;
		authorName: string;
		createdAt: string;
		editedAt: string | null;
		body: string;
		resolved: boolean;
		resolvedById: string | null;
		resolvedByName: string | null;
		resolvedAt: string | null;
	}[];
	/** Version 3 on: what the chair has locked, oldest first (absent before: nothing locked). */
	locks?: { key: string; byId: string; byName: string; at: string }[];
}

export interface BoardJson {
	format: typeof BOARD_JSON_FORMAT;
	version: typeof BOARD_JSON_VERSION;
	exportedAt: string;
	/** Where the file came from (board, version, who took it); informational, ignored by import. */
	source: Record<string, string | null>;
	/** Names of the people member cells and comments refer to, by user id; informational. */
	people: Record<string, string>;
	board: BoardJsonContent;
}

function rawScores(doc: Y.Doc, modelId: string): Record<string, number> {
	const scores = schema.childMap(schema.roots(doc).models, modelId);
	const map = scores && schema.childMap(scores, 'scores');
	const out: Record<string, number> = Object.create(null);
	map?.forEach((value, key) => {
		if (Number.isInteger(value)) out[key] = value as number;
	});
	return out;
}

export function boardToJson(
	doc: Y.Doc,
	info: { exportedAt?: Date; source?: Record<string, string | null>; people?: Record<string, string> } = {}
): BoardJson {
	const view = read.readBoard(doc);
	const criteria = new Set(view.models.criteria.map((c) => c.id));
	return {
		format: BOARD_JSON_FORMAT,
		version: BOARD_JSON_VERSION,
		exportedAt: (info.exportedAt ?? new Date()).toISOString(),
		source: info.source ?? {},
		people: info.people ?? {},
		board: {
			schemaVersion: view.schemaVersion,
			title: view.title,
			description: view.description,
			scale: { ...view.scale },
			scope: {
				columns: view.scope.columns.map((c) => ({ ...c, options: c.options.map((o) => ({ ...o })) })),
				rows: view.scope.rows.map((r) => ({
					id: r.id,
					cells: { ...r.cells },
					decisionState: r.decisionRecord.state,
					consulted: [...r.decisionRecord.consulted],
					equalityNote: r.decisionRecord.equalityNote,
					retainedByLaw: r.decisionRecord.retainedByLaw,
					transferOverride: r.decisionRecord.transferOverride ? { ...r.decisionRecord.transferOverride } : null
				}))
			},
			models: {
				benchmarkId: view.models.benchmarkId,
				note: view.models.note,
				groups: view.models.groups.map((g) => ({ ...g })),
				criteria: view.models.criteria.map((c) => ({ ...c })),
				rows: view.models.rows.map((m) => ({
					id: m.id,
					name: m.name,
					description: m.description,
					status: m.status,
					statusReason: m.statusReason,
					knockoutOverride: m.knockoutOverride,
					illustrative: m.illustrative,
					scores: Object.fromEntries(Object.entries(rawScores(doc, m.id)).filter(([id]) => criteria.has(id))),
					rationales: Object.fromEntries(Object.entries(m.cells).flatMap(([id, c]) => (c.rationale ? [[id, c.rationale]] : []))),
					evidence: Object.fromEntries(
						Object.entries(m.cells).flatMap(([id, c]) => (c.evidence.length ? [[id, c.evidence.map((e) => ({ ...e }))]] : []))
					)
				}))
			},
			comments: threadsToComments(view),
			locks: locks.listLocks(doc).map((l) => ({ key: l.key, byId: l.byId, byName: l.byName, at: l.at }))
		}
	};
}

function threadsToComments(view: BoardView): BoardJsonContent['comments'] {
	return view.threads.flatMap((thread) =>
		thread.comments.map((c, i) => ({
			id: c.id,
			grid: thread.grid,
			rowId: thread.rowId,
			columnId: thread.columnId,
			parentId: i === 0 ? null : thread.id,
			authorId: c.authorId,
			authorName: c.authorName,
			createdAt: c.createdAt,
			editedAt: c.editedAt,
			body: c.body,
			resolved: i === 0 && thread.resolved,
			resolvedById: i === 0 ? (thread.resolvedBy?.id ?? null) : null,
			resolvedByName: i === 0 ? (thread.resolvedBy?.name ?? null) : null,
			resolvedAt: i === 0 ? thread.resolvedAt : null
		}))
	);
}
