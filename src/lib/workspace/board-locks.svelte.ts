import type * as Y from 'yjs';
import * as locks from '$lib/board/locks';
import * as schema from '$lib/board/schema';
import { placeNames } from '$lib/board/lock-lines';
import type { Lock, LockTarget } from '$lib/board/locks';
import type { BoardView } from '$lib/board/read';
import type { Grid } from '$lib/board/schema';
import type { CellRef } from '$lib/grid/selection';

export interface BoardLocksDeps {
	readonly doc: Y.Doc;
	readonly view: () => BoardView;
	readonly user: () => { id: string; name: string };
	/** Whether I chair the board and may write: only then are lock commands offered. */
	readonly isChair: () => boolean;
	readonly announce: (text: string, tone: 'info' | 'error') => void;
}

/**
 * What the chair has locked, as the grids, menus and the locks list read it, and the chair's lock commands.
 * The collaboration server is what enforces a lock; this only keeps people from trying, and says why.
 * Locking is not one of my undo steps (undo would silently unlock an agreed part).
 */
export class BoardLocks {
	list = $state.raw<readonly Lock[]>([]);
	index = $state.raw<ReadonlyMap<string, Lock>>(locks.byKey([]));
	readonly #deps: BoardLocksDeps;
	readonly #map: schema.YMap;
	readonly #read = () => {
		this.list = locks.listLocks(this.#deps.doc);
		this.index = locks.byKey(this.list);
	};

	constructor(deps: BoardLocksDeps) {
		this.#deps = deps;
		this.#map = schema.roots(deps.doc).locks;
		this.#read();
		this.#map.observe(this.#read);
	}

	get canLock(): boolean {
		return this.#deps.isChair();
	}

	/** The lock holding a cell (its own, its row's or its column's), or null. */
	onCell(grid: Grid, rowId: string, colId: string): Lock | null {
		// Every visible cell asks, on every render of it: most boards have no locks, and then three keys a cell
		// need not be built. Reading the index still subscribes the cell to the first lock.
		if (this.index.size === 0) return null;
		return locks.lockOnCell(this.index, grid, rowId, colId);
	}

	/** The lock on exactly this target (not one holding it from a row or column), or null. */
	get(target: LockTarget): Lock | null {
		return this.index.get(locks.lockKey(target)) ?? null;
	}

	/** "row Transport", "Budget of Transport", "the weights". */
	describe(target: LockTarget): string {
		return locks.describeLock(target, placeNames(this.#deps.view(), target));
	}

	/** Short text for a locked cell's mark and tooltip. */
	markText(lock: Lock): string {
		return `Locked by ${lock.byName || 'the chair'}`;
	}

	/** Why a locked place cannot be changed, naming who locked it (a dialog shows it beside the held field). */
	reason(lock: Lock): string {
		return locks.refusal(lock, placeNames(this.#deps.view(), lock), this.canLock);
	}

	/** Says why a locked place cannot be changed. */
	refuse(lock: Lock): void {
		this.#deps.announce(this.reason(lock), 'error');
	}

	/**
	 * The cells of a sweep (Delete on a selection) that are open; if some are locked, says so (all locked: why).
	 */
	openCells(grid: Grid, cells: readonly CellRef[]): CellRef[] {
		const open = cells.filter((c) => !this.onCell(grid, c.rowId, c.colId));
		const first = cells.find((c) => this.onCell(grid, c.rowId, c.colId));
		const lock = first && this.onCell(grid, first.rowId, first.colId);
		if (lock && open.length === 0) this.refuse(lock);
		else if (lock) {
			const n = cells.length - open.length;
			this.#deps.announce(
				`${n} locked ${n === 1 ? 'cell was' : 'cells were'} left as ${n === 1 ? 'it was' : 'they were'}; the rest were cleared.`,
				'error'
			);
		}
		return open;
	}

	/** Why a cell cannot be pasted into, or null (a paste skips locked cells and marks them). */
	pasteBlocker(grid: Grid): (rowId: string, colId: string) => string | null {
		return (rowId, colId) => {
			const lock = this.onCell(grid, rowId, colId);
			return lock ? this.markText(lock).toLowerCase() : null;
		};
	}

	/** Before a change to a whole row, column or the weights: true (having said why) when it is locked. */
	blocksTarget(target: LockTarget): boolean {
		const lock = this.index.get(locks.lockKey(target));
		if (lock) this.refuse(lock);
		return lock !== undefined;
	}

	/** The chair locks or unlocks a part of the board, and hears it done (everyone else gets the server's notice). */
	set(target: LockTarget, on: boolean): void {
		if (!this.canLock) return;
		const { doc } = this.#deps;
		doc.transact(() => (on ? locks.lock(doc, target, this.#deps.user()) : locks.unlock(doc, target)));
		const what = this.describe(target);
		this.#deps.announce(`${on ? 'Locked' : 'Unlocked'} ${what}.`, 'info');
	}

	destroy(): void {
		this.#map.unobserve(this.#read);
	}
}
