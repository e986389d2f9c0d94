import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as board from './board.ts';
import * as boardSettings from './board-settings.ts';
import { openTestDatabase, type TestDatabase } from './db/testing.ts';
import * as interests from './interests.ts';
import * as rounds from './rounds.ts';
import * as user from './user.ts';

describe.each(['sqlite', 'postgres'] as const)('scoring rounds on %s', (dialect) => {
	let database: TestDatabase;
	let chair: string;
	let barred: string;
	let editor: string;
	let boardId: string;
	const cell = { modelId: 'model-cic', criterionId: 'crit-focus' };

	async function member(username: string): Promise<string> {
		const created = await user.create(database.db, { username, displayName: username, password: null });
		if (!created.ok) throw new Error('setup failed');
		return created.user.id;
	}

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		chair = await member('chair');
		barred = await member('barred');
		editor = await member('editor');
		boardId = (await board.create(database.db, { title: 'A', createdBy: chair, initialUpdate: new Uint8Array([0, 0]) })).id;
	});
	afterAll(() => database.drop());

	it('marks the scores of a member barred by a declared interest as excluded at reveal, and only then shows anyone else', async () => {
		const db = database.db;
		const round = await rounds.open(db, { boardId, title: 'Focus', cells: [cell], anonymous: false, deadlineAt: null, openedBy: chair });
		for (const [userId, score] of [
			[chair, 4],
			[barred, 0],
			[editor, 3]
		] as const)
			await rounds.setScore(db, { roundId: round.id, userId, ...cell, score, rationale: '' });
		// The interest is declared and ruled on after the member scored: their score stays, but must not count.
		const interestId = await interests.declare(db, {
			boardId,
			userId: barred,
			subjectKind: 'model',
			subjectId: cell.modelId,
			text: 'Director of a CIC'
		});
		await interests.record(db, { boardId, interestId, byUserId: chair, kind: 'outcome', outcome: 'mayNotScore', note: '' });
		const bars = interests.barredModels(await interests.register(db, boardId));

		const before = await rounds.view(db, round, chair, bars);
		expect(before.revealed).toBeNull();
		expect(before.mine).toEqual([expect.objectContaining({ score: 4 })]);

		await rounds.reveal(db, round.id, false);
		const after = await rounds.view(db, (await rounds.get(db, boardId, round.id))!, editor, bars);
		expect(after.revealed?.map((s) => [s.userId, s.score, s.excluded]).sort()).toEqual(
			[
				[barred, 0, true],
				[chair, 4, false],
				[editor, 3, false]
			].sort()
		);
	});

	it('reveals with the anonymity it was given, whatever the board setting becomes later', async () => {
		const db = database.db;
		expect(await boardSettings.get(db, boardId)).toEqual({ anonymousReveal: false });
		expect(await boardSettings.setAnonymousReveal(db, boardId, true, chair)).toBe(true);
		expect(await boardSettings.setAnonymousReveal(db, boardId, true, chair)).toBe(false);
		const round = await rounds.open(db, { boardId, title: 'Anon', cells: [cell], anonymous: false, deadlineAt: null, openedBy: chair });
		await rounds.setScore(db, { roundId: round.id, userId: editor, ...cell, score: 2, rationale: 'why' });
		await rounds.reveal(db, round.id, (await boardSettings.get(db, boardId)).anonymousReveal);
		await boardSettings.setAnonymousReveal(db, boardId, false, chair);
		const view = await rounds.view(db, (await rounds.get(db, boardId, round.id))!, chair, new Map());
		expect(view.anonymous).toBe(true);
		expect(view.revealed).toEqual([expect.objectContaining({ userId: null, score: 2 })]);
	});
});
