import * as Y from 'yjs';
import * as schema from './schema.ts';
import type { Grid, YMap } from './schema.ts';

/**
 * Locks: what the board has agreed, held still by the chair. A lock is an entry of the `locks` root map,
 * keyed by what it locks, with a plain JSON value saying who locked it and when. Only the chair may add or
 * remove one, and the collaboration server undoes any client's edit of a locked part (lock-policy.ts); the
 * grids show the lock and do not offer the edit.
 *
 * What each kind holds still:
 * - `row`: a scope row (service) or a model, every value in it, and its existence;
 * - `cell`: one scope cell, or one model's score, rationale and evidence on one criterion;
 * - `column`: a scope column or a criterion: its definition and its cells in every row;
 * - `weights`: the weight of every criterion.
 */
export type LockTarget =
	| { kind: 'row'; grid: Grid; rowId: string }
	| { kind: 'cell'; grid: Grid; rowId: string; columnId: string }
	| { kind: 'column'; grid: Grid; columnId: string }
	| { kind: 'weights' };

export interface LockRecord {
	byId: string;
	byName: string;
	/** ISO time of locking. */
	at: string;
}

export type Lock = LockTarget & LockRecord & { key: string };

/** The lock map's key for a target: one lock per target. */
export function lockKey(target: LockTarget): string {
	switch (target.kind) {
		case 'row':
			return `row:${target.grid}:${target.rowId}`;
		case 'cell':
			return `cell:${target.grid}:${target.rowId}:${target.columnId}`;
		case 'column':
			return `column:${target.grid}:${target.columnId}`;
		case 'weights':
			return 'weights';
	}
}

const GRID = /^(scope|models)$/;

/** The target a key names, or null for a key this code does not understand (ignored, never trusted). */
export function parseLockKey(key: string): LockTarget | null {
	if (key === 'weights') return { kind: 'weights' };
	const [kind, grid, a, b, ...rest] = key.split(':');
	if (rest.length > 0 || !grid || !GRID.test(grid) || !a) return null;
	const g = grid as Grid;
	if (kind === 'row' && b === undefined) return { kind: 'row', grid: g, rowId: a };
	if (kind === 'column' && b === undefined) return { kind: 'column', grid: g, columnId: a };
	if (kind === 'cell' && b) return { kind: 'cell', grid: g, rowId: a, columnId: b };
	return null;
}

function record(value: unknown): LockRecord | null {
	if (typeof value !== 'object' || value === null) return null;
	const { byId, byName, at } = value as Record<string, unknown>;
	if (typeof byId !== 'string' || typeof byName !== 'string' || typeof at !== 'string') return null;
	return { byId, byName, at };
}

/** Every lock on the board, oldest first. */
export function listLocks(doc: Y.Doc): Lock[] {
	const out: Lock[] = [];
	schema.roots(doc).locks.forEach((value, key) => {
		const target = parseLockKey(key);
		const rec = record(value);
		if (target && rec) out.push({ ...target, ...rec, key });
	});
	return out.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
}

/** The set of lock keys in force (cheap membership tests for the grids and the server). */
export function lockedKeys(doc: Y.Doc): Set<string> {
	const keys = new Set<string>();
	schema.roots(doc).locks.forEach((value, key) => {
		if (parseLockKey(key) && record(value)) keys.add(key);
	});
	return keys;
}

/** Whether a cell is locked, by itself, its row or its column (and for weights, the weights lock). */
export function cellLocked(keys: Set<string>, grid: Grid, rowId: string, columnId: string): boolean {
	return (
		keys.has(lockKey({ kind: 'cell', grid, rowId, columnId })) ||
		keys.has(lockKey({ kind: 'row', grid, rowId })) ||
		keys.has(lockKey({ kind: 'column', grid, columnId }))
	);
}

/** Locks a target (the chair only: the server undoes anyone else's change). */
export function lock(doc: Y.Doc, target: LockTarget, by: { id: string; name: string }, now = new Date()): void {
	schema.roots(doc).locks.set(lockKey(target), { byId: by.id, byName: by.name, at: now.toISOString() });
}

export function unlock(doc: Y.Doc, target: LockTarget): void {
	schema.roots(doc).locks.delete(lockKey(target));
}

/** A short description for people: "row Transport", "cell Budget of Transport", "the weights". */
export function describeLock(target: LockTarget, names: { row?: string; column?: string } = {}): string {
	const row = names.row ?? ('rowId' in target ? target.rowId : '');
	const column = names.column ?? ('columnId' in target ? target.columnId : '');
	const thing =
		target.kind !== 'weights' && target.grid === 'models' ? { row: 'model', column: 'criterion' } : { row: 'row', column: 'column' };
	switch (target.kind) {
		case 'row':
			return `${thing.row} ${row}`;
		case 'cell':
			return `${column} of ${row}`;
		case 'column':
			return `${thing.column} ${column}`;
		case 'weights':
			return 'the weights';
	}
}

function nameIn(map: YMap, id: string, key = 'name'): string | undefined {
	const value = schema.childMap(map, id)?.get(key);
	return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : undefined;
}

/** The names people know a lock's row and column by, read from the board. */
export function lockNames(doc: Y.Doc, target: LockTarget): { row?: string; column?: string } {
	if (target.kind === 'weights') return {};
	const r = schema.roots(doc);
	const names: { row?: string; column?: string } = {};
	if ('columnId' in target) {
		names.column = target.grid === 'models' ? nameIn(r.criteria, target.columnId) : nameIn(r.scopeColumns, target.columnId);
	}
	if ('rowId' in target) {
		if (target.grid === 'models') names.row = nameIn(r.models, target.rowId);
		else {
			let service: string | undefined;
			r.scopeColumns.forEach((column, id) => {
				if (!service && column instanceof Y.Map && column.get('role') === 'service') service = id;
			});
			const cell = service ? schema.childMap(r.scopeRows, target.rowId)?.get('cells') : undefined;
			const value = cell instanceof Y.Map && service ? cell.get(service) : undefined;
			if (typeof value === 'string' && value) names.row = value;
		}
	}
	return names;
}

/** The locks in force by key, for finding which one holds a place. */
export function byKey(list: readonly Lock[]): Map<string, Lock> {
	return new Map(list.map((l) => [l.key, l]));
}

/** The lock holding a cell: its own, else its row's, else its column's (the most specific says most); null if none. */
export function lockOnCell(index: ReadonlyMap<string, Lock>, grid: Grid, rowId: string, columnId: string): Lock | null {
	return (
		index.get(lockKey({ kind: 'cell', grid, rowId, columnId })) ??
		index.get(lockKey({ kind: 'row', grid, rowId })) ??
		index.get(lockKey({ kind: 'column', grid, columnId })) ??
		null
	);
}

/** Whether a lock holds a cell still (a cell's history shows the lock lines that concern it). */
export function covers(target: LockTarget, grid: Grid, rowId: string, columnId: string): boolean {
	if (target.kind === 'weights' || target.grid !== grid) return false;
	if (target.kind === 'row') return target.rowId === rowId;
	if (target.kind === 'column') return target.columnId === columnId;
	return target.rowId === rowId && target.columnId === columnId;
}

/** Locks added and lifted between two readings of the board, in key order (a lifted lock keeps who had set it). */
export function lockChanges(before: readonly Lock[], after: readonly Lock[]): { lock: Lock; locked: boolean }[] {
	const was = byKey(before);
	const now = byKey(after);
	const out: { lock: Lock; locked: boolean }[] = [];
	for (const [key, l] of now) if (!was.has(key)) out.push({ lock: l, locked: true });
	for (const [key, l] of was) if (!now.has(key)) out.push({ lock: l, locked: false });
	return out.sort((a, b) => a.lock.key.localeCompare(b.lock.key));
}

/** Why a locked place cannot be changed, said to the person who tried: the chair is told to unlock it first. */
export function refusal(l: Lock, names: { row?: string; column?: string }, isChair: boolean): string {
	const what = describeLock(l, names);
	const by = l.byName ? ` by ${l.byName}` : '';
	const [is, it, them] = l.kind === 'weights' ? ['are', 'they', 'them'] : ['is', 'it', 'it'];
	const next = isChair ? `: unlock ${them} first` : ` unless the chair unlocks ${them}`;
	return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${is} locked${by}, so ${it} cannot be changed${next}.`;
}
