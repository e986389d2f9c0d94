import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as attribution from './attribution.ts';
import * as diff from './diff.ts';
import * as init from './init.ts';
import * as scores from './scores.ts';
import * as read from './read.ts';
import * as scope from './scope.ts';
import * as template from './template.ts';
import type { LoggedChange } from './attribution.ts';

/** A server-like document that logs every update with its author, as doc-store does. */
function loggedBoard() {
	const doc = new Y.Doc();
	const log: LoggedChange[] = [];
	let author: string | null = 'chair';
	let clock = 1000;
	doc.on('update', (update: Uint8Array) => log.push({ update, userId: author, createdAt: clock++ }));
	init.initBoard(doc, { title: 'Board', template: 'shadow-trust' });
	return {
		doc,
		log,
		as(user: string | null, fn: () => void) {
			author = user;
			fn();
		},
		state: () => Y.encodeStateAsUpdate(doc)
	};
}

function attribute(from: Uint8Array, to: Uint8Array, log: readonly LoggedChange[], batch = 3) {
	const replay = new attribution.AttributionReplay(from, to);
	for (let i = 0; i < log.length && replay.feed(log.slice(i, i + batch)); i += batch);
	return replay;
}

describe('AttributionReplay', () => {
	it('credits each change between two versions to whoever made it last', () => {
		const board = loggedBoard();
		const from = board.state();
		const fromLength = board.log.length;
		board.as('alex', () => scope.setCell(board.doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 100));
		board.as('sam', () => scope.setCell(board.doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 200));
		board.as('alex', () => scores.setScore(board.doc, 'model-cic', 'crit-scope', 4));
		board.as('sam', () => scores.addEvidence(board.doc, 'model-cic', 'crit-scope', { url: 'https://example.org', label: 'Report' }));
		let row = '';
		board.as('kim', () => (row = scope.addRow(board.doc, { values: { [template.TEMPLATE_COLUMN_IDS.service]: 'Short breaks' } })));
		board.as(null, () => scope.setCell(board.doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.risk, 'red'));
		const to = board.state();
		board.as('late', () => scope.setCell(board.doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 300));

		const replay = attribute(from, to, board.log.slice(fromLength));
		expect(replay.done).toBe(true);
		expect(replay.lookup(`scopeRows/svc-fostering/cells/${template.TEMPLATE_COLUMN_IDS.budget}`)?.userId).toBe('sam');
		expect(replay.lookup('models/model-cic/scores/crit-scope')?.userId).toBe('alex');
		expect(replay.lookup('models/model-cic/evidence/crit-scope')?.userId).toBe('sam');
		expect(replay.lookup(`scopeRows/${row}`)?.userId).toBe('kim');
		// A cell written with its new row is credited to whoever added the row.
		expect(replay.lookup(`scopeRows/${row}/cells/${template.TEMPLATE_COLUMN_IDS.service}`)?.userId).toBe('kim');
		// Server repairs credit no one.
		expect(replay.lookup(`scopeRows/svc-adoption/cells/${template.TEMPLATE_COLUMN_IDS.risk}`)).toBeNull();

		// Every change a compare lists finds its author by its path.
		const fromDoc = new Y.Doc();
		Y.applyUpdate(fromDoc, from);
		const toDoc = new Y.Doc();
		Y.applyUpdate(toDoc, to);
		const credited = diff
			.diffPaths(diff.diffBoards(read.readBoard(fromDoc), read.readBoard(toDoc)))
			.map((path) => replay.lookup(path)?.userId ?? null);
		// Two for alex: the score, and the model's total that it moved.
		expect(credited.sort()).toEqual(['alex', 'alex', 'kim', 'sam', 'sam', null].sort());
	});

	it('replays from the whole log too (a version holds a prefix of it), and stops at the newer version', () => {
		const board = loggedBoard();
		const from = board.state();
		board.as('alex', () => scope.setCell(board.doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.staff, 3));
		const to = board.state();
		board.as('sam', () => scope.setCell(board.doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.staff, 4));
		const replay = attribute(from, to, board.log, 1);
		expect(replay.lookup(`scopeRows/svc-fostering/cells/${template.TEMPLATE_COLUMN_IDS.staff}`)?.userId).toBe('alex');
	});

	it('skips a logged update the newer version lacks (another server instance’s), and carries on', () => {
		const board = loggedBoard();
		const from = board.state();
		const elsewhere = new Y.Doc();
		Y.applyUpdate(elsewhere, from);
		let remote: Uint8Array | null = null;
		elsewhere.on('update', (update: Uint8Array) => (remote = update));
		scope.setCell(elsewhere, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.staff, 9);
		board.as('alex', () => scope.setCell(board.doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.staff, 3));
		const log = [...board.log];
		// Logged between alex's two edits, but not in the version this instance took.
		log.splice(log.length, 0, { update: remote!, userId: 'remote', createdAt: 1 });
		board.as('sam', () => scope.setCell(board.doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 5));
		log.push(board.log.at(-1)!);
		const replay = attribute(from, board.state(), log, 1);
		expect(replay.done).toBe(true);
		expect(replay.lookup(`scopeRows/svc-fostering/cells/${template.TEMPLATE_COLUMN_IDS.budget}`)?.userId).toBe('sam');
		expect(replay.lookup(`scopeRows/svc-adoption/cells/${template.TEMPLATE_COLUMN_IDS.staff}`)).toBeNull();
	});

	it('credits nothing when the older version is not contained in the newer', () => {
		const board = loggedBoard();
		const older = board.state();
		board.as('alex', () => scope.setCell(board.doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.staff, 3));
		const replay = new attribution.AttributionReplay(board.state(), older);
		expect(replay.done).toBe(true);
		expect(replay.feed(board.log)).toBe(false);
		expect(replay.lookup(`scopeRows/svc-fostering/cells/${template.TEMPLATE_COLUMN_IDS.staff}`)).toBeNull();
	});
});
