import { getContext, setContext } from 'svelte';
import type * as Y from 'yjs';
import * as schema from '$lib/board/schema';
import * as scoring from '$lib/board/scoring';
import { MODEL_NAME_COLUMN } from '$lib/board/grid';
import type { BoardView } from '$lib/board/read';
import type { Grid } from '$lib/board/schema';
import type { ScoringResult } from '$lib/board/scoring';
import type { MemberRef } from '$lib/board/values';
import type { Actor } from '$lib/board/decisions';
import type { BoardConnection } from '$lib/collab/board-connection.svelte';
import type { Role } from '$lib/roles';
import { BoardLocks } from './board-locks.svelte.ts';
import { BoardState } from './board-state.svelte.ts';
import type { Selection } from '../grid/selection.ts';
import { PersonalView } from './personal-view.svelte.ts';
import { describeCell } from './undo-target.ts';
import { UndoHistory, type UndoOutcome } from './undo.svelte.ts';

export interface WorkspaceMember {
	userId: string;
	displayName: string;
	role: Role;
}

export interface WorkspaceProps {
	readonly doc: Y.Doc;
	readonly connection?: BoardConnection | null;
	readonly readOnly: boolean;
	readonly user: { id: string; name: string };
	readonly members: readonly WorkspaceMember[];
	/** Remembers this person's filters and sorts for the board; omit for a saved version. */
	readonly viewKey?: string | null;
}

export interface ActiveCell {
	readonly grid: Grid;
	readonly rowId: string;
	readonly colId: string;
}

/** A thread target the side panel is showing: a cell, or a whole row when colId is null. */
export interface CommentFocus {
	readonly grid: Grid;
	readonly rowId: string;
	readonly colId: string | null;
}

export interface Message {
	readonly text: string;
	readonly tone: 'info' | 'error';
	readonly at: number;
}

/**
 * Everything the grids, panels and dialogs of one open board share: the live
 * board, this tab's undo history and write origin, the personal view, and who
 * is looking. Every write goes through `write`, which refuses to run for an
 * observer (a read-only connection that writes is disconnected by the server)
 * and turns a refused value into a message instead of an exception.
 */
export class Workspace {
	readonly #props: WorkspaceProps;
	readonly board: BoardState;
	readonly history: UndoHistory;
	readonly view: PersonalView;
	readonly locks: BoardLocks;
	/** My selection in each grid, kept while I switch tabs. */
	selections = $state<Record<Grid, Selection | null>>({ scope: null, models: null });
	/** The cell I am typing in, shown to the others. */
	editing = $state<ActiveCell | null>(null);
	/** Set when someone asks for a row's comments rather than the active cell's. */
	rowComments = $state<CommentFocus | null>(null);
	message = $state<Message | null>(null);
	/** The service the chair is about to set to transfer although the law keeps it with the council (asks for a reason). */
	transferOverride = $state<string | null>(null);

	constructor(props: WorkspaceProps) {
		this.#props = props;
		this.board = new BoardState(props.doc);
		this.history = new UndoHistory(props.doc);
		this.view = new PersonalView(props.viewKey ?? null);
		this.locks = new BoardLocks({
			doc: props.doc,
			view: () => this.board.view,
			user: () => this.user,
			isChair: () => !this.readOnly && this.actor?.role === 'chair',
			announce: (text, tone) => this.announce(text, tone)
		});
	}

	#scored: { models: BoardView['models']; scale: BoardView['scale']; result: ScoringResult } | null = null;

	/** The appraisal maths for the current board, computed once per change however many views show it. */
	get scoring(): ScoringResult {
		const { models, scale } = this.board.view;
		if (this.#scored?.models !== models || this.#scored.scale !== scale) {
			this.#scored = { models, scale, result: scoring.scoreModels({ scale, ...models }) };
		}
		return this.#scored.result;
	}

	get doc(): Y.Doc {
		return this.#props.doc;
	}

	get readOnly(): boolean {
		return this.#props.readOnly;
	}

	get user() {
		return this.#props.user;
	}

	get members(): readonly WorkspaceMember[] {
		return this.#props.members;
	}

	/** Me with my role on this board, for the writes only a chair may make. */
	get actor(): Actor | null {
		const me = this.#props.members.find((m) => m.userId === this.#props.user.id);
		return me ? { id: me.userId, name: me.displayName, role: me.role } : null;
	}

	get memberRefs(): MemberRef[] {
		return this.#props.members.map((m) => ({ id: m.userId, name: m.displayName }));
	}

	get connection(): BoardConnection | null {
		return this.#props.connection ?? null;
	}

	get origin(): object {
		return this.history.origin;
	}

	announce(text: string, tone: Message['tone'] = 'info'): void {
		this.message = { text, tone, at: Date.now() };
	}

	/** Runs a write, as one undo step of its own, unless read-only; a BoardError becomes a message. */
	write<T>(change: () => T): T | undefined {
		if (this.readOnly) return undefined;
		try {
			return this.history.commit(change);
		} catch (error) {
			if (!(error instanceof schema.BoardError)) throw error;
			this.announce(error.message.charAt(0).toUpperCase() + error.message.slice(1), 'error');
			return undefined;
		}
	}

	/** Takes back my most recent change, and says where (or why nothing changed). */
	undo(): void {
		if (!this.readOnly) this.#report(this.history.undo(), 'undo');
	}

	redo(): void {
		if (!this.readOnly) this.#report(this.history.redo(), 'redo');
	}

	#report(outcome: UndoOutcome, action: 'undo' | 'redo'): void {
		if (outcome.kind === 'empty') {
			this.announce(action === 'undo' ? 'Nothing of yours to undo.' : 'Nothing to redo.');
			return;
		}
		const where = outcome.cell ? ` to ${describeCell(this.board.view, outcome.cell)}` : '';
		if (outcome.kind === 'overwritten') {
			const next =
				action === 'undo'
					? this.history.canUndo
						? ' Undo again to take back your change before it.'
						: ''
					: this.history.canRedo
						? ' Redo again for the next one.'
						: '';
			this.announce(
				`Your ${action === 'undo' ? 'last change' : 'undone change'}${where} has since been changed by someone else, so there is nothing of yours to ${action} there.${next}`,
				'error'
			);
			return;
		}
		this.announce(`${action === 'undo' ? 'Undone' : 'Redone'}: your change${where}.`);
		const cell = outcome.cell;
		// Like a spreadsheet, the selection goes to the cell that changed, so I see what undo did.
		if (cell?.colId && cell.grid === this.tab) {
			this.selections[cell.grid] = {
				anchor: { rowId: cell.rowId, colId: cell.colId },
				focus: { rowId: cell.rowId, colId: cell.colId },
				at: this.selections[cell.grid]?.at ?? { row: 0, col: 0 }
			};
		}
	}

	get tab(): Grid {
		return this.view.current.tab;
	}

	/** The active cell of the grid on screen. */
	get active(): ActiveCell | null {
		const grid = this.tab;
		const focus = this.selections[grid]?.focus;
		return focus ? { grid, rowId: focus.rowId, colId: focus.colId } : null;
	}

	/** Selects a cell of either grid (a row's first cell when `colId` is null) and shows its tab, for "Go to" links. */
	goTo(grid: Grid, rowId: string, colId: string | null): void {
		const view = this.board.view;
		const column = colId ?? (grid === 'scope' ? view.scope.columns[0]?.id : MODEL_NAME_COLUMN);
		if (!column) return;
		this.view.setTab(grid);
		this.selections[grid] = { anchor: { rowId, colId: column }, focus: { rowId, colId: column }, at: { row: 0, col: 0 } };
	}

	/** Publishes my selected cell, and whether I am typing in it, to the others. */
	setPresence(cell: ActiveCell | null, editing: boolean): void {
		this.connection?.setPresence({ cell, editing });
	}

	destroy(): void {
		this.locks.destroy();
		this.history.destroy();
	}
}

const KEY = Symbol('workspace');

export function setWorkspace(workspace: Workspace): Workspace {
	return setContext(KEY, workspace);
}

export function getWorkspace(): Workspace {
	const workspace = getContext<Workspace | undefined>(KEY);
	if (!workspace) throw new Error('getWorkspace() outside a BoardWorkspace');
	return workspace;
}
