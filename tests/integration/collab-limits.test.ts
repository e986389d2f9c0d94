import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as scope from '../../src/lib/board/scope.ts';
import * as read from '../../src/lib/board/read.ts';
import { CloseCode, MessageType } from '../../src/lib/protocol/messages.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { ServerProcess } from '../support/server-process.ts';
import { TestClient, closeOf, rawSocket, upgradeStatus } from '../support/clients.ts';

let fixtures: Fixtures;
let server: ServerProcess;
let member: TestUser;
let boardId: string;

const MAX_MESSAGE = 64 * 1024;
const MAX_DOC = 1024 * 1024;

beforeAll(async () => {
	fixtures = await Fixtures.create();
	member = await fixtures.user('Lim Its');
	boardId = await fixtures.board(member);
	server = new ServerProcess(fixtures.dataDir, {
		COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE),
		COLLAB_MESSAGES_PER_SECOND: '20',
		COLLAB_MESSAGE_BURST: '40',
		COLLAB_MAX_DOC_BYTES: String(MAX_DOC)
	});
	await server.start();
});

afterAll(async () => {
	if (server?.running) await server.stop();
	await fixtures?.close();
});

const open = () => rawSocket(`${server.wsUrl}/${boardId}`, { Cookie: member.cookie, Origin: server.origin });

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

async function closeCodeFor(data: Uint8Array | string): Promise<number> {
	const ws = await open();
	const closed = closeOf(ws);
	ws.send(data);
	return (await closed).code;
}

/** The board still works for a well-behaved client after each abuse. */
async function stillServing(): Promise<boolean> {
	const probe = new TestClient(server, boardId, member);
	try {
		await probe.synced();
		return server.running;
	} finally {
		probe.destroy();
	}
}

describe('a client cannot hurt the server with its bytes', () => {
	test('malformed frames close that socket with a code; the server keeps serving', async () => {
		expect(await closeCodeFor(frame((e) => encoding.writeVarUint(e, 42)))).toBe(CloseCode.unsupported);
		expect(await closeCodeFor(new Uint8Array([MessageType.sync, 2, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toBe(CloseCode.invalidPayload);
		expect(
			await closeCodeFor(
				frame((e) => {
					encoding.writeVarUint(e, MessageType.sync);
					encoding.writeVarUint(e, 2);
					encoding.writeVarUint8Array(e, new Uint8Array([7, 200, 1, 3, 9, 9, 9]));
				})
			)
		).toBe(CloseCode.invalidPayload);
		expect(await closeCodeFor(frame((e) => encoding.writeVarUint(e, MessageType.awareness)))).toBe(CloseCode.invalidPayload);
		expect(await closeCodeFor('{"not":"binary"}')).toBe(CloseCode.unsupported);
		expect(await stillServing()).toBe(true);
	});

	test('a frame over the size limit that is not offline work closes with 4413, which the stock client does not retry', async () => {
		expect(await closeCodeFor(new Uint8Array(MAX_MESSAGE + 1))).toBe(CloseCode.tooLarge);
		// Over what the board itself may hold: refused before it is read.
		expect(await closeCodeFor(new Uint8Array(MAX_DOC + 1))).toBe(CloseCode.tooBig);
		expect(await stillServing()).toBe(true);
	});

	test('a member returning with offline work larger than a message uploads it once and is not closed', async () => {
		const returning = new TestClient(server, boardId, member);
		try {
			await returning.synced();
			returning.provider.disconnect();
			returning.doc.transact(() => {
				for (let i = 0; i < 3_000; i++) scope.addRow(returning.doc, {});
			});
			returning.provider.connect();
			await returning.synced();
			await returning.waitConfirmed();
			expect(returning.closes).toEqual([]);
			expect(read.readBoard(await fixtures.storedDoc(boardId)).scope.rows.length).toBeGreaterThanOrEqual(3_000);
		} finally {
			returning.destroy();
		}
	});

	test('a flood of messages closes with 1008 "rate limit"', async () => {
		const ws = await open();
		const closed = closeOf(ws);
		const query = frame((e) => encoding.writeVarUint(e, MessageType.queryAwareness));
		for (let i = 0; i < 200; i++) ws.send(query);
		expect(await closed).toEqual({ code: CloseCode.policy, reason: 'rate limit' });
		expect(await upgradeStatus(`${server.wsUrl}/${boardId}`, { Cookie: member.cookie, Origin: server.origin })).toBe(101);
	});
});
