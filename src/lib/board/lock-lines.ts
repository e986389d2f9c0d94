import { modelName, serviceName, type DiffLine } from './diff.ts';
import * as locks from './locks.ts';
import type { Lock, LockTarget } from './locks.ts';
import type { BoardView } from './read.ts';

/**
 * The record's lines for locks set and lifted between two readings of a board ("Row locked: Transport"),
 * beside the diff's lines for content, so a cell's history, the activity feed and the changes CSV say when
 * the chair held a part still and let it go. Named from the board as it was on the side where the lock was
 * in force (a lifted lock by the board before, a new one by the board after).
 */
export function lockLines(
	before: { view: BoardView; locks: readonly Lock[] },
	after: { view: BoardView; locks: readonly Lock[] }
): DiffLine[] {
	return locks.lockChanges(before.locks, after.locks).map(({ lock, locked }) => {
		const view = locked ? after.view : before.view;
		const { row, column } = placeNames(view, lock);
		const noun = {
			row: lock.kind === 'row' && lock.grid === 'models' ? 'Model' : 'Row',
			cell: 'Cell',
			column: lock.kind === 'column' && lock.grid === 'models' ? 'Criterion' : 'Column',
			weights: 'Weights'
		}[lock.kind];
		return {
			grid: lock.kind === 'weights' || lock.grid === 'models' ? 'Delivery models' : 'Scope of services',
			change: `${noun} ${locked ? 'locked' : 'unlocked'}`,
			row,
			column,
			from: '',
			to: '',
			path: `locks/${lock.key}`
		};
	});
}

/** The names people know a lock's row and column by, from a reading of the board ("A deleted service" once gone). */
export function placeNames(view: BoardView, lock: LockTarget): { row: string; column: string } {
	if (lock.kind === 'weights') return { row: '', column: 'Every criterion’s weight' };
	const out = { row: '', column: '' };
	if ('rowId' in lock) {
		if (lock.grid === 'scope') {
			const r = view.scope.rows.find((x) => x.id === lock.rowId);
			out.row = r ? serviceName(view.scope, r) : 'A deleted service';
		} else {
			const m = view.models.rows.find((x) => x.id === lock.rowId);
			out.row = m ? modelName(m) : 'A deleted model';
		}
	}
	if ('columnId' in lock) {
		const c =
			lock.grid === 'scope'
				? view.scope.columns.find((x) => x.id === lock.columnId)
				: view.models.criteria.find((x) => x.id === lock.columnId);
		out.column = c?.name || (lock.grid === 'scope' ? 'A deleted column' : 'A deleted criterion');
	}
	return out;
}
