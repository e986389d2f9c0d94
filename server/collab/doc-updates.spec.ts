import { afterEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import * as Y from 'yjs';
import type { Kysely } from 'kysely';
import type { CollabLimits } from '../../src/lib/server/config.ts';
import type { Schema } from '../../src/lib/server/db/schema.ts';
import { initBoard } from '../../src/lib/board/init.ts';
import { boardDescriptionText } from '../../src/lib/board/meta.ts';
import * as schema from '../../src/lib/board/schema.ts';
import type { Connection } from './connection.ts';
import { observeUpdates } from './doc-updates.ts';
import { Intake } from './intake.ts';
import { Metrics } from './metrics.ts';
import { senderOf } from './origin.ts';

function member(id: string, clientId: number): Connection {
	const connection = {
		user: { id, name: id, colour: '#000000' },
		role: 'editor',
		readOnly: false,
		acks: false,
		clientId,
		frames: 0,
		lastWriteFrame: 0,
		droppedWrites: 0,
		send: () => {},
		close: () => {}
	};
	return connection as unknown as Connection;
}

/** A board as the room holds it: what leaves it observed as the room observes it, then the intake's rules. */
function setUp() {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Board', description: 'start' });
	const start = Y.encodeStateAsUpdate(doc);
	const reported: { update: Uint8Array; from: Connection | null }[] = [];
	observeUpdates(doc, (update, origin) => reported.push({ update, from: senderOf(origin) }));
	const intake = new Intake({
		boardId: 'board0000000000a',
		doc,
		db: {} as Kysely<Schema>,
		logger: pino({ level: 'silent' }),
		metrics: new Metrics(),
		limits: { maxDocBytes: 32 * 1024 * 1024 } as CollabLimits,
		bindings: new Map(),
		boardBytes: () => 0
	});
	/** A reader that had the board at the start and applies only what was reported: it must end as the board. */
	const reader = () => {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, start);
		for (const { update } of reported) Y.applyUpdate(copy, update);
		return copy;
	};
	return { doc, intake, reported, reader };
}

/** A member's copy of the board, editing under its own client id; `edit` returns the update of one change. */
function replicaOf(doc: Y.Doc, clientId: number) {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	copy.clientID = clientId;
	return {
		copy,
		edit(change: (copy: Y.Doc) => void, since = Y.encodeStateVector(copy)): Uint8Array {
			change(copy);
			return Y.encodeStateAsUpdate(copy, since);
		}
	};
}

const description = (doc: Y.Doc) => boardDescriptionText(doc).toString();

describe('observeUpdates', () => {
	afterEach(() => vi.restoreAllMocks());

	it('stores and forwards a member’s live edit as the bytes it sent, without encoding it again', () => {
		const { doc, intake, reported, reader } = setUp();
		const a = member('a', 1);
		const update = replicaOf(doc, 1).edit((copy) => boardDescriptionText(copy).insert(0, 'typed '));
		const encodings = vi.spyOn(Y.UpdateEncoderV1.prototype, 'toUint8Array');
		intake.receive(a, update, true);
		expect(encodings).not.toHaveBeenCalled();
		expect(reported).toEqual([{ update, from: a }]);
		expect(description(reader())).toBe('typed start');
	});

	it('still sends the repair a live edit causes, after the edit', () => {
		const { doc, intake, reported, reader } = setUp();
		const a = member('a', 1);
		const update = replicaOf(doc, 1).edit((copy) => {
			boardDescriptionText(copy).insert(0, 'typed ');
			schema.roots(copy).meta.set('schemaVersion', 999);
		});
		intake.receive(a, update, true);
		expect(reported.map((r) => r.from)).toEqual([a, null]);
		expect(reported[0]?.update).toEqual(update);
		const seen = reader();
		expect(schema.roots(seen).meta.get('schemaVersion')).toBe(schema.CURRENT_SCHEMA_VERSION);
		expect(description(seen)).toBe('typed start');
	});

	it('encodes what the board took when the member’s bytes hold more: a sync step 2, content it had, an edit sent twice', () => {
		const { doc, intake, reported, reader } = setUp();
		const a = member('a', 1);
		const replica = replicaOf(doc, 1);
		const first = replica.edit((copy) => boardDescriptionText(copy).insert(0, 'one '));
		intake.receive(a, first, true);
		// Sent again (a reconnect): the board changes not, and nothing goes out.
		intake.receive(a, first, true);
		expect(reported).toHaveLength(1);
		// Built on a state before `first`: it carries `first` again with the new text.
		const both = replica.edit((copy) => boardDescriptionText(copy).insert(0, 'two '), Y.encodeStateVector(new Y.Doc()));
		intake.receive(a, both, true);
		expect(reported).toHaveLength(2);
		expect(reported[1]?.update.byteLength).toBeLessThan(both.byteLength);
		// A sync step 2 carries the member's whole delete set: what goes out is only what changed.
		const deleted = replica.edit((copy) => boardDescriptionText(copy).delete(0, 4));
		const encodings = vi.spyOn(Y.UpdateEncoderV1.prototype, 'toUint8Array');
		intake.receive(a, deleted, false);
		expect(encodings).toHaveBeenCalled();
		expect(description(reader())).toBe(description(doc));
		expect(description(doc)).toBe('one start');
	});
});
