import * as Y from 'yjs';
import * as schema from './schema.ts';
import * as validate from './validate.ts';
import type { Violation } from './validate.ts';

/**
 * The server's schema guard. The collab server applies every client's update
 * to the room document; the guard then looks at what that transaction changed
 * (never the whole board: a keystroke touches one Y.Text) and, if anything
 * breaks the schema, neutralises it in a follow-up transaction tagged with
 * GUARD_ORIGIN. That follow-up is an ordinary update, so it reaches every
 * client, and the board converges to the repaired state everywhere.
 *
 * Run it only on documents at CURRENT_SCHEMA_VERSION (migrate first): on a
 * newer document it would strip keys it does not know.
 */

export const GUARD_ORIGIN: unique symbol = Symbol('trustboard-guard');

export interface BoardGuardOptions {
	/** Called after each repair with what was wrong and what was done, and the origin of the offending transaction. */
	readonly onViolation?: (violations: Violation[], origin: unknown) => void;
}

export interface BoardGuard {
	readonly origin: typeof GUARD_ORIGIN;
	destroy(): void;
}

/** A type a transaction changed, as Yjs declares it. */
type ChangedType = Y.Transaction['changed'] extends Map<infer T, unknown> ? T : never;

/** Keys from the root type down to `type`, or null if it or an ancestor is deleted. */
function pathOf(type: ChangedType): { root: string; keys: string[] } | null {
	const keys: string[] = [];
	let current = type;
	while (current._item !== null) {
		const item = current._item;
		if (item.deleted || item.parentSub === null || !(item.parent instanceof Y.AbstractType)) return null;
		keys.unshift(item.parentSub);
		current = item.parent;
	}
	return { root: Y.findRootTypeKey(current), keys };
}

type Target = { key: string; run: (c: validate.Checker) => void };

/**
 * Map one changed type (and the keys changed on it) to the rule entries to
 * re-check. Deeper changes are checked at the level whose rule covers them:
 * e.g. a keystroke in a rationale re-checks just that rationale.
 */
function targetsFor(root: string, path: string[], changedKeys: Set<string | null>): Target[] {
	const keys = Array.from(changedKeys).filter((k): k is string => k !== null);
	const [a, b, c] = path;
	const t = (key: string, run: (ch: validate.Checker) => void): Target => ({ key, run });
	switch (root) {
		case schema.ROOT.meta:
			if (a === undefined) return keys.map((k) => t(`meta/${k}`, (ch) => ch.metaKey(k)));
			return [t(`meta/${a}`, (ch) => ch.metaKey(a))];
		case schema.ROOT.scopeColumns:
			if (a === undefined) return keys.map((k) => t(`col/${k}`, (ch) => ch.column(k)));
			if (b === undefined) return keys.map((k) => t(`col/${a}/${k}`, (ch) => ch.column(a, [k])));
			if (b === 'options') {
				if (c === undefined) return keys.map((k) => t(`col/${a}/opt/${k}`, (ch) => ch.option(a, k)));
				return [t(`col/${a}/opt/${c}`, (ch) => ch.option(a, c))];
			}
			return [t(`col/${a}/${b}`, (ch) => ch.column(a, [b]))];
		case schema.ROOT.scopeRows:
			if (a === undefined) return keys.map((k) => t(`row/${k}`, (ch) => ch.scopeRow(k)));
			if (b === undefined) return keys.map((k) => t(`row/${a}/${k}`, (ch) => ch.scopeRow(a, [k])));
			if (b === 'cells') {
				if (c === undefined) return keys.map((k) => t(`row/${a}/cell/${k}`, (ch) => ch.cell(a, k)));
				return [t(`row/${a}/cell/${c}`, (ch) => ch.cell(a, c))];
			}
			return [t(`row/${a}/${b}`, (ch) => ch.scopeRow(a, [b]))];
		case schema.ROOT.criterionGroups:
			return (a === undefined ? keys : [a]).map((k) => t(`group/${k}`, (ch) => ch.group(k)));
		case schema.ROOT.criteria:
			return (a === undefined ? keys : [a]).map((k) => t(`crit/${k}`, (ch) => ch.criterion(k)));
		case schema.ROOT.models:
			if (a === undefined) return keys.map((k) => t(`model/${k}`, (ch) => ch.model(k)));
			if (b === undefined) return keys.map((k) => t(`model/${a}/${k}`, (ch) => ch.model(a, [k])));
			if (b === 'scores' || b === 'rationales' || b === 'evidence') {
				if (c === undefined) return keys.map((k) => t(`model/${a}/${b}/${k}`, (ch) => ch.modelCell(a, b, k)));
				return [t(`model/${a}/${b}/${c}`, (ch) => ch.modelCell(a, b, c))];
			}
			return [t(`model/${a}/${b}`, (ch) => ch.model(a, [b]))];
		case schema.ROOT.comments:
			return (a === undefined ? keys : [a]).map((k) => t(`comment/${k}`, (ch) => ch.comment(k)));
		case schema.ROOT.locks:
			// A lock's value is plain JSON, so only the root map itself changes.
			return keys.map((k) => t(`lock/${k}`, (ch) => ch.lock(k)));
		default:
			return [t(`unknown/${root}`, () => undefined)];
	}
}

function targetsOf(transaction: Y.Transaction, into = new Map<string, Target>()): Map<string, Target> {
	transaction.changed.forEach((changedKeys, type) => {
		const where = pathOf(type);
		if (!where) return;
		for (const target of targetsFor(where.root, where.keys, changedKeys)) into.set(target.key, target);
	});
	return into;
}

function runTargets(doc: Y.Doc, targets: Map<string, Target>, roots?: schema.Roots): validate.Checker {
	const checker = new validate.Checker(doc, roots);
	if (targets.size === 1) {
		for (const target of targets.values()) target.run(checker);
		return checker;
	}
	for (const [key, target] of targets) {
		// A deep check of an entry already covers its keys and cells.
		const parts = key.split('/');
		let covered = false;
		for (let i = 2; i < parts.length && !covered; i++) covered = targets.has(parts.slice(0, i).join('/'));
		if (!covered) target.run(checker);
	}
	return checker;
}

export function checkTransaction(doc: Y.Doc, transaction: Y.Transaction): validate.Checker {
	return runTargets(doc, targetsOf(transaction));
}

/**
 * Whether the document holds insertions still waiting for what they build on. Yjs applies such an update's
 * deletions at once but holds back its insertions, so a rename can look like a missing name until the rest
 * arrives: judging the board then would "repair" a value that is about to appear. (Waiting deletions leave no
 * such gap, and must not hold the guard back: anyone could send one that never completes.)
 */
function waitingForDependencies(doc: Y.Doc): boolean {
	return doc.store.pendingStructs !== null;
}

export function createBoardGuard(doc: Y.Doc, options: BoardGuardOptions = {}): BoardGuard {
	// What changed while updates were incomplete, checked once they are whole.
	let deferred = new Map<string, Target>();
	let deferredOrigin: unknown = null;
	const roots = schema.roots(doc);
	const onAfterTransaction = (transaction: Y.Transaction) => {
		if (transaction.origin === GUARD_ORIGIN) return;
		if (transaction.changed.size === 0 && deferred.size === 0) return;
		targetsOf(transaction, deferred);
		deferredOrigin = transaction.origin;
		if (waitingForDependencies(doc)) return;
		const targets = deferred;
		const origin = deferredOrigin;
		deferred = new Map();
		deferredOrigin = null;
		if (targets.size === 0) return;
		const checker = runTargets(doc, targets, roots);
		if (checker.findings.length === 0) return;
		// Transacting from afterTransaction is safe in Yjs: the repair runs as its
		// own transaction right after this one, and emits its own update.
		const violations = validate.applyFindings(doc, checker.findings, GUARD_ORIGIN);
		options.onViolation?.(violations, origin);
	};
	doc.on('afterTransaction', onAfterTransaction);
	return {
		origin: GUARD_ORIGIN,
		destroy: () => doc.off('afterTransaction', onAfterTransaction)
	};
}
