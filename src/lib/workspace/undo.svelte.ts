import * as Y from 'yjs';
import * as schema from '$lib/board/schema';
import { firstChangedCell, type ChangedCell, type ChangedParentTypes } from './undo-target.ts';

/**
 * What one press of Undo or Redo did:
 * - `done`: my change at `cell` was taken back (or put back);
 * - `overwritten`: my most recent change at `cell` has since been replaced or
 *   removed by someone else, so there was nothing of mine left to take back
 *   there; nothing else changed, and the step is used up (the next press goes
 *   on to my change before it);
 * - `empty`: I have nothing to undo (redo).
 */
export type UndoOutcome =
	| { readonly kind: 'done'; readonly cell: ChangedCell | null }
	| { readonly kind: 'overwritten'; readonly cell: ChangedCell | null }
	| { readonly kind: 'empty' };

/** Typing pauses longer than this start a new undo step in a live-bound text field. */
const TYPING_PAUSE_MS = 400;
const CELL = 'cell';

/**
 * Undo and redo of this tab's own changes only. The UndoManager tracks just the
 * writes tagged with this tab's origin, so Ctrl+Z never takes back what a
 * colleague typed. Two rules on top of Yjs's own:
 *
 * - One press acts on exactly one step. Y.UndoManager skips a step that has no
 *   effect any more (a colleague overwrote my score) and silently takes back
 *   the step before it, which may be a cell I am not looking at; here such a
 *   step is reported as `overwritten` instead.
 * - Every committed write is its own step (`commit` brackets it), however fast
 *   the next one follows. Only text typed live into a field merges, by typing
 *   pause, or as one step between `beginGroup` and `endGroup` (a cell's text
 *   editor, so one edit is one step).
 *
 * `canUndo` and `canRedo` are reactive for the toolbar.
 */
export class UndoHistory {
	/** The origin of every write this tab makes (`commit` and `live` tag them with it). */
	readonly origin: object = { source: 'local-tab' };
	readonly manager: Y.UndoManager;
	readonly #doc: Y.Doc;
	canUndo = $state(false);
	canRedo = $state(false);

	constructor(doc: Y.Doc) {
		this.#doc = doc;
		this.manager = new Y.UndoManager(schema.rootTypes(doc), { trackedOrigins: new Set([this.origin]), captureTimeout: TYPING_PAUSE_MS });
		const refresh = () => {
			this.canUndo = this.manager.undoStack.length > 0;
			this.canRedo = this.manager.redoStack.length > 0;
		};
		const remember = ({ stackItem, changedParentTypes }: { stackItem: StackItem; changedParentTypes: ChangedParentTypes }) => {
			if (!stackItem.meta.has(CELL)) stackItem.meta.set(CELL, firstChangedCell(this.#doc, changedParentTypes));
		};
		this.manager.on('stack-item-added', (event) => {
			remember(event);
			refresh();
		});
		this.manager.on('stack-item-updated', remember);
		this.manager.on('stack-item-popped', refresh);
		this.manager.on('stack-cleared', refresh);
	}

	undo(): UndoOutcome {
		return this.#step('undo');
	}

	redo(): UndoOutcome {
		return this.#step('redo');
	}

	#step(direction: 'undo' | 'redo'): UndoOutcome {
		const stackName = direction === 'undo' ? 'undoStack' : 'redoStack';
		const stack = this.manager[stackName];
		const top = stack.at(-1);
		if (!top) return { kind: 'empty' };
		const cell = (top.meta.get(CELL) as ChangedCell | null | undefined) ?? null;
		// Yjs pops steps until one has an effect; offering it only the top step keeps the older ones out of reach.
		this.manager[stackName] = [top];
		let result: unknown;
		try {
			result = direction === 'undo' ? this.manager.undo() : this.manager.redo();
		} finally {
			this.manager[stackName] = [...stack.slice(0, -1), ...this.manager[stackName]];
		}
		this.manager.stopCapturing();
		this.canUndo = this.manager.undoStack.length > 0;
		this.canRedo = this.manager.redoStack.length > 0;
		return result ? { kind: 'done', cell } : { kind: 'overwritten', cell };
	}

	/**
	 * Runs one committed write as its own undo step, never merged with the step before or after it. The write
	 * is one transaction tagged with this tab's origin; the board model's functions open their own transactions
	 * inside it, and Yjs keeps the outer origin for nested ones, so they need no origin of their own.
	 */
	commit<T>(write: () => T): T {
		this.manager.stopCapturing();
		try {
			return this.#doc.transact(write, this.origin);
		} finally {
			this.manager.stopCapturing();
		}
	}

	/** Runs a write that is part of live typing (creating the text to type into): mine for undo, merged by typing pause. */
	live<T>(write: () => T): T {
		return this.#doc.transact(write, this.origin);
	}

	/** Starts a new undo step, so the next change is not merged with the previous one. */
	checkpoint(): number {
		this.manager.stopCapturing();
		return this.manager.undoStack.length;
	}

	/** From here until `endGroup`, everything I write live is one undo step, however long I pause. */
	beginGroup(): number {
		const checkpoint = this.checkpoint();
		this.manager.captureTimeout = Number.POSITIVE_INFINITY;
		return checkpoint;
	}

	endGroup(): void {
		this.manager.captureTimeout = TYPING_PAUSE_MS;
		this.manager.stopCapturing();
	}

	/** Takes back everything since `checkpoint` (Escape in a live-bound text editor). */
	revertTo(checkpoint: number): void {
		while (this.manager.undoStack.length > checkpoint) {
			const before = this.manager.undoStack.length;
			this.#step('undo');
			if (this.manager.undoStack.length >= before) break;
		}
		this.manager.stopCapturing();
	}

	destroy(): void {
		this.manager.destroy();
	}
}

type StackItem = Y.UndoManager['undoStack'][number];
