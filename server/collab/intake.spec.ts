import { describe, expect, it } from 'vitest';
import pino from 'pino';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import type { CollabLimits } from '../../src/lib/server/config.ts';
import type { BindingWriter } from '../../src/lib/server/client-ids.ts';
import { initBoard } from '../../src/lib/board/init.ts';
import { boardDescriptionText } from '../../src/lib/board/meta.ts';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import type { Connection } from './connection.ts';
import { Intake } from './intake.ts';
import { Metrics } from './metrics.ts';
import { RefusedUpdate } from './update-admission.ts';

/** The parts of a connection the intake reads: a member's socket that records what it was sent. */
function member(id: string, clientId: number, readOnly = false) {
	const notices: Uint8Array[] = [];
	const closes: number[] = [];
	const connection = {
		user: { id, name: id, colour: '#000000' },
		role: 'editor',
		readOnly,
		acks: true,
		clientId,
		frames: 0,
		lastWriteFrame: 0,
		droppedWrites: 0,
		send: (message: Uint8Array) => notices.push(message),
		close: (code: number) => closes.push(code)
	};
	return { connection: connection as unknown as Connection, notices, closes, clientId };
}

function setUp() {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Board', description: 'start' });
	const intake = new Intake({
		boardId: 'board0000000000a',
		doc,
		// The bindings' storage is src/lib/server/client-ids.ts's (its own spec): here only what is bound counts.
		bindingWriter: { bind: () => undefined } as unknown as BindingWriter,
		logger: pino({ level: 'silent' }),
		metrics: new Metrics(),
		limits: { maxDocBytes: 32 * 1024 * 1024 } as CollabLimits,
		bindings: new Map(),
		boardBytes: () => 0
	});
	return { doc, intake };
}

/** A client's edit of the board description, typed from its own copy of the board. */
function edit(doc: Y.Doc, clientId: number, change: (text: Y.Text) => void): Uint8Array {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	// Set after loading, or Yjs picks a new id on seeing content under its own (a forger sets it this way too).
	copy.clientID = clientId;
	const before = Y.encodeStateVector(copy);
	change(boardDescriptionText(copy));
	return Y.encodeStateAsUpdate(copy, before);
}

/** An update with no structs that deletes `length` items of `client` from `clock` on (any client can send one). */
function deletion(client: number, clock: number, length: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0); // no structs
	encoding.writeVarUint(encoder, 1); // delete set: one client
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, 1); // one range
	encoding.writeVarUint(encoder, clock);
	encoding.writeVarUint(encoder, length);
	return encoding.toUint8Array(encoder);
}

describe('Intake', () => {
	it('drops a read-only connection’s edit and tells it once', () => {
		const { doc, intake } = setUp();
		const observer = member('observer', 7, true);
		const before = boardDescriptionText(doc).toString();
		expect(
			intake.receive(
				observer.connection,
				edit(doc, 7, (t) => t.insert(0, 'x'))
			)
		).toBe('dropped');
		expect(
			intake.receive(
				observer.connection,
				edit(doc, 7, (t) => t.insert(0, 'y'))
			)
		).toBe('dropped');
		expect(boardDescriptionText(doc).toString()).toBe(before);
		expect(observer.notices).toHaveLength(1);
	});

	it('refuses a write under another member’s client id and applies nothing of it', () => {
		const { doc, intake } = setUp();
		const a = member('a', 1);
		const b = member('b', 2);
		intake.receive(
			a.connection,
			edit(doc, 1, (t) => t.insert(0, 'mine '))
		);
		const before = boardDescriptionText(doc).toString();
		expect(() =>
			intake.receive(
				b.connection,
				edit(doc, 1, (t) => t.insert(0, 'forged '))
			)
		).toThrow(RefusedUpdate);
		expect(boardDescriptionText(doc).toString()).toBe(before);
	});

	it('holds an edit that builds on one not yet received and applies both once it comes', () => {
		const { doc, intake } = setUp();
		const a = member('a', 1);
		const copy = new Y.Doc();
		copy.clientID = 1;
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		const updates: Uint8Array[] = [];
		copy.on('update', (update: Uint8Array) => updates.push(update));
		boardDescriptionText(copy).insert(0, 'one ');
		boardDescriptionText(copy).insert(4, 'two ');
		a.connection.frames = 1;
		intake.receive(a.connection, updates[1]!);
		expect(intake.firstHeldFrame(a.connection)).toBe(1);
		a.connection.frames = 2;
		intake.receive(a.connection, updates[0]!);
		expect(intake.firstHeldFrame(a.connection)).toBeNull();
		expect(boardDescriptionText(doc).toString()).toBe('one two start');
	});

	/**
	 * Nothing a client sends leaves deletions (or structs) waiting inside Yjs: admission refuses deletions ahead
	 * of the board under anyone else's client id, and an update deleting its sender's own content still to come
	 * is held until that content is there. So the room needs no bound on Yjs's own pending deletions.
	 */
	it('never leaves client deletions or structs pending in the document (seeded random updates)', () => {
		const gen = prng.create(20261207);
		for (let round = 0; round < 40; round++) {
			const { doc, intake } = setUp();
			const members = [member('a', 1), member('b', 2), member('c', 3)];
			for (const m of members)
				intake.receive(
					m.connection,
					edit(doc, m.clientId, (t) => t.insert(0, `${m.clientId}`))
				);
			for (let step = 0; step < 30; step++) {
				const sender = members[prng.int32(gen, 0, members.length - 1)]!;
				const target = prng.int32(gen, 1, 4);
				const state = Y.getState(doc.store, target);
				const family = prng.int32(gen, 0, 3);
				const update =
					family === 0
						? edit(doc, sender.clientId, (t) => t.insert(prng.int32(gen, 0, t.length), 'e'))
						: family === 1
							? deletion(target, prng.int32(gen, 0, state + 3), prng.int32(gen, 1, 2 ** prng.int32(gen, 1, 20)))
							: family === 2
								? deletion(sender.clientId, state + prng.int32(gen, 0, 5), prng.int32(gen, 1, 1000))
								: edit(doc, sender.clientId, (t) => t.length > 0 && t.delete(prng.int32(gen, 0, t.length - 1), 1));
				sender.connection.frames++;
				try {
					intake.receive(sender.connection, update);
				} catch (error) {
					expect(error).toBeInstanceOf(RefusedUpdate);
					expect([CloseCode.forgedUpdate, CloseCode.invalidPayload]).toContain((error as RefusedUpdate).code);
				}
				expect(doc.store.pendingDs).toBeNull();
				expect(doc.store.pendingStructs).toBeNull();
			}
			intake.close();
		}
	}, 30_000);
});
