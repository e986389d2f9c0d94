import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testBoard, testUser, type TestDatabase } from './db/testing.ts';
import * as signoff from './signoff.ts';
import * as snapshot from './snapshot.ts';

const form = {
	attendees: 'Alex Chair\n  Sam  Member \n\nSam Member\nPat Officer',
	apologies: 'Jo Member',
	membersPresent: '5',
	quorum: '4'
};

describe('reading the sign-off form', () => {
	it('takes one name a line, tidied and without repeats, and two whole numbers', () => {
		expect(signoff.readAgreeForm(form)).toEqual({
			ok: true,
			value: { attendees: ['Alex Chair', 'Sam Member', 'Pat Officer'], apologies: ['Jo Member'], membersPresent: 5, quorum: 4 }
		});
	});

	it('says what is wrong instead of recording a meeting without attendees or with a made-up quorum', () => {
		expect(signoff.readAgreeForm({ ...form, attendees: ' \n ' })).toMatchObject({
			ok: false,
			message: expect.stringContaining('who attended')
		});
		expect(signoff.readAgreeForm({ ...form, quorum: '0' })).toMatchObject({ ok: false, message: expect.stringContaining('quorum') });
		expect(signoff.readAgreeForm({ ...form, membersPresent: '2.5' })).toMatchObject({ ok: false });
		expect(signoff.readAgreeForm({ ...form, attendees: 'x'.repeat(121) })).toMatchObject({
			ok: false,
			message: expect.stringContaining('120')
		});
	});

	it('words the quorum for the minutes', () => {
		expect(signoff.quorumText({ membersPresent: 5, quorum: 4 })).toBe('Quorate: 5 board members present (quorum 4).');
		expect(signoff.quorumText({ membersPresent: 1, quorum: 4 })).toBe('Not quorate: 1 board member present (quorum 4).');
	});
});

describe.each(['sqlite', 'postgres'] as const)('sign-off on %s', (dialect) => {
	let database: TestDatabase;
	let chair: string;
	let boardId: string;
	let otherBoardId: string;
	const input = { attendees: ['Alex Chair', 'Sam Member'], apologies: ['Jo Member'], membersPresent: 2, quorum: 2 };

	beforeAll(async () => {
		database = await openTestDatabase(dialect);
		chair = await testUser(database.db, 'chair', 'Alex Chair');
		boardId = await testBoard(database.db, chair, 'A');
		otherBoardId = await testBoard(database.db, chair, 'B');
	});
	afterAll(() => database.drop());

	const minutes = () =>
		snapshot.create(database, {
			boardId,
			kind: 'named',
			title: 'Workshop 3',
			meeting: { title: 'Shadow board, July', date: '2027-07-12' },
			isMinutes: true,
			createdBy: chair,
			state: new Uint8Array([1, 2, 3]),
			uptoSeq: 3
		});

	it('moves minutes from draft to agreed to published, stamped with who and when in UK time', async () => {
		const meta = await minutes();
		expect(signoff.status(await signoff.get(database.db, boardId, meta.id))).toBe('draft');
		expect(signoff.stampOf(null).stamp).toBe('DRAFT');

		expect(await signoff.agree(database.db, boardId, meta.id, chair, input, Date.parse('2027-07-12T17:05:00Z'))).toBe('agreed');
		const agreed = await signoff.get(database.db, boardId, meta.id);
		expect(agreed).toMatchObject({ status: 'agreed', attendees: input.attendees, apologies: input.apologies, agreedByName: 'Alex Chair' });
		expect(signoff.stampOf(agreed)).toEqual({ stamp: 'AGREED', note: 'Agreed by Alex Chair (chair) on 12 Jul 2027, 18:05 BST.' });

		expect(await signoff.agree(database.db, boardId, meta.id, chair, { ...input, attendees: ['Someone else'] })).toBe('already');
		expect((await signoff.get(database.db, boardId, meta.id))?.attendees).toEqual(input.attendees);

		expect(await signoff.publish(database.db, boardId, meta.id, chair, Date.parse('2027-07-20T09:00:00Z'))).toBe('published');
		expect(await signoff.publish(database.db, boardId, meta.id, chair)).toBe('already');
		const published = await signoff.get(database.db, boardId, meta.id);
		expect(signoff.stampOf(published).stamp).toBe('PUBLISHED');
		expect(signoff.stampOf(published).note).toContain('published by Alex Chair on 20 Jul 2027, 10:00 BST');
		expect((await signoff.forBoard(database.db, boardId)).get(meta.id)?.status).toBe('published');

		const events = await database.db.selectFrom('audit_events').select('type').where('board_id', '=', boardId).execute();
		expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['snapshot.agreed', 'snapshot.published']));
	});

	it('keeps agreed minutes: they cannot be deleted or moved to another meeting', async () => {
		const meta = await minutes();
		await signoff.agree(database.db, boardId, meta.id, chair, input);
		expect(await snapshot.remove(database.db, boardId, meta.id, chair)).toBe(false);
		expect(await snapshot.setMinutes(database.db, boardId, meta.id, { title: 'Another meeting', date: '2027-08-01' }, chair)).toBe(false);
		const kept = await snapshot.get(database.db, boardId, meta.id);
		expect(kept?.state).toEqual(new Uint8Array([1, 2, 3]));
		expect(kept?.meta.meeting).toEqual({ title: 'Shadow board, July', date: '2027-07-12' });
	});

	it('agrees only live minutes of this board, and publishes only what was agreed', async () => {
		const plain = await snapshot.create(database, {
			boardId,
			kind: 'named',
			title: 'not minutes',
			createdBy: chair,
			state: new Uint8Array([1]),
			uptoSeq: 1
		});
		expect(await signoff.agree(database.db, boardId, plain.id, chair, input)).toBe('not-found');
		const meta = await minutes();
		expect(await signoff.publish(database.db, boardId, meta.id, chair)).toBe('not-agreed');
		expect(await signoff.agree(database.db, otherBoardId, meta.id, chair, input)).toBe('not-found');
		expect(await signoff.get(database.db, otherBoardId, meta.id)).toBeNull();
		await snapshot.remove(database.db, boardId, meta.id, chair);
		expect(await signoff.agree(database.db, boardId, meta.id, chair, input)).toBe('not-found');
	});
});
