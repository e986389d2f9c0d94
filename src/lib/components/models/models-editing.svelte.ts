import * as grid from '$lib/board/grid';
import * as criteria from '$lib/board/criteria';
import * as models from '$lib/board/models';
import * as schema from '$lib/board/schema';
import type { ModelStatus } from '$lib/board/schema';
import type { RowCommand } from '$lib/components/grid';
import { stepWidth } from '$lib/workspace/view-state';
import type { Workspace } from '$lib/workspace/workspace.svelte';
import type { CriterionDraft } from './criterion-dialog.svelte';
import type { CriterionCommand } from './criterion-menu.svelte';
import type { HeadingCommand } from './heading-menu.svelte';

interface CriterionDialogState {
	mode: 'add' | 'edit';
	id: string | null;
	groupId: string | null;
	at: number;
	open: boolean;
}

interface HeadingDialogState {
	mode: 'add' | 'rename';
	groupId: string | null;
	/** A new heading takes this criterion with it. */
	criterionId: string | null;
	open: boolean;
}

interface PendingDelete {
	kind: 'model' | 'criterion' | 'heading';
	id: string;
	open: boolean;
}

/** Criterion commands that change the criterion itself (widths are only my view). */
const CHANGES_CRITERION: ReadonlySet<CriterionCommand['type']> = new Set(['edit', 'move', 'knockout', 'heading', 'delete', 'newHeading']);

/**
 * The model grid's commands from its row, criterion and heading menus and its toolbar, and the dialogs they
 * open: shared by the grid and its dialogs, so a menu opens the dialog and the dialog's save knows what for.
 */
export class ModelsEditing {
	criterionDialog = $state<CriterionDialogState>({ mode: 'add', id: null, groupId: null, at: 0, open: false });
	headingDialog = $state<HeadingDialogState>({ mode: 'add', groupId: null, criterionId: null, open: false });
	statusChange = $state<{ modelId: string; status: ModelStatus; open: boolean } | null>(null);
	confirmDelete = $state<PendingDelete | null>(null);

	readonly #ws: Workspace;
	readonly #columnWidth: (columnId: string) => number | undefined;

	constructor(ws: Workspace, columnWidth: (columnId: string) => number | undefined) {
		this.#ws = ws;
		this.#columnWidth = columnWidth;
	}

	get #models() {
		return this.#ws.board.view.models;
	}

	#criterion(id: string) {
		return this.#models.criteria.find((c) => c.id === id);
	}

	#failed(): string {
		return this.#ws.message?.text ?? 'That did not work.';
	}

	rowCommand(rowId: string, command: RowCommand): void {
		const ws = this.#ws;
		const index = this.#models.rows.findIndex((m) => m.id === rowId);
		const row = { kind: 'row', grid: 'models', rowId } as const;
		if ((command.type === 'move' || command.type === 'delete') && ws.locks.blocksTarget(row)) return;
		switch (command.type) {
			case 'lock':
				ws.locks.set(row, command.on);
				break;
			case 'comment':
				ws.rowComments = { grid: 'models', rowId, colId: null };
				ws.view.setPanelOpen(true);
				break;
			case 'insert':
				this.addRow(command.side === 'above' ? index : index + 1);
				break;
			case 'move':
				ws.write(() => models.move(ws.doc, rowId, index + command.by));
				break;
			case 'delete':
				this.confirmDelete = { kind: 'model', id: rowId, open: true };
				break;
		}
	}

	criterionCommand(criterionId: string, command: CriterionCommand): void {
		const ws = this.#ws;
		const index = this.#models.criteria.findIndex((c) => c.id === criterionId);
		const groupId = this.#criterion(criterionId)?.groupId ?? null;
		const column = { kind: 'column', grid: 'models', columnId: criterionId } as const;
		// Changing a locked criterion is refused here with the reason, before the server would undo it.
		if (CHANGES_CRITERION.has(command.type) && ws.locks.blocksTarget(column)) return;
		switch (command.type) {
			case 'lock':
				ws.locks.set(column, command.on);
				break;
			case 'edit':
				this.criterionDialog = { mode: 'edit', id: criterionId, groupId, at: index, open: true };
				break;
			case 'insert': {
				const within = this.#models.criteria.filter((c) => c.groupId === groupId).findIndex((c) => c.id === criterionId);
				this.criterionDialog = { mode: 'add', id: null, groupId, at: command.side === 'left' ? within : within + 1, open: true };
				break;
			}
			case 'move':
				ws.write(() => criteria.move(ws.doc, criterionId, index + command.by));
				break;
			case 'knockout':
				ws.write(() => criteria.setKnockout(ws.doc, criterionId, command.on));
				break;
			case 'heading':
				ws.write(() => criteria.setGroup(ws.doc, criterionId, command.groupId));
				break;
			case 'width': {
				const width = this.#columnWidth(criterionId);
				if (width !== undefined) ws.view.setWidth(criterionId, command.change === null ? null : stepWidth(width, command.change));
				break;
			}
			case 'newHeading':
				this.addHeading(criterionId);
				break;
			case 'delete':
				this.confirmDelete = { kind: 'criterion', id: criterionId, open: true };
				break;
		}
	}

	headingCommand(groupId: string, command: HeadingCommand): void {
		const ws = this.#ws;
		switch (command.type) {
			case 'rename':
				this.headingDialog = { mode: 'rename', groupId, criterionId: null, open: true };
				break;
			case 'addCriterion':
				this.#addCriterionUnder(groupId);
				break;
			case 'move': {
				const index = this.#models.groups.findIndex((g) => g.id === groupId);
				ws.write(() => criteria.moveGroup(ws.doc, groupId, index + command.by));
				break;
			}
			case 'delete':
				this.confirmDelete = { kind: 'heading', id: groupId, open: true };
				break;
		}
	}

	/** A new heading, taking the given criterion with it if there is one. */
	addHeading(criterionId: string | null): void {
		this.headingDialog = { mode: 'add', groupId: null, criterionId, open: true };
	}

	saveHeading(name: string, moveActiveCriterion: boolean): string | null {
		const ws = this.#ws;
		const { mode, groupId, criterionId } = this.headingDialog;
		if (mode === 'rename') {
			const renamed = groupId !== null && ws.write(() => (criteria.renameGroup(ws.doc, groupId, name), true));
			return renamed ? null : this.#failed();
		}
		// One transaction, so one undo takes back both the heading and the move.
		const id = ws.write(() => {
			const added = criteria.addGroup(ws.doc, name);
			if (moveActiveCriterion && criterionId) criteria.setGroup(ws.doc, criterionId, added);
			return added;
		});
		if (!id) return this.#failed();
		// An empty heading does not show in the grid: go straight on to its first criterion.
		if (!(moveActiveCriterion && criterionId))
			queueMicrotask(() => (this.criterionDialog = { mode: 'add', id: null, groupId: id, at: 0, open: true }));
		return null;
	}

	addRow(at?: number): void {
		const ws = this.#ws;
		const id = ws.write(() => models.add(ws.doc, { name: '' }, at));
		if (id)
			ws.selections.models = {
				anchor: { rowId: id, colId: grid.MODEL_NAME_COLUMN },
				focus: { rowId: id, colId: grid.MODEL_NAME_COLUMN },
				at: { row: 0, col: 0 }
			};
	}

	addCriterionAtEnd(): void {
		this.#addCriterionUnder(this.#models.groups.at(-1)?.id ?? null);
	}

	#addCriterionUnder(groupId: string | null): void {
		this.criterionDialog = {
			mode: 'add',
			id: null,
			groupId,
			at: this.#models.criteria.filter((c) => c.groupId === groupId).length,
			open: true
		};
	}

	saveCriterion(draft: CriterionDraft): string | null {
		const ws = this.#ws;
		const { mode, id, at } = this.criterionDialog;
		const groupId = draft.groupId || null;
		const weightChanged = mode === 'add' ? false : id !== null && this.#criterion(id)?.weight !== draft.weight;
		if (weightChanged && ws.locks.blocksTarget({ kind: 'weights' })) return this.#failed();
		const done = ws.write(() => {
			if (mode === 'add') {
				criteria.add(
					ws.doc,
					{
						name: draft.name,
						groupId,
						weight: draft.weight,
						knockout: draft.knockout,
						threshold: draft.knockout ? draft.threshold : undefined,
						description: draft.description.trim() || undefined
					},
					at
				);
				return true;
			}
			if (!id) return false;
			const before = this.#criterion(id);
			criteria.rename(ws.doc, id, draft.name);
			if (before?.weight !== draft.weight) criteria.setWeight(ws.doc, id, draft.weight);
			criteria.setKnockout(ws.doc, id, draft.knockout, draft.knockout ? draft.threshold : undefined);
			if ((before?.groupId ?? null) !== groupId) criteria.setGroup(ws.doc, id, groupId);
			criteria.setDescription(ws.doc, id, draft.description);
			return true;
		});
		return done ? null : this.#failed();
	}

	/** Every status change asks for a reason first (and an override to keep a knocked-out model). */
	pickStatus(modelId: string, status: string | null): void {
		if (status === null || !(schema.MODEL_STATUSES as readonly string[]).includes(status)) return;
		this.statusChange = { modelId, status: status as ModelStatus, open: true };
	}

	changeStatus(modelId: string, status: ModelStatus, reason: string, override: boolean): string | null {
		const ws = this.#ws;
		return ws.write(() => models.setStatus(ws.doc, modelId, status, { reason, override })) ? null : this.#failed();
	}

	confirmDeletion(): null {
		const ws = this.#ws;
		if (!this.confirmDelete) return null;
		const { kind, id } = this.confirmDelete;
		ws.write(() => (kind === 'model' ? models.remove : kind === 'criterion' ? criteria.remove : criteria.deleteGroup)(ws.doc, id));
		return null;
	}
}
