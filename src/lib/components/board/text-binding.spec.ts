import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diff, transformPosition } from './text-binding.ts';

function apply(before: string, edit: ReturnType<typeof diff>) {
	return before.slice(0, edit.index) + edit.insert + before.slice(edit.index + edit.remove);
}

describe('diff', () => {
	it('uses the caret to place an insertion inside a run of equal characters', () => {
		expect(diff('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
		expect(diff('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
	});

	it('describes deletions and replacements as one span', () => {
		expect(diff('Shadow board', 'Shadow trust board', 13)).toEqual({ index: 7, remove: 0, insert: 'trust ' });
		expect(diff('Shadow trust board', 'Shadow board', 7)).toEqual({ index: 7, remove: 6, insert: '' });
		expect(diff('Board 2016', 'Board 2017', 10)).toEqual({ index: 9, remove: 1, insert: '7' });
	});

	it('always reproduces the new value', () => {
		const cases: [string, string, number][] = [
			['', 'x', 1],
			['abc', '', 0],
			['hello', 'help', 4],
			['abab', 'ab', 2],
			['same', 'same', 2]
		];
		for (const [before, after, caret] of cases) expect(apply(before, diff(before, after, caret))).toBe(after);
	});
});

describe('transformPosition', () => {
	function remoteDelta(initial: string, change: (text: Y.Text) => void) {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, initial);
		let delta: unknown;
		text.observe((event) => (delta = event.delta));
		change(text);
		return delta as Parameters<typeof transformPosition>[1];
	}

	it('keeps the caret next to the same character through remote edits', () => {
		const insertBefore = remoteDelta('trust board', (t) => t.insert(0, 'Shadow '));
		expect(transformPosition(5, insertBefore)).toBe(12);
		const insertAfter = remoteDelta('trust board', (t) => t.insert(11, '!'));
		expect(transformPosition(5, insertAfter)).toBe(5);
		const deleteBefore = remoteDelta('Shadow trust board', (t) => t.delete(0, 7));
		expect(transformPosition(12, deleteBefore)).toBe(5);
		const deleteAround = remoteDelta('Shadow trust board', (t) => t.delete(5, 4));
		expect(transformPosition(7, deleteAround)).toBe(5);
	});
});
