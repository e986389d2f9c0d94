import * as Y from 'yjs';
import { rootTypes } from '$lib/board/schema';

/**
 * Undo and redo of this tab's own changes only: the UndoManager tracks just
 * the writes tagged with this tab's origin, so Ctrl+Z never takes back what a
 * colleague typed. `canUndo` and `canRedo` are reactive for the toolbar.
 */
export class UndoHistory {
	/** Pass as the origin of every write this tab makes. */
	readonly origin: object = { source: 'local-tab' };
	readonly manager: Y.UndoManager;
	canUndo = $state(false);
	canRedo = $state(false);

	constructor(doc: Y.Doc) {
		this.manager = new Y.UndoManager(rootTypes(doc), { trackedOrigins: new Set([this.origin]), captureTimeout: 400 });
		const refresh = () => {
			this.canUndo = this.manager.undoStack.length > 0;
			this.canRedo = this.manager.redoStack.length > 0;
		};
		this.manager.on('stack-item-added', refresh);
		this.manager.on('stack-item-popped', refresh);
		this.manager.on('stack-cleared', refresh);
	}

	undo(): void {
		this.manager.undo();
	}

	redo(): void {
		this.manager.redo();
	}

	/** Starts a new undo step, so the next change is not merged with the previous one. */
	checkpoint(): number {
		this.manager.stopCapturing();
		return this.manager.undoStack.length;
	}

	/** Takes back everything since `checkpoint` (Escape in a live-bound text editor). */
	revertTo(checkpoint: number): void {
		while (this.manager.undoStack.length > checkpoint) {
			const before = this.manager.undoStack.length;
			this.manager.undo();
			if (this.manager.undoStack.length >= before) break;
		}
		this.manager.stopCapturing();
	}

	destroy(): void {
		this.manager.destroy();
	}
}
