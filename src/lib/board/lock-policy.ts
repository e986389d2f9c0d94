import * as Y from 'yjs';
import * as guard from './guard.ts';
import * as locks from './locks.ts';
import type { LockTarget } from './locks.ts';
import * as schema from './schema.ts';
import type { Grid } from './schema.ts';

/**
 * The server's side of locks. After each client transaction, every change it made to a locked part of the
 * board, and any change to the locks themselves by someone other than the chair, is put back to what it was
 * before the transaction, in a follow-up transaction tagged GUARD_ORIGIN that reaches every client, the
 * sender included (like the schema guard's repairs).
 *
 * Why undo rather than refuse the update: a Yjs update cannot be split, and its sender has already applied
 * it. Refusing it whole would drop the honest, unlocked edits travelling in the same update, and leave the
 * sender holding content nobody else has (resent, and refused, on every reconnect). Undoing only the locked
 * parts keeps every client converged on the same board and keeps every unlocked edit. The cost: for a moment
 * the sender sees its own edit before the repair arrives, and a locked text is put back whole (a concurrent
 * edit of the same locked text is undone with it, which is what a lock means).
 *
 * Judged against the locks in force when the transaction began, from the document itself: the value before
 * the transaction is read from the items Yjs still holds until the transaction is cleaned up, which is after
 * this runs.
 */

export interface LockPolicyOptions {
	/** Who made a transaction: null for anything but a client's (server changes, repairs), which is left alone. */
	readonly author: (origin: unknown) => { readonly isChair: boolean } | null;
	/** After an undo: why, and the origin of the transaction undone. */
	readonly onRefused?: (reason: string, origin: unknown) => void;
	/** The chair locked (`locked`) or unlocked targets. */
	readonly onChanged?: (changes: { target: LockTarget; locked: boolean }[], origin: unknown) => void;
}

type Txn = Y.Transaction;
const createdIn = (tr: Txn, item: Y.Item) => item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
const deletedIn = (tr: Txn, item: Y.Item) => item.deleted && Y.isDeleted(tr.deleteSet, item.id);
const visibleBefore = (tr: Txn, item: Y.Item) => !createdIn(tr, item) && (!item.deleted || deletedIn(tr, item));
const valueOf = (item: Y.Item): unknown => item.content.getContent().at(-1);

/** Whether any key of the map is set: `size` builds an iterator to count them all, and this runs after every transaction. */
function anySet(map: Y.Map<unknown>): boolean {
	for (const item of map._map.values()) if (!item.deleted) return true;
	return false;
}

/** The item that held a map key before the transaction (older values of a key are linked to the left). */
function entryBefore(tr: Txn, map: Y.Map<unknown>, key: string): Y.Item | null {
	let item: Y.Item | null = map._map.get(key) ?? null;
	while (item && createdIn(tr, item)) item = item.left instanceof Y.Item ? item.left : null;
	return item && visibleBefore(tr, item) ? item : null;
}

function textBefore(tr: Txn, text: Y.Text): string {
	let out = '';
	for (let item = text._start; item; item = item.right) {
		if (visibleBefore(tr, item) && item.content instanceof Y.ContentString) out += item.content.str;
	}
	return out;
}

/** A fresh copy of a value as it was before the transaction (a deleted map or text keeps its items until cleanup). */
function copyBefore(tr: Txn, value: unknown): unknown {
	if (value instanceof Y.Text) return new Y.Text(textBefore(tr, value));
	if (value instanceof Y.Map) {
		const copy = new Y.Map<unknown>();
		for (const key of value._map.keys()) {
			const item = entryBefore(tr, value, key);
			if (item) copy.set(key, copyBefore(tr, valueOf(item)));
		}
		return copy;
	}
	return value;
}

function restoreKey(tr: Txn, map: Y.Map<unknown>, key: string): void {
	const before = entryBefore(tr, map, key);
	if (!before) {
		if (map.has(key)) map.delete(key);
		return;
	}
	if (map._map.get(key) === before && !before.deleted) return;
	map.set(key, copyBefore(tr, valueOf(before)));
}

function restoreText(tr: Txn, text: Y.Text): void {
	const before = textBefore(tr, text);
	if (text.toString() === before) return;
	text.delete(0, text.length);
	text.insert(0, before);
}

/** The root name and keys down to `type`, or null if it or an ancestor was deleted (judged at that ancestor). */
function pathOf(type: Y.AbstractType<unknown>): { root: string; keys: string[] } | null {
	const keys: string[] = [];
	let current = type;
	while (current._item) {
		if (current._item.deleted || current._item.parentSub === null) return null;
		keys.unshift(current._item.parentSub);
		current = current._item.parent as Y.AbstractType<unknown>;
	}
	return { root: Y.findRootTypeKey(current), keys };
}

/** Which lock holds this place (root and keys from it), if any. */
function lockOn(locked: Set<string>, root: string, keys: string[]): LockTarget | null {
	const hit = (target: LockTarget) => (locked.has(locks.lockKey(target)) ? target : null);
	const cellOf = (grid: Grid, rowId: string, columnId: string) =>
		hit({ kind: 'cell', grid, rowId, columnId }) ?? hit({ kind: 'column', grid, columnId });
	const [a, b, c] = keys;
	if (!a) return null;
	switch (root) {
		case schema.ROOT.scopeRows:
			return hit({ kind: 'row', grid: 'scope', rowId: a }) ?? (b === 'cells' && c ? cellOf('scope', a, c) : null);
		case schema.ROOT.scopeColumns:
			return hit({ kind: 'column', grid: 'scope', columnId: a });
		case schema.ROOT.models: {
			const row = hit({ kind: 'row', grid: 'models', rowId: a });
			if (row || !c || (b !== 'scores' && b !== 'rationales' && b !== 'evidence')) return row;
			return cellOf('models', a, b === 'evidence' ? (c.split('/')[0] ?? c) : c);
		}
		case schema.ROOT.criteria:
			return (
				hit({ kind: 'column', grid: 'models', columnId: a }) ??
				(b === 'weight' || b === 'weightPlaceholder' ? hit({ kind: 'weights' }) : null)
			);
		default:
			return null;
	}
}

export function createLockPolicy(doc: Y.Doc, options: LockPolicyOptions): { destroy(): void } {
	const lockMap = schema.roots(doc).locks;
	// A transaction's changed types are keyed by the untyped AbstractType.
	const lockMapKey = lockMap as unknown as Parameters<Txn['changed']['get']>[0];

	const onAfterTransaction = (tr: Txn) => {
		if (tr.origin === guard.GUARD_ORIGIN) return;
		const locksChanged = tr.changed.get(lockMapKey);
		if (!locksChanged && !anySet(lockMap)) return;
		const author = options.author(tr.origin);
		if (!author) return;
		// The locks in force when the transaction began.
		const locked = new Set<string>();
		for (const key of lockMap._map.keys()) if (entryBefore(tr, lockMap, key)) locked.add(key);

		// Named as people know them ("row Transport"), so the sender's notice says which part held.
		const said = (target: LockTarget) =>
			`${locks.describeLock(target, locks.lockNames(doc, target))} ${target.kind === 'weights' ? 'are' : 'is'} locked`;
		const reverts: (() => void)[] = [];
		const reasons = new Set<string>();
		const changes: { target: LockTarget; locked: boolean }[] = [];
		for (const key of locksChanged ?? []) {
			if (key === null) continue;
			const target = locks.parseLockKey(key);
			if (!author.isChair) {
				reverts.push(() => restoreKey(tr, lockMap, key));
				reasons.add('only the chair locks and unlocks');
			} else if (target && locked.has(key) !== lockMap.has(key)) {
				changes.push({ target, locked: lockMap.has(key) });
			}
		}
		tr.changed.forEach((changedKeys, type) => {
			if ((type as unknown) === lockMap) return;
			const where = pathOf(type as unknown as Y.AbstractType<unknown>);
			if (!where) return;
			if (type instanceof Y.Text) {
				const target = lockOn(locked, where.root, where.keys);
				if (!target) return;
				reverts.push(() => restoreText(tr, type));
				reasons.add(said(target));
				return;
			}
			if (!(type instanceof Y.Map)) return;
			for (const key of changedKeys) {
				if (key === null) continue;
				const target = lockOn(locked, where.root, [...where.keys, key]);
				if (!target) continue;
				reverts.push(() => restoreKey(tr, type as Y.Map<unknown>, key));
				reasons.add(said(target));
			}
		});
		if (reverts.length > 0) {
			doc.transact(() => reverts.forEach((revert) => revert()), guard.GUARD_ORIGIN);
			options.onRefused?.([...reasons].join('; '), tr.origin);
		}
		if (changes.length > 0) options.onChanged?.(changes, tr.origin);
	};

	doc.on('afterTransaction', onAfterTransaction);
	return { destroy: () => doc.off('afterTransaction', onAfterTransaction) };
}
