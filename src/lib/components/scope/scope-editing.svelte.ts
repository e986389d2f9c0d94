import * as paste from '$lib/board/paste';
import * as scope from '$lib/board/scope';
import * as values from '$lib/board/values';
import type { PasteResult } from '$lib/board/paste';
import type { RowCommand } from '$lib/components/grid';
import type { CellRef } from '$lib/grid/selection';
import { stepWidth } from '$lib/workspace/view-state';
import type { Workspace } from '$lib/workspace/workspace.svelte';
import type { ColumnDraft } from './column-dialog.svelte';
import type { ColumnCommand } from './column-menu.svelte';

interface ColumnDialogState {
	mode: 'add' | 'rename' | 'retype';
	colId: string | null;
	at: number;
	open: boolean;
}

interface PendingDelete {
	kind: 'row' | 'column';
	id: string;
	open: boolean;
}

/** Column commands that change the column itself (sorting and widths are only my view). */
const CHANGES_COLUMN: ReadonlySet<ColumnCommand['type']> = new Set(['rename', 'retype', 'options', 'move', 'delete']);

/** What the grid shows right now: the rows and columns in screen order (a paste follows them) and each column's width. */
export interface ShownGrid {
	readonly rowIds: () => string[];
	readonly columnIds: () => string[];
	readonly columnWidth: (columnId: string) => number | undefined;
}

/**
 * The scope grid's commands from its column and row menus, its toolbar and its keyboard (clear, paste, tick a
 * checkbox), and the dialogs they open: shared by the grid and its dialogs, so a menu opens the dialog and the
 * dialog's save knows what for.
 */
export class ScopeEditing {
	columnDialog = $state<ColumnDialogState>({ mode: 'add', colId: null, at: 0, open: false });
	optionsFor = $state<{ colId: string; open: boolean } | null>(null);
	confirmDelete = $state<PendingDelete | null>(null);

	readonly #ws: Workspace;
	readonly #shown: ShownGrid;

	constructor(ws: Workspace, shown: ShownGrid) {
		this.#ws = ws;
		this.#shown = shown;
	}

	get #scope() {
		return this.#ws.board.view.scope;
	}

	#row(rowId: string) {
		return this.#scope.rows.find((r) => r.id === rowId);
	}

	#column(colId: string) {
		return this.#scope.columns.find((c) => c.id === colId);
	}

	#failed(): string {
		return this.#ws.message?.text ?? 'That did not work.';
	}

	/** A cell as text, for copying. */
	textOf(cell: CellRef): string {
		const column = this.#column(cell.colId);
		const value = this.#row(cell.rowId)?.cells[cell.colId];
		return column && value !== undefined
			? values.cellToText(column.type, value, { options: column.options, members: this.#ws.memberRefs })
			: '';
	}

	clear(cells: CellRef[][]): void {
		const ws = this.#ws;
		const open = ws.locks.openCells('scope', cells.flat());
		if (open.length === 0) return;
		ws.write(() => {
			for (const c of open) scope.setCell(ws.doc, c.rowId, c.colId, null);
		});
	}

	paste(anchor: CellRef, block: string[][]): PasteResult | undefined {
		const ws = this.#ws;
		const result = ws.write(() =>
			paste.pasteBlock(ws.doc, 'scope', anchor.rowId, anchor.colId, block, {
				rowIds: this.#shown.rowIds(),
				columnIds: this.#shown.columnIds(),
				members: ws.memberRefs,
				locked: ws.locks.pasteBlocker('scope')
			})
		);
		if (!result) return undefined;
		const added = result.rowsAdded.length ? `, ${result.rowsAdded.length} services added` : '';
		const skipped = result.skipped.length
			? `; ${result.skipped.length} skipped (${result.skipped[0]?.reason}${result.skipped.length > 1 ? ', …' : ''})`
			: '';
		ws.announce(`Pasted ${result.written} cells${added}${skipped}.`, result.skipped.length ? 'error' : 'info');
		return result;
	}

	/** Space or a click on a checkbox cell ticks it; other cells open their editor instead. */
	activate(cell: CellRef): boolean {
		const ws = this.#ws;
		if (this.#column(cell.colId)?.type !== 'checkbox') return false;
		const now = this.#row(cell.rowId)?.cells[cell.colId] === true;
		ws.write(() => scope.setCell(ws.doc, cell.rowId, cell.colId, !now));
		return true;
	}

	columnCommand(colId: string, command: ColumnCommand): void {
		const ws = this.#ws;
		const index = this.#scope.columns.findIndex((c) => c.id === colId);
		const column = { kind: 'column', grid: 'scope', columnId: colId } as const;
		// Changing a locked column's definition or place is refused here with the reason, before the server would undo it.
		if (CHANGES_COLUMN.has(command.type) && ws.locks.blocksTarget(column)) return;
		switch (command.type) {
			case 'lock':
				ws.locks.set(column, command.on);
				break;
			case 'sort':
				ws.view.updateScope({ sort: command.direction ? { colId, direction: command.direction } : null });
				break;
			case 'width': {
				const width = this.#shown.columnWidth(colId);
				if (width !== undefined) ws.view.setWidth(colId, command.change === null ? null : stepWidth(width, command.change));
				break;
			}
			case 'rename':
			case 'retype':
				this.columnDialog = { mode: command.type, colId, at: index, open: true };
				break;
			case 'insert':
				this.columnDialog = { mode: 'add', colId: null, at: command.side === 'left' ? index : index + 1, open: true };
				break;
			case 'options':
				this.optionsFor = { colId, open: true };
				break;
			case 'move':
				ws.write(() => scope.moveColumn(ws.doc, colId, index + command.by));
				break;
			case 'delete':
				this.confirmDelete = { kind: 'column', id: colId, open: true };
				break;
		}
	}

	rowCommand(rowId: string, command: RowCommand): void {
		const ws = this.#ws;
		const index = this.#scope.rows.findIndex((r) => r.id === rowId);
		const row = { kind: 'row', grid: 'scope', rowId } as const;
		if ((command.type === 'move' || command.type === 'delete') && ws.locks.blocksTarget(row)) return;
		switch (command.type) {
			case 'lock':
				ws.locks.set(row, command.on);
				break;
			case 'comment':
				ws.rowComments = { grid: 'scope', rowId, colId: null };
				ws.view.setPanelOpen(true);
				break;
			case 'insert':
				this.addRow(command.side === 'above' ? index : index + 1, rowId);
				break;
			case 'move':
				ws.write(() => scope.moveRow(ws.doc, rowId, index + command.by));
				break;
			case 'delete':
				this.confirmDelete = { kind: 'row', id: rowId, open: true };
				break;
		}
	}

	/** A new service lands in the same area as the one it was inserted next to, so it appears where I clicked. */
	addRow(at?: number, nextTo?: string): void {
		const ws = this.#ws;
		const area = this.#scope.columns.find((c) => c.role === 'area' && c.type === 'select');
		const areaValue = nextTo && area ? this.#row(nextTo)?.cells[area.id] : undefined;
		const id = ws.write(() => scope.addRow(ws.doc, { values: area && typeof areaValue === 'string' ? { [area.id]: areaValue } : {} }, at));
		const first = this.#scope.columns[0];
		if (id && first)
			ws.selections.scope = { anchor: { rowId: id, colId: first.id }, focus: { rowId: id, colId: first.id }, at: { row: 0, col: 0 } };
	}

	addColumn(): void {
		this.columnDialog = { mode: 'add', colId: null, at: this.#scope.columns.length, open: true };
	}

	saveColumn(draft: ColumnDraft): string | null {
		const ws = this.#ws;
		const { mode, colId, at } = this.columnDialog;
		let ok: unknown;
		if (mode === 'add') ok = ws.write(() => scope.addColumn(ws.doc, { name: draft.name, type: draft.type, unit: draft.unit }, at));
		else if (mode === 'rename' && colId) ok = ws.write(() => (scope.renameColumn(ws.doc, colId, draft.name), true));
		else if (colId) {
			const result = ws.write(() => scope.retypeColumn(ws.doc, colId, draft.type, { unit: draft.unit, members: ws.memberRefs }));
			if (result?.cleared)
				ws.announce(`${result.cleared} values did not fit the new type and were cleared. Undo brings them back.`, 'error');
			ok = result;
		}
		return ok === undefined ? this.#failed() : null;
	}

	confirmDeletion(): string | null {
		const ws = this.#ws;
		if (!this.confirmDelete) return null;
		const { kind, id } = this.confirmDelete;
		ws.write(() => (kind === 'row' ? scope.deleteRow(ws.doc, id) : scope.deleteColumn(ws.doc, id)));
		return null;
	}

	/** The name the delete confirmation quotes: the column's, or the service's. */
	/** The row or column the delete dialog is about, named as a member finds it: by name, or by its row number. */
	get deleteTarget(): string {
		const pending = this.confirmDelete;
		if (!pending) return '';
		if (pending.kind === 'column') return `the column “${this.#column(pending.id)?.name ?? ''}”`;
		const service = this.#scope.columns.find((c) => c.role === 'service');
		const name = service ? this.#row(pending.id)?.cells[service.id] : undefined;
		if (typeof name === 'string' && name) return `the service “${name}”`;
		return `the unnamed service in row ${this.#shown.rowIds().indexOf(pending.id) + 1}`;
	}
}
