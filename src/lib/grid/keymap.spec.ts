import { describe, expect, it } from 'vitest';
import { commitMove, editAction, groupAction, navigationAction } from './keymap.ts';

describe('navigationAction', () => {
	it('moves with arrows and extends with Shift', () => {
		expect(navigationAction({ key: 'ArrowDown' })).toEqual({ type: 'move', rows: 1, cols: 0, extend: false });
		expect(navigationAction({ key: 'ArrowLeft', shiftKey: true })).toEqual({ type: 'move', rows: 0, cols: -1, extend: true });
		expect(navigationAction({ key: 'ArrowRight', ctrlKey: true })).toEqual({ type: 'edge', edge: 'rowEnd', extend: false });
		expect(navigationAction({ key: 'Home', metaKey: true })).toEqual({ type: 'edge', edge: 'gridStart', extend: false });
	});

	it('starts editing with Enter, F2 or a typed character', () => {
		expect(navigationAction({ key: 'Enter' })).toEqual({ type: 'edit' });
		expect(navigationAction({ key: 'F2' })).toEqual({ type: 'edit' });
		expect(navigationAction({ key: 'x' })).toEqual({ type: 'type', text: 'x' });
		expect(navigationAction({ key: '£' })).toEqual({ type: 'type', text: '£' });
		expect(navigationAction({ key: 'x', isComposing: true })).toBeNull();
		expect(navigationAction({ key: 'Shift' })).toBeNull();
	});

	it('clears, tabs and toggles', () => {
		expect(navigationAction({ key: 'Delete' })).toEqual({ type: 'clear' });
		expect(navigationAction({ key: 'Backspace' })).toEqual({ type: 'clear' });
		expect(navigationAction({ key: 'Tab', shiftKey: true })).toEqual({ type: 'tab', backwards: true });
		expect(navigationAction({ key: ' ' })).toEqual({ type: 'toggle' });
	});

	it('steps out of the grid with Escape, since Tab walks its cells', () => {
		expect(navigationAction({ key: 'Escape' })).toEqual({ type: 'leave' });
	});

	it('undoes and redoes with Ctrl or Cmd, and leaves copy and paste to clipboard events', () => {
		expect(navigationAction({ key: 'z', ctrlKey: true })).toEqual({ type: 'undo' });
		expect(navigationAction({ key: 'z', metaKey: true })).toEqual({ type: 'undo' });
		expect(navigationAction({ key: 'Z', ctrlKey: true, shiftKey: true })).toEqual({ type: 'redo' });
		expect(navigationAction({ key: 'y', ctrlKey: true })).toEqual({ type: 'redo' });
		expect(navigationAction({ key: 'c', ctrlKey: true })).toBeNull();
		expect(navigationAction({ key: 'v', metaKey: true })).toBeNull();
	});
});

describe('groups', () => {
	it("folds the active row's group with Alt+Left and unfolds with Alt+Right", () => {
		expect(navigationAction({ key: 'ArrowLeft', altKey: true })).toEqual({ type: 'collapse' });
		expect(navigationAction({ key: 'ArrowRight', altKey: true })).toEqual({ type: 'expand' });
		expect(navigationAction({ key: 'ArrowUp', altKey: true })).toBeNull();
	});

	it('works a group heading row like a tree node', () => {
		expect(groupAction({ key: 'Enter' })).toBe('toggle');
		expect(groupAction({ key: ' ' })).toBe('toggle');
		expect(groupAction({ key: 'ArrowLeft' })).toBe('collapse');
		expect(groupAction({ key: 'ArrowLeft', altKey: true })).toBe('collapse');
		expect(groupAction({ key: 'ArrowRight' })).toBe('expand');
		expect(groupAction({ key: 'ArrowDown' })).toBe('down');
		expect(groupAction({ key: 'ArrowUp' })).toBe('up');
		expect(groupAction({ key: 'ArrowDown', shiftKey: true })).toBeNull();
		expect(groupAction({ key: 'x' })).toBeNull();
	});
});

describe('editAction', () => {
	it('commits with Enter and Tab and cancels with Escape', () => {
		expect(editAction({ key: 'Enter' })).toBe('commitDown');
		expect(editAction({ key: 'Enter', shiftKey: true })).toBe('commitUp');
		expect(editAction({ key: 'Tab' })).toBe('commitRight');
		expect(editAction({ key: 'Tab', shiftKey: true })).toBe('commitLeft');
		expect(editAction({ key: 'Escape' })).toBe('cancel');
		expect(editAction({ key: 'a' })).toBeNull();
	});

	it('lets a multi-line editor take Shift+Enter and Alt+Enter as new lines', () => {
		expect(editAction({ key: 'Enter', shiftKey: true }, true)).toBeNull();
		expect(editAction({ key: 'Enter', altKey: true }, true)).toBeNull();
		expect(editAction({ key: 'Enter' }, true)).toBe('commitDown');
	});

	it('maps commits to moves', () => {
		expect(commitMove('commitDown')).toEqual({ rows: 1, cols: 0 });
		expect(commitMove('commitLeft')).toBe('tabBack');
		expect(commitMove('cancel')).toBeNull();
	});
});
