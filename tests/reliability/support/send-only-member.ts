import * as Y from 'yjs';
import { RawClient } from '../../../bench/clients/raw-client.ts';
import type { TestUser } from '../../support/fixtures.ts';
import type { ServerProcess } from '../../support/server-process.ts';

/**
 * A member whose page runs on another machine: it edits its own copy of the board and sends each change over a
 * protocol-level socket (bench/clients/raw-client.ts), with trustboard's confirmations on, but never applies
 * the others' changes. Hundreds of them then cost the test process only their own edits, so at full size the
 * server saturates before the load generator does. A board's full clients (TestClient) check convergence.
 */
export class SendOnlyMember {
	readonly doc = new Y.Doc();
	readonly closes: Array<{ code: number; reason: string }> = [];
	#savedFrames = 0;
	#destroyed = false;
	#raw: RawClient | null = null;

	static async open(server: ServerProcess, boardId: string, user: TestUser): Promise<SendOnlyMember> {
		const member = new SendOnlyMember();
		const raw = await RawClient.open({
			endpoint: { wire: 'y-websocket', base: server.wsUrl, headers: { Cookie: user.cookie, Origin: server.origin }, params: { acks: '1' } },
			boardId,
			onSaved: (_stateVector, frames) => (member.#savedFrames = frames)
		});
		member.#raw = raw;
		raw.ws.on('close', (code, reason) => {
			if (!member.#destroyed) member.closes.push({ code, reason: reason.toString() });
		});
		Y.applyUpdate(member.doc, raw.initial!);
		member.doc.on('update', (update: Uint8Array) => raw.send(update));
		return member;
	}

	/** Whether the server has confirmed every frame this member sent. */
	get ownEditsSaved(): boolean {
		return this.#raw !== null && this.#savedFrames >= this.#raw.framesSent;
	}

	destroy(): void {
		this.#destroyed = true;
		this.#raw?.close();
		this.doc.destroy();
	}
}
