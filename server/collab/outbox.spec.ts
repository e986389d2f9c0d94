import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from '../../src/lib/protocol/messages.ts';
import { GATHER_MS, MERGE_MAX_BYTES, UpdateOutbox } from './outbox.ts';

/** A reader with its own document, applying whatever the outbox sends it. */
class Reader {
	readonly doc = new Y.Doc();
	messages = 0;
	send(message: Uint8Array): void {
		this.messages++;
		const decoder = decoding.createDecoder(message);
		expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
		expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsUpdate);
		Y.applyUpdate(this.doc, decoding.readVarUint8Array(decoder));
	}
	text(): string {
		return this.doc.getText('t').toString();
	}
}

/** An author's edit as an update, typed at the end of the text. */
function edit(author: Y.Doc, piece: string): Uint8Array {
	const before = Y.encodeStateVector(author);
	author.getText('t').insert(author.getText('t').length, piece);
	return Y.encodeStateAsUpdate(author, before);
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const windowEnd = () => new Promise((resolve) => setTimeout(resolve, GATHER_MS + 5));

describe('UpdateOutbox', () => {
	it("sends a quiet board's updates of one task together once the task is done, then the rest of the window as one message per reader, never back to their sender", async () => {
		const [author, first, second] = [new Reader(), new Reader(), new Reader()];
		let sent = 0;
		const outbox = new UpdateOutbox(
			() => [author, first, second],
			(messages) => (sent += messages),
			{ gatherMs: () => GATHER_MS }
		);
		// A commit releases several updates at once: one frame for them, in the same turn.
		outbox.add(edit(author.doc, 'a'), author);
		outbox.add(edit(author.doc, 'b'), author);
		expect(first.messages).toBe(0);
		await null;
		expect([author, first, second].map((reader) => reader.messages)).toEqual([0, 1, 1]);
		expect(first.text()).toBe('ab');
		outbox.add(edit(author.doc, 'c'), author);
		// A turn of the event loop is not a window: a busy board's readers get one frame for many turns' updates.
		await nextTurn();
		expect([author, first, second].map((reader) => reader.messages)).toEqual([0, 1, 1]);
		await windowEnd();
		expect([author, first, second].map((reader) => reader.messages)).toEqual([0, 2, 2]);
		expect(first.text()).toBe('abc');
		expect(second.text()).toBe('abc');
		expect(sent).toBe(4);
	});

	it('gathers updates for as long as every window has some, and sends at once again after a quiet window', async () => {
		const [author, reader] = [new Reader(), new Reader()];
		const outbox = new UpdateOutbox(
			() => [author, reader],
			() => {},
			{ gatherMs: () => GATHER_MS }
		);
		outbox.add(edit(author.doc, 'a'), author);
		await null;
		outbox.add(edit(author.doc, 'b'), author);
		await windowEnd();
		expect(reader.messages).toBe(2);
		// The board is still busy: this window's update waits for the window's end.
		outbox.add(edit(author.doc, 'c'), author);
		await null;
		expect(reader.messages).toBe(2);
		await windowEnd();
		expect(reader.text()).toBe('abc');
		await windowEnd();
		outbox.add(edit(author.doc, 'd'), author);
		await null;
		expect(reader.messages).toBe(4);
		expect(reader.text()).toBe('abcd');
		outbox.clear();
	});

	it('gathers for one turn of the event loop while the server keeps up', async () => {
		const [author, reader] = [new Reader(), new Reader()];
		let behind = false;
		const outbox = new UpdateOutbox(
			() => [author, reader],
			() => {},
			{ gatherMs: () => (behind ? GATHER_MS : 0) }
		);
		outbox.add(edit(author.doc, 'a'), author);
		await null;
		outbox.add(edit(author.doc, 'b'), author);
		await nextTurn();
		expect(reader.text()).toBe('ab');
		// Behind: the next window, opened by the next quiet send, lasts GATHER_MS.
		behind = true;
		await nextTurn();
		outbox.add(edit(author.doc, 'c'), author);
		await null;
		expect(reader.text()).toBe('abc');
		outbox.add(edit(author.doc, 'd'), author);
		await nextTurn();
		await nextTurn();
		expect(reader.text()).toBe('abc');
		await windowEnd();
		expect(reader.text()).toBe('abcd');
		outbox.clear();
	});

	it('gives each of a few senders the edits of the others and not its own', async () => {
		const [first, second, third] = [new Reader(), new Reader(), new Reader()];
		const outbox = new UpdateOutbox(
			() => [first, second, third],
			() => {}
		);
		outbox.add(edit(new Y.Doc(), 'x'), first);
		outbox.add(edit(new Y.Doc(), 'y'), second);
		outbox.flush();
		expect(first.text()).toBe('y');
		expect(second.text()).toBe('x');
		expect(third.text()).toHaveLength(2);
	});

	it('sends many senders the merge of everything, which their documents apply as a no-op for their own part', async () => {
		const readers = Array.from({ length: 8 }, () => new Reader());
		const outbox = new UpdateOutbox(
			() => readers,
			() => {}
		);
		// A change of the server's opens the window (sent at once); the eight edits after it are gathered.
		outbox.add(edit(new Y.Doc(), 's'), null);
		await null;
		readers.forEach((reader, i) => outbox.add(edit(reader.doc, String(i)), reader));
		outbox.flush();
		outbox.clear();
		const texts = new Set(readers.map((reader) => reader.text()));
		expect(texts.size).toBe(1);
		expect([...texts].join('').split('').sort().join('')).toBe('01234567s');
		expect(readers.every((reader) => reader.messages === 2)).toBe(true);
	});

	it('sends large gathered updates as they came instead of merging them, each to everyone but its sender', () => {
		const readers = Array.from({ length: 3 }, () => new Reader());
		const outbox = new UpdateOutbox(
			() => readers,
			() => {}
		);
		outbox.add(edit(new Y.Doc(), 's'), null);
		const paste = (reader: Reader, n: number) => edit(reader.doc, `${n}`.padEnd(MERGE_MAX_BYTES / 2 + 1, '.'));
		outbox.add(paste(readers[0]!, 0), readers[0]!);
		outbox.add(paste(readers[1]!, 1), readers[1]!);
		outbox.add(paste(readers[2]!, 2), readers[2]!);
		outbox.flush();
		outbox.clear();
		// The server's change, then the two pastes of the others, one frame each: no merge of all three.
		expect(readers.map((reader) => reader.messages)).toEqual([3, 3, 3]);
		const texts = new Set(readers.map((reader) => reader.text()));
		expect(texts.size).toBe(1);
	});

	it('sends a quiet board’s update in the turn it is given, and with any flush before that (presence must not overtake it)', async () => {
		const [author, reader] = [new Reader(), new Reader()];
		const waiting: Array<() => void> = [];
		const outbox = new UpdateOutbox(
			() => [author, reader],
			() => {},
			{ run: (send) => waiting.push(send) }
		);
		outbox.add(edit(author.doc, 'a'), author);
		await null;
		// Other boards used the turn: the send waits for the next one.
		expect(waiting).toHaveLength(1);
		expect(reader.messages).toBe(0);
		outbox.flush();
		expect(reader.text()).toBe('a');
		for (const send of waiting) send();
		expect(reader.messages).toBe(1);
		outbox.clear();
	});

	it('forwards server-made changes to everyone, and sends nothing after being cleared', async () => {
		const readers = [new Reader(), new Reader()];
		const outbox = new UpdateOutbox(
			() => readers,
			() => {}
		);
		outbox.add(edit(new Y.Doc(), 'server'), null);
		outbox.flush();
		expect(readers.map((reader) => reader.text())).toEqual(['server', 'server']);
		outbox.add(edit(new Y.Doc(), 'late'), null);
		outbox.clear();
		await windowEnd();
		expect(readers.map((reader) => reader.messages)).toEqual([1, 1]);
	});
});
