/**
 * What a key press means to the grid, as data, so the spreadsheet keyboard can
 * be tested without a browser. Two modes: navigating (the grid has focus) and
 * editing (an editor inside a cell has focus).
 */

export interface KeyLike {
	readonly key: string;
	readonly shiftKey?: boolean;
	readonly ctrlKey?: boolean;
	readonly metaKey?: boolean;
	readonly altKey?: boolean;
	/** True while an input method is composing (e.g. accented characters, CJK). */
	readonly isComposing?: boolean;
}

export type NavAction =
	| { readonly type: 'move'; readonly rows: number; readonly cols: number; readonly extend: boolean }
	| { readonly type: 'edge'; readonly edge: 'rowStart' | 'rowEnd' | 'gridStart' | 'gridEnd' | 'top' | 'bottom'; readonly extend: boolean }
	| { readonly type: 'page'; readonly direction: 1 | -1; readonly extend: boolean }
	| { readonly type: 'tab'; readonly backwards: boolean }
	| { readonly type: 'edit' }
	| { readonly type: 'type'; readonly text: string }
	| { readonly type: 'toggle' }
	| { readonly type: 'clear' }
	| { readonly type: 'selectAll' }
	| { readonly type: 'undo' }
	| { readonly type: 'redo' }
	| { readonly type: 'details' }
	| { readonly type: 'collapse' }
	| { readonly type: 'expand' }
	| { readonly type: 'leave' };

export type EditAction = 'commitDown' | 'commitUp' | 'commitRight' | 'commitLeft' | 'cancel';

/** Ctrl on Windows and Linux, Cmd on a Mac. */
function primary(e: KeyLike): boolean {
	return Boolean(e.ctrlKey || e.metaKey);
}

const ARROWS: Record<string, [number, number]> = {
	ArrowUp: [-1, 0],
	ArrowDown: [1, 0],
	ArrowLeft: [0, -1],
	ArrowRight: [0, 1]
};

/**
 * The action for a key pressed while the grid (not an editor) has focus, or
 * null to let the browser have it. Copy and paste are not here: they arrive
 * as clipboard events, which is the only way to read what Excel put there.
 */
export function navigationAction(e: KeyLike): NavAction | null {
	if (e.isComposing) return null;
	const extend = Boolean(e.shiftKey);
	const arrow = ARROWS[e.key];
	if (arrow) {
		if (primary(e)) {
			const edge = { ArrowUp: 'top', ArrowDown: 'bottom', ArrowLeft: 'rowStart', ArrowRight: 'rowEnd' } as const;
			return { type: 'edge', edge: edge[e.key as keyof typeof edge], extend };
		}
		// Alt+Left/Right fold the group the row sits in, as in a tree.
		if (e.altKey) return e.key === 'ArrowLeft' ? { type: 'collapse' } : e.key === 'ArrowRight' ? { type: 'expand' } : null;
		return { type: 'move', rows: arrow[0], cols: arrow[1], extend };
	}
	if (primary(e)) {
		const key = e.key.toLowerCase();
		if (key === 'z') return e.shiftKey ? { type: 'redo' } : { type: 'undo' };
		if (key === 'y') return { type: 'redo' };
		if (key === 'a') return { type: 'selectAll' };
		if (e.key === 'Home') return { type: 'edge', edge: 'gridStart', extend };
		if (e.key === 'End') return { type: 'edge', edge: 'gridEnd', extend };
		if (e.key === 'Enter') return { type: 'details' };
		return null;
	}
	switch (e.key) {
		case 'Home':
			return { type: 'edge', edge: 'rowStart', extend };
		case 'End':
			return { type: 'edge', edge: 'rowEnd', extend };
		case 'PageUp':
			return { type: 'page', direction: -1, extend };
		case 'PageDown':
			return { type: 'page', direction: 1, extend };
		case 'Tab':
			return e.altKey ? null : { type: 'tab', backwards: extend };
		// Tab walks the cells as in a spreadsheet, so a keyboard user needs one key that steps out past the grid.
		case 'Escape':
			return { type: 'leave' };
		case 'Enter':
			return e.altKey ? null : { type: 'edit' };
		case 'F2':
			return { type: 'edit' };
		case ' ':
			return { type: 'toggle' };
		case 'Delete':
		case 'Backspace':
			return { type: 'clear' };
	}
	// A printable character starts editing and replaces the cell, as in Excel.
	if ([...e.key].length === 1 && !e.altKey) return { type: 'type', text: e.key };
	return null;
}

export type GroupAction = 'toggle' | 'collapse' | 'expand' | 'up' | 'down';

/**
 * The action for a key pressed while a group's heading row (an area of the
 * scope grid) is active, as in a tree grid: Enter or Space folds or unfolds
 * it, Left folds, Right unfolds, Up and Down move on.
 */
export function groupAction(e: KeyLike): GroupAction | null {
	if (e.isComposing || primary(e) || e.shiftKey) return null;
	switch (e.key) {
		case 'Enter':
		case ' ':
			return 'toggle';
		case 'ArrowLeft':
			return 'collapse';
		case 'ArrowRight':
			return 'expand';
		case 'ArrowUp':
			return 'up';
		case 'ArrowDown':
			return 'down';
	}
	return null;
}

/**
 * The action for a key pressed inside a cell editor, or null to let the
 * editor have it. In a multi-line editor Shift+Enter or Alt+Enter makes a new
 * line (Alt+Enter is Excel's; Shift+Enter is everyone else's).
 */
export function editAction(e: KeyLike, multiline = false): EditAction | null {
	if (e.isComposing) return null;
	if (e.key === 'Escape') return 'cancel';
	if (e.key === 'Tab') return e.shiftKey ? 'commitLeft' : 'commitRight';
	if (e.key === 'Enter') {
		if (multiline && (e.shiftKey || e.altKey)) return null;
		if (primary(e)) return 'commitDown';
		return e.shiftKey ? 'commitUp' : 'commitDown';
	}
	return null;
}

/** Where the active cell goes after an edit is committed. */
export function commitMove(action: EditAction): { rows: number; cols: number } | 'tabForward' | 'tabBack' | null {
	switch (action) {
		case 'commitDown':
			return { rows: 1, cols: 0 };
		case 'commitUp':
			return { rows: -1, cols: 0 };
		case 'commitRight':
			return 'tabForward';
		case 'commitLeft':
			return 'tabBack';
		case 'cancel':
			return null;
	}
}
