import * as Y from 'yjs';
import type { Role } from '../roles.ts';
import * as ordered from './ordered.ts';
import * as schema from './schema.ts';
import * as boardText from './text.ts';
import type { Consultee, DecisionState, YMap } from './schema.ts';

/**
 * The record behind a service's scope decision, kept on the scope row beside its cells: where the decision
 * stands (proposed, consulted, agreed), who has been consulted, an equality-impact note, whether the law keeps
 * the service with the council, and the chair's override if such a service is nonetheless set to transfer.
 *
 * The decision's value stays an ordinary cell of the `decision` column, so the grid, paste and exports treat
 * it like any other select; the rules here apply to whatever writes it.
 */

/** Who acts, for the writes only a chair may make. */
export interface Actor {
	readonly id: string;
	readonly name: string;
	readonly role: Role;
}

/** A chair's recorded decision to transfer a service the law keeps with the council. */
export interface TransferOverride {
	readonly byId: string;
	readonly byName: string;
	/** ISO 8601 UTC. */
	readonly at: string;
	readonly reason: string;
}

export interface DecisionRecordView {
	readonly state: DecisionState;
	/** In CONSULTEES order. */
	readonly consulted: readonly Consultee[];
	readonly equalityNote: string;
	readonly retainedByLaw: boolean;
	/** Only while the service is set to transfer. */
	readonly transferOverride: TransferOverride | null;
	/**
	 * Set to transfer although the law keeps it with the council, with no override on record (possible when
	 * the chair marks a service while someone else sets it to transfer). The UI should flag it.
	 */
	readonly overrideMissing: boolean;
}

export const NO_DECISION_RECORD: DecisionRecordView = Object.freeze({
	state: 'proposed',
	consulted: Object.freeze([]) as readonly Consultee[],
	equalityNote: '',
	retainedByLaw: false,
	transferOverride: null,
	overrideMissing: false
});

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

export function isTransferOverride(value: unknown): value is TransferOverride {
	if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Y.AbstractType) return false;
	const o = value as Record<string, unknown>;
	const keys = Object.keys(o);
	return (
		keys.length === 4 &&
		typeof o.byId === 'string' &&
		o.byId.length > 0 &&
		o.byId.length <= schema.LIMITS.personId &&
		typeof o.byName === 'string' &&
		o.byName.length <= schema.LIMITS.personName &&
		typeof o.at === 'string' &&
		TIMESTAMP.test(o.at) &&
		!Number.isNaN(Date.parse(o.at)) &&
		typeof o.reason === 'string' &&
		o.reason.trim().length > 0 &&
		o.reason.length <= schema.LIMITS.overrideReason
	);
}

/** The column whose cells are the scope decisions: the first, in display order, with the `decision` role. */
export function decisionColumnId(doc: Y.Doc): string | null {
	const column = ordered
		.entries(schema.roots(doc).scopeColumns)
		.find((e) => e.map.get('role') === 'decision' && e.map.get('type') === 'select');
	return column?.id ?? null;
}

/** Reads a scope row's decision record; `decision` is the row's current decision option id. */
export function readDecisionRecord(row: YMap, decision: unknown): DecisionRecordView {
	const state = row.get('decisionState');
	const consultedMap = schema.childMap(row, 'consulted');
	const consulted = schema.CONSULTEES.filter((c) => consultedMap?.get(c) === true);
	const retainedByLaw = row.get('retainedByLaw') === true;
	const stored = row.get('transferOverride');
	const transferring = decision === schema.TRANSFER_OPTION_ID;
	const transferOverride = transferring && isTransferOverride(stored) ? { ...stored } : null;
	return {
		state: schema.isOneOf(schema.DECISION_STATES, state) ? state : 'proposed',
		consulted,
		equalityNote: (schema.childText(row, 'equalityNote')?.toString() ?? '').slice(0, schema.LIMITS.equalityNote),
		retainedByLaw,
		transferOverride,
		overrideMissing: retainedByLaw && transferring && transferOverride === null
	};
}

function scopeRow(doc: Y.Doc, rowId: string): YMap {
	const row = schema.childMap(schema.roots(doc).scopeRows, rowId);
	if (!row) throw new schema.BoardError('unknownRow', 'that service has been deleted');
	return row;
}

function serviceLabel(row: YMap): string {
	const service = ordered.entries(schema.roots(row.doc as Y.Doc).scopeColumns).find((e) => e.map.get('role') === 'service');
	const name = service ? schema.childMap(row, 'cells')?.get(service.id) : undefined;
	return typeof name === 'string' && name ? `"${name}"` : 'This service';
}

/**
 * Checks a write of `value` to a scope cell before it happens. Setting a service the law keeps with the
 * council to transfer is refused: only the chair may, through `overrideRetainedTransfer`, with a reason.
 */
export function assertDecisionAllowed(doc: Y.Doc, rowId: string, columnId: string, value: unknown): void {
	if (value !== schema.TRANSFER_OPTION_ID || columnId !== decisionColumnId(doc)) return;
	const row = schema.childMap(schema.roots(doc).scopeRows, rowId);
	if (!row || row.get('retainedByLaw') !== true) return;
	if (schema.childMap(row, 'cells')?.get(columnId) === schema.TRANSFER_OPTION_ID) return;
	throw new schema.BoardError(
		'retainedByLaw',
		`${serviceLabel(row)} stays with the council by law; only the chair can set it to transfer, with a recorded reason.`
	);
}

/**
 * Follows a change of a row's decision: a new decision is a new proposal (its state goes back to proposed),
 * and an override only ever covers the transfer it was given for.
 */
export function afterDecisionChange(row: YMap, before: unknown, after: unknown): void {
	if (before === after) return;
	row.delete('decisionState');
	if (after !== schema.TRANSFER_OPTION_ID) row.delete('transferOverride');
}

export function setDecisionState(doc: Y.Doc, rowId: string, state: DecisionState): void {
	if (!schema.isOneOf(schema.DECISION_STATES, state))
		throw new schema.BoardError('invalidState', `unknown decision state ${String(state)}`);
	doc.transact(() => {
		const row = scopeRow(doc, rowId);
		if (state === 'proposed') row.delete('decisionState');
		else row.set('decisionState', state);
	});
}

export function setConsulted(doc: Y.Doc, rowId: string, consultee: Consultee, consulted: boolean): void {
	if (!schema.isOneOf(schema.CONSULTEES, consultee))
		throw new schema.BoardError('invalidConsultee', `unknown consultee ${String(consultee)}`);
	doc.transact(() => {
		const row = scopeRow(doc, rowId);
		let map = schema.childMap(row, 'consulted');
		if (!map) {
			// Rows get this map when created (and by the migration); only a hand-made row lacks it.
			map = new Y.Map<unknown>();
			row.set('consulted', map);
		}
		if (consulted) map.set(consultee, true);
		else map.delete(consultee);
	});
}

/** The Y.Text behind a row's equality-impact note, for an editor that merges character by character. */
export function equalityNoteText(doc: Y.Doc, rowId: string): Y.Text | null {
	return doc.transact(() => {
		const row = schema.childMap(schema.roots(doc).scopeRows, rowId);
		if (!row) return null;
		const existing = schema.childText(row, 'equalityNote');
		if (existing) return existing;
		const text = boardText.newText();
		row.set('equalityNote', text);
		return text;
	});
}

export function setEqualityNote(doc: Y.Doc, rowId: string, note: string): void {
	if (typeof note !== 'string') throw new schema.BoardError('invalidNote', 'the equality note must be text');
	if (note.length > schema.LIMITS.equalityNote)
		throw new schema.BoardError('tooLong', `the equality note is longer than ${schema.LIMITS.equalityNote} characters`);
	doc.transact(() => {
		scopeRow(doc, rowId);
		const text = equalityNoteText(doc, rowId);
		if (text) boardText.replaceText(text, note);
	});
}

function assertChair(actor: Actor, what: string): void {
	if (actor.role !== 'chair') throw new schema.BoardError('chairOnly', `Only the chair can ${what}.`);
}

/** Marks (or unmarks) a service as one the law keeps with the council. Chair only. */
export function setRetainedByLaw(doc: Y.Doc, rowId: string, retained: boolean, actor: Actor): void {
	assertChair(actor, retained ? 'mark a service as kept with the council by law' : 'lift the legal hold on a service');
	doc.transact(() => {
		const row = scopeRow(doc, rowId);
		if (retained) row.set('retainedByLaw', true);
		else {
			row.delete('retainedByLaw');
			row.delete('transferOverride');
		}
	});
}

/**
 * The chair sets a service the law keeps with the council to transfer, recording who, when and why. The
 * override lasts while the decision stays transfer.
 */
export function overrideRetainedTransfer(
	doc: Y.Doc,
	rowId: string,
	input: { readonly actor: Actor; readonly reason: string; readonly at?: Date }
): TransferOverride {
	assertChair(input.actor, 'set a service the law keeps with the council to transfer');
	const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
	if (!reason) throw new schema.BoardError('reasonRequired', 'Give the reason for transferring a service the law keeps with the council.');
	if (reason.length > schema.LIMITS.overrideReason)
		throw new schema.BoardError('tooLong', `the reason is longer than ${schema.LIMITS.overrideReason} characters`);
	const override: TransferOverride = {
		byId: input.actor.id.slice(0, schema.LIMITS.personId),
		byName: input.actor.name.slice(0, schema.LIMITS.personName),
		at: (input.at ?? new Date()).toISOString(),
		reason
	};
	if (!isTransferOverride(override)) throw new schema.BoardError('invalidOverride', 'the override could not be recorded');
	doc.transact(() => {
		const row = scopeRow(doc, rowId);
		const columnId = decisionColumnId(doc);
		const options = columnId ? schema.childMap(schema.childMap(schema.roots(doc).scopeColumns, columnId) as YMap, 'options') : null;
		if (!columnId || !options?.has(schema.TRANSFER_OPTION_ID))
			throw new schema.BoardError('noTransferOption', 'the scope decision column has no "transfer" option');
		const cells = schema.childMap(row, 'cells');
		if (!cells) throw new schema.BoardError('unknownRow', 'that service has no cells');
		const before = cells.get(columnId);
		cells.set(columnId, schema.TRANSFER_OPTION_ID);
		afterDecisionChange(row, before, schema.TRANSFER_OPTION_ID);
		row.set('transferOverride', override);
	});
	return override;
}

export const DECISION_STATE_LABELS: Record<DecisionState, string> = {
	proposed: 'Proposed',
	consulted: 'Consulted on',
	agreed: 'Agreed'
};

export const CONSULTEE_LABELS: Record<Consultee, string> = {
	staff: 'Staff',
	unions: 'Trade unions',
	members: 'Elected members',
	serviceUsers: 'Service users',
	partners: 'Partners',
	safeguardingBoard: 'Safeguarding board'
};

/** Engagement came first, statutory consultation after (the order the consultees are listed in). */
export const CONSULTEE_PHASES: readonly { readonly label: string; readonly consultees: readonly Consultee[] }[] = [
	{ label: 'Engagement', consultees: ['staff', 'unions', 'members'] },
	{ label: 'Statutory consultation', consultees: ['serviceUsers', 'partners', 'safeguardingBoard'] }
];

/** The override as one line for tables and papers: why, who and when (UTC). */
export function overrideText(record: DecisionRecordView): string {
	const o = record.transferOverride;
	if (o) return `${o.reason} (${o.byName || 'the chair'}, ${o.at.slice(0, 16).replace('T', ' ')} UTC)`;
	return record.overrideMissing ? "Missing: set to transfer without the chair's override" : '';
}
