import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as init from '$lib/board/init';
import * as locks from '$lib/board/locks';
import * as read from '$lib/board/read';
import { BoardLocks } from './board-locks.svelte.ts';

const REMOTE = Symbol('remote');
const chair = { id: 'u-chair', name: 'Priya Shah' };

function openBoard() {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Locks', template: 'shadow-trust' });
	const board = new BoardLocks({
		doc,
		view: () => read.readBoard(doc),
		user: () => chair,
		isChair: () => false,
		announce: () => {}
	});
	return { doc, board };
}

describe('BoardLocks.onCell', () => {
	it('finds a cell open on a board without locks, and held once the chair locks its row, column or itself', () => {
		const { doc, board } = openBoard();
		expect(board.onCell('scope', 'svc-adoption', 'col-budget')).toBeNull();

		// Locks arriving from the chair's browser, into a board that had none.
		const chairs = new Y.Doc();
		Y.applyUpdate(chairs, Y.encodeStateAsUpdate(doc));
		chairs.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update, REMOTE));
		locks.lock(chairs, { kind: 'row', grid: 'scope', rowId: 'svc-adoption' }, chair);
		expect(board.onCell('scope', 'svc-adoption', 'col-budget')?.byName).toBe('Priya Shah');
		expect(board.onCell('scope', 'svc-fostering', 'col-budget')).toBeNull();
		locks.lock(chairs, { kind: 'column', grid: 'scope', columnId: 'col-notes' }, chair);
		locks.lock(chairs, { kind: 'cell', grid: 'scope', rowId: 'svc-fostering', columnId: 'col-budget' }, chair);
		expect(board.onCell('scope', 'svc-iro', 'col-notes')).not.toBeNull();
		expect(board.onCell('scope', 'svc-fostering', 'col-budget')).not.toBeNull();
		expect(board.onCell('models', 'svc-fostering', 'col-budget')).toBeNull();

		// Unlocked again, every cell is open.
		locks.unlock(chairs, { kind: 'row', grid: 'scope', rowId: 'svc-adoption' });
		locks.unlock(chairs, { kind: 'column', grid: 'scope', columnId: 'col-notes' });
		locks.unlock(chairs, { kind: 'cell', grid: 'scope', rowId: 'svc-fostering', columnId: 'col-budget' });
		expect(board.onCell('scope', 'svc-adoption', 'col-budget')).toBeNull();
		expect(board.onCell('scope', 'svc-iro', 'col-notes')).toBeNull();
		board.destroy();
	});
});
