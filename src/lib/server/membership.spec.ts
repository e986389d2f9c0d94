import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as board from './board.ts';
import { openTestDatabase, testBoard, testUser, type TestDatabase } from './db/testing.ts';
import * as invite from './invite.ts';
import * as membership from './membership.ts';
import * as revocation from './revocation.ts';
import * as user from './user.ts';

describe.each(['sqlite', 'postgres'] as const)('memberships and invites on %s', (dialect) => {
	let database: TestDatabase;
	let chair: string;
	let member: string;
	let boardId: string;

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		chair = await testUser(database.db, 'chair', 'Chair');
		member = await testUser(database.db, 'officer', 'Officer');
		boardId = await testBoard(database.db, chair, 'Shadow board');
	});
	afterAll(() => database.drop());

	it('makes the creator the chair and lists the board for them only', async () => {
		expect(await membership.getRole(database.db, boardId, chair)).toBe('chair');
		expect(await board.listForUser(database.db, chair)).toHaveLength(1);
		expect(await board.listForUser(database.db, member)).toHaveLength(0);
	});

	it('admits through a usable invite with its role, and refuses revoked or expired links', async () => {
		const { invite: created, token } = await invite.create(database.db, {
			boardId,
			role: 'observer',
			expiresInMs: 60_000,
			createdBy: chair
		});
		const found = await invite.findUsable(database.db, token);
		expect(found?.boardTitle).toBe('Shadow board');
		expect(await invite.accept(database.db, found!, member)).toBe(true);
		expect(await membership.getRole(database.db, boardId, member)).toBe('observer');

		await invite.revoke(database.db, boardId, created.id, chair);
		expect(await invite.findUsable(database.db, token)).toBeNull();

		const expired = await invite.create(database.db, { boardId, role: 'editor', expiresInMs: -1, createdBy: chair });
		expect(await invite.findUsable(database.db, expired.token)).toBeNull();
		expect(await invite.findUsable(database.db, 'not a token')).toBeNull();
	});

	it('takes a single-use link once; a meeting link admits many; removing a member revokes the links they used', async () => {
		const people = await Promise.all(
			['one', 'two', 'three'].map((name) =>
				user.create(database.db, { username: `guest${name}`, displayName: name, password: 'password four' })
			)
		);
		const [one, two, three] = people.map((p) => (p.ok ? p.user.id : ''));
		const single = await invite.create(database.db, { boardId, role: 'editor', expiresInMs: 60_000, createdBy: chair });
		const found = await invite.findUsable(database.db, single.token);
		expect(found?.multiUse).toBe(false);
		expect(await invite.accept(database.db, found!, one!)).toBe(true);
		// Found before it was used (two tabs racing), it is still refused now.
		expect(await invite.accept(database.db, found!, two!)).toBe(false);
		expect(await invite.findUsable(database.db, single.token)).toBeNull();
		expect(await membership.getRole(database.db, boardId, two!)).toBeNull();

		const meeting = await invite.create(database.db, { boardId, role: 'observer', expiresInMs: 60_000, createdBy: chair, multiUse: true });
		for (const person of [two!, three!])
			expect(await invite.accept(database.db, (await invite.findUsable(database.db, meeting.token))!, person)).toBe(true);
		expect(await membership.remove(database.db, boardId, two!, chair)).toEqual({ ok: true });
		expect(await invite.findUsable(database.db, meeting.token)).toBeNull();
		expect(await membership.getRole(database.db, boardId, three!)).toBe('observer');
	});

	it('never downgrades an existing member through a weaker invite', async () => {
		await membership.add(database.db, boardId, member, 'editor', chair);
		await membership.add(database.db, boardId, member, 'observer', chair);
		expect(await membership.getRole(database.db, boardId, member)).toBe('editor');
	});

	it('keeps at least one chair on every board', async () => {
		expect(await membership.setRole(database.db, boardId, chair, 'editor', chair)).toEqual({ ok: false, reason: 'last_chair' });
		expect(await membership.remove(database.db, boardId, chair, chair)).toEqual({ ok: false, reason: 'last_chair' });
		await membership.setRole(database.db, boardId, member, 'chair', chair);
		expect(await membership.setRole(database.db, boardId, chair, 'editor', member)).toEqual({ ok: true });
	});

	it('removes a member and records who did it', async () => {
		expect(await membership.remove(database.db, boardId, chair, member)).toEqual({ ok: true });
		expect(await membership.getRole(database.db, boardId, chair)).toBeNull();
		const events = await database.db.selectFrom('audit_events').select(['type', 'user_id']).where('board_id', '=', boardId).execute();
		expect(events).toContainEqual({ type: 'member.removed', user_id: member });
	});

	it('announces a raised role, a changed role and a removal, and reads access for open sockets', async () => {
		const id = await testUser(database.db, 'observer', 'Observer');
		const heard: revocation.Revocation[] = [];
		const unlisten = revocation.listen((event) => void heard.push(event));
		try {
			await membership.add(database.db, boardId, id, 'observer', chair);
			await membership.add(database.db, boardId, id, 'observer', chair); // no change: nothing to announce
			expect((await membership.accessFor(database.db, [boardId], [id, chair])).get(membership.accessKey(boardId, id))).toEqual({
				role: 'observer',
				archived: false
			});
			await membership.setRole(database.db, boardId, id, 'editor', chair);
			await membership.remove(database.db, boardId, id, chair);
			expect(heard).toEqual(Array.from({ length: 3 }, () => ({ type: 'membership', boardId, userId: id })));
			expect((await membership.accessFor(database.db, [boardId], [id])).size).toBe(0);
		} finally {
			unlisten();
		}
	});
});
