import * as scores from '$lib/board/scores';
import * as paste from '$lib/board/paste';
import type { Scale } from '$lib/board/criteria';
import type { PasteResult } from '$lib/board/paste';
import type { ModelView } from '$lib/board/read';
import type { CellRef } from '$lib/grid/selection';
import type { Workspace } from '$lib/workspace/workspace.svelte';

/** Delete on a selection: only scores are cleared; names and statuses are not blanked by a sweep. */
export function clearScores(ws: Workspace, cells: CellRef[][], isCriterion: (colId: string) => boolean): void {
	const open = ws.locks.openCells(
		'models',
		cells.flat().filter((c) => isCriterion(c.colId))
	);
	if (open.length === 0) return;
	ws.write(() => {
		for (const c of open) scores.setScore(ws.doc, c.rowId, c.colId, null);
	});
}

/** Pastes a block from a spreadsheet in the rows and columns as shown, and says what was written. */
export function pasteScores(
	ws: Workspace,
	anchor: CellRef,
	block: string[][],
	shown: { rowIds: string[]; columnIds: string[] }
): PasteResult | undefined {
	const result = ws.write(() =>
		paste.pasteBlock(ws.doc, 'models', anchor.rowId, anchor.colId, block, {
			...shown,
			members: ws.memberRefs,
			locked: ws.locks.pasteBlocker('models')
		})
	);
	if (!result) return undefined;
	const skipped = result.skipped.length
		? `; ${result.skipped.length} skipped (${result.skipped[0]?.reason}${result.skipped.length > 1 ? ', …' : ''})`
		: '';
	ws.announce(`Pasted ${result.written} cells${skipped}.`, result.skipped.length ? 'error' : 'info');
	return result;
}

/** A typed score: blank clears it; anything but a whole number on the scale is refused with the reason. */
export function commitScore(ws: Workspace, model: ModelView, criterionId: string, text: string, scale: Scale): string | null {
	const t = text.trim();
	if (t === '') {
		ws.write(() => scores.setScore(ws.doc, model.id, criterionId, null));
		return null;
	}
	const n = Number(t);
	if (!Number.isInteger(n) || n < scale.min || n > scale.max) return `Score a whole number from ${scale.min} to ${scale.max}.`;
	if (model.cells[criterionId]?.score !== n) ws.write(() => scores.setScore(ws.doc, model.id, criterionId, n));
	return null;
}
