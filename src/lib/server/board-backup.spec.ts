import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from './board.ts';
import { openTestDatabase, testUser, type TestDatabase } from './db/testing.ts';
import { createDocStore } from './doc-store.ts';
import * as membership from './membership.ts';
import * as snapshot from './snapshot.ts';
import { exportBoard, restoreBoard, type BoardBackup } from './board-backup.ts';

async function text(database: TestDatabase, boardId: string): Promise<string> {
	const doc = new Y.Doc();
	for (const update of (await createDocStore(database.db).load(boardId)).updates) Y.applyUpdate(doc, update);
	return doc.getText('t').toString();
}

describe('board backup and restore', () => {
	let sqlite: TestDatabase;
	let postgres: TestDatabase;
	let backup: BoardBackup;
	let boardId: string;

	beforeAll(async () => {
		[sqlite, postgres] = await Promise.all([openTestDatabase('sqlite'), openTestDatabase('postgres')]);
		const chair = await testUser(sqlite.db, 'chair');
		const member = await testUser(sqlite.db, 'member');
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		doc.getText('t').insert(0, 'first;');
		const created = await board.create(sqlite.db, { title: 'Backed up', createdBy: chair, initialUpdate: updates[0]! });
		boardId = created.id;
		await membership.add(sqlite.db, boardId, member, 'observer', chair);
		const docs = createDocStore(sqlite.db);
		for (const word of ['second;', 'third;']) {
			doc.getText('t').insert(doc.getText('t').length, word);
			await docs.append(boardId, [{ update: updates.at(-1)!, userId: chair }]);
		}
		await docs.compact(boardId);
		doc.getText('t').insert(doc.getText('t').length, 'after compaction;');
		await docs.append(boardId, [{ update: updates.at(-1)!, userId: member }]);
		await snapshot.create(sqlite, {
			boardId,
			kind: 'named',
			title: 'Minutes',
			createdBy: chair,
			state: Y.encodeStateAsUpdate(doc),
			uptoSeq: 4
		});
		backup = JSON.parse(JSON.stringify(await exportBoard(sqlite.db, boardId))) as BoardBackup;
	});
	afterAll(() => Promise.all([sqlite?.drop(), postgres?.drop()]));

	it('exports the log, compacted state, members and snapshots', () => {
		expect(backup.head).toBe(4);
		expect(backup.updates.map((u) => u.seq)).toEqual([1, 2, 3, 4]);
		expect(backup.state?.uptoSeq).toBe(3);
		expect(backup.members.map((m) => [m.username, m.role]).sort()).toEqual([
			['chair', 'chair'],
			['member', 'observer']
		]);
		expect(backup.snapshots).toHaveLength(1);
	});

	it('restores as a new board beside the original', async () => {
		const restored = await restoreBoard(sqlite.db, backup, { asNew: true });
		expect(restored.boardId).not.toBe(boardId);
		expect(await text(sqlite, restored.boardId)).toBe(await text(sqlite, boardId));
		expect(await createDocStore(sqlite.db).headSeq(restored.boardId)).toBe(4);
		expect(await snapshot.list(sqlite.db, restored.boardId)).toHaveLength(1);
		await expect(restoreBoard(sqlite.db, backup, { asNew: false })).rejects.toThrow(/exists/);
	});

	it('moves a board to another instance (SQLite to PostgreSQL), matching members by username', async () => {
		await expect(restoreBoard(postgres.db, backup, { asNew: false })).rejects.toThrow(/--chair/);
		await testUser(postgres.db, 'member');
		await testUser(postgres.db, 'newchair');
		const restored = await restoreBoard(postgres.db, backup, { asNew: false, chair: 'newchair' });
		expect(restored).toEqual({ boardId, skippedMembers: ['chair'] });
		expect(await text(postgres, boardId)).toBe('first;second;third;after compaction;');
		const members = await membership.list(postgres.db, boardId);
		expect(members.map((m) => m.role).sort()).toEqual(['chair', 'observer']);
		// The restored log continues where it left off.
		expect(await createDocStore(postgres.db).append(boardId, [{ update: Y.encodeStateAsUpdate(new Y.Doc()), userId: null }])).toBe(5);
	});
});
