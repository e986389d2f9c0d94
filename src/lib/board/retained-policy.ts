import * as Y from 'yjs';
import * as decisions from './decisions.ts';
import * as guard from './guard.ts';
import * as schema from './schema.ts';
import type { YMap } from './schema.ts';

/**
 * The server's side of "the law keeps this service with the council". The board model refuses these edits in
 * the browser; this undoes them when a modified client sends them anyway. Only the chair may mark a service as
 * kept by law, lift the mark, or record an override; anyone else's transaction that does, or that leaves a
 * service kept by law set to transfer without an override, is reverted key by key to what it was before, in a
 * follow-up transaction tagged GUARD_ORIGIN (so it reaches every client like the schema guard's repairs).
 *
 * Judged from the transaction's own events, which carry each key's previous value, so the revert restores the
 * chair's decision rather than guessing one. A whole row added or replaced by someone else is held to the same
 * rule. Deleting a service is ordinary editing and not judged here.
 */

export interface RetainedPolicyOptions {
	/** Whether a transaction with this origin comes from someone other than the chair (a member's connection). */
	readonly restricted: (origin: unknown) => boolean;
	/** Called after a revert, with why, and the origin of the offending transaction. */
	readonly onRefused?: (reason: string, origin: unknown) => void;
}

type Previous = { readonly had: boolean; readonly value: unknown };

/** What one transaction did to one row, as far as the rule cares. */
interface RowChange {
	retainedByLaw?: Previous;
	transferOverride?: Previous;
	decision?: Previous;
	/** The row itself was added or replaced in this transaction. */
	replaced?: YMap | null;
}

function previous(change: { action: 'add' | 'update' | 'delete'; oldValue: unknown }): Previous {
	return change.action === 'add' ? { had: false, value: undefined } : { had: true, value: change.oldValue };
}

function restore(map: YMap, key: string, before: Previous): void {
	if (before.had && !(before.value instanceof Y.AbstractType)) map.set(key, before.value);
	else map.delete(key);
}

export function createRetainedPolicy(doc: Y.Doc, options: RetainedPolicyOptions): { destroy(): void } {
	const rows = schema.roots(doc).scopeRows;

	const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
		if (transaction.origin === guard.GUARD_ORIGIN || !options.restricted(transaction.origin)) return;
		const decisionColumn = decisions.decisionColumnId(doc);
		const changes = new Map<string, RowChange>();
		const changeOf = (rowId: string) => changes.get(rowId) ?? changes.set(rowId, {}).get(rowId)!;
		for (const event of events) {
			const path = event.path;
			const keys = event.changes.keys;
			if (path.length === 0) {
				for (const [rowId, change] of keys) {
					if (change.action === 'delete') continue;
					const replaced = change.action === 'update' && change.oldValue instanceof Y.Map ? (change.oldValue as YMap) : null;
					changeOf(rowId).replaced = replaced;
				}
			} else if (path.length === 1 && typeof path[0] === 'string') {
				const change = changeOf(path[0]);
				const retained = keys.get('retainedByLaw');
				const override = keys.get('transferOverride');
				if (retained) change.retainedByLaw = previous(retained);
				if (override) change.transferOverride = previous(override);
			} else if (path.length === 2 && path[1] === 'cells' && typeof path[0] === 'string' && decisionColumn) {
				const decision = keys.get(decisionColumn);
				if (decision) changeOf(path[0]).decision = previous(decision);
			}
		}
		const reverts: (() => void)[] = [];
		const reasons: string[] = [];
		for (const [rowId, change] of changes) {
			const row = schema.childMap(rows, rowId);
			if (!row) continue;
			judgeRow(row, change, decisionColumn, reverts, reasons);
		}
		if (reverts.length === 0) return;
		doc.transact(() => reverts.forEach((revert) => revert()), guard.GUARD_ORIGIN);
		options.onRefused?.(reasons.join('; '), transaction.origin);
	};

	rows.observeDeep(observer);
	return { destroy: () => rows.unobserveDeep(observer) };
}

/**
 * A key of a map this very transaction replaced: `get` reads nothing from a deleted map, but its entries keep
 * their content until the transaction is cleaned up, which is after the observers run.
 */
function replacedValue(map: YMap | null, key: string): unknown {
	const item = map?._map.get(key);
	return item ? item.content.getContent().at(-1) : undefined;
}

function judgeRow(row: YMap, change: RowChange, decisionColumn: string | null, reverts: (() => void)[], reasons: string[]): void {
	const cells = schema.childMap(row, 'cells');
	if (change.replaced !== undefined) {
		// A new or replaced row: it may carry the old row's mark (if any), never a mark or override of its own.
		const wasRetained = replacedValue(change.replaced, 'retainedByLaw') === true;
		const oldOverride = replacedValue(change.replaced, 'transferOverride');
		if ((row.get('retainedByLaw') === true) !== wasRetained) {
			reverts.push(() => (wasRetained ? row.set('retainedByLaw', true) : row.delete('retainedByLaw')));
			reasons.push('only the chair marks a service as kept with the council by law');
		}
		if (row.has('transferOverride') && row.get('transferOverride') !== oldOverride) {
			reverts.push(() => restore(row, 'transferOverride', { had: oldOverride !== undefined, value: oldOverride }));
			reasons.push('only the chair records an override');
		}
		const decision = decisionColumn ? cells?.get(decisionColumn) : undefined;
		if (!wasRetained || decision !== schema.TRANSFER_OPTION_ID) return;
		if (decisions.isTransferOverride(oldOverride)) {
			// The chair's transfer stands; the copy just keeps its override.
			if (!row.has('transferOverride')) {
				reverts.push(() => row.set('transferOverride', oldOverride));
				reasons.push("the chair's override stays while the service is set to transfer");
			}
		} else if (cells && decisionColumn) {
			reverts.push(() => cells.delete(decisionColumn));
			reasons.push('a service kept with the council by law cannot be set to transfer without the chair');
		}
		return;
	}
	let retained = row.get('retainedByLaw') === true;
	let override = row.get('transferOverride');
	if (change.retainedByLaw) {
		const before = change.retainedByLaw;
		reverts.push(() => restore(row, 'retainedByLaw', before));
		reasons.push('only the chair marks a service as kept with the council by law, or lifts the mark');
		retained = before.had && before.value === true;
	}
	// Removing an override is allowed (it only tightens the rule); adding or changing one is the chair's.
	if (change.transferOverride && row.has('transferOverride')) {
		const before = change.transferOverride;
		reverts.push(() => restore(row, 'transferOverride', before));
		reasons.push('only the chair records an override');
		override = before.had ? before.value : undefined;
	}
	const decision = decisionColumn ? cells?.get(decisionColumn) : undefined;
	if (!retained || decision !== schema.TRANSFER_OPTION_ID || decisions.isTransferOverride(override)) return;
	if (change.decision && cells && decisionColumn) {
		const before = change.decision;
		reverts.push(() => restore(cells, decisionColumn, before));
		reasons.push('a service kept with the council by law cannot be set to transfer without the chair');
	} else if (change.transferOverride) {
		const before = change.transferOverride;
		reverts.push(() => restore(row, 'transferOverride', before));
		reasons.push("the chair's override stays while the service is set to transfer");
	}
}
