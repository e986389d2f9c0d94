import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import {
	ACKS_PARAM,
	MessageType,
	readNotice,
	readSaveFailed,
	readSaved,
	type Notice,
	type Saved
} from '../../src/lib/protocol/messages.ts';
import type { SocketClass } from '../../src/lib/collab/counting-socket.ts';
import type { ServerProcess } from './server-process.ts';
import type { TestUser } from './fixtures.ts';

/** A `ws` WebSocket class that sends the headers a browser would (Cookie, Origin). */
export function socketWithHeaders(headers: Record<string, string>): SocketClass {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	} as unknown as SocketClass;
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

export interface ClientOptions {
	/** Opt in to `saved` / `save failed` / notices (default true). */
	acks?: boolean;
	/** Claimed awareness state, to check that the server overrides `user`. */
	presence?: Record<string, unknown>;
}

/**
 * A third-party client: the stock y-websocket provider in Node, authenticated with the session cookie and the
 * app's Origin, recording the server's custom messages and close codes.
 */
export class TestClient {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly saved: Saved[] = [];
	readonly saveFailures: string[] = [];
	readonly notices: Notice[] = [];
	readonly closes: Array<{ code: number; reason: string }> = [];

	constructor(
		server: Pick<ServerProcess, 'wsUrl' | 'origin'>,
		boardId: string,
		user: Pick<TestUser, 'cookie'>,
		options: ClientOptions = {}
	) {
		const acks = options.acks ?? true;
		this.provider = new WebsocketProvider(server.wsUrl, boardId, this.doc, {
			params: acks ? { [ACKS_PARAM]: '1' } : {},
			WebSocketPolyfill: socketWithHeaders({ Cookie: user.cookie, Origin: server.origin }),
			disableBc: true,
			maxBackoffTime: 300
		});
		if (options.presence) this.provider.awareness.setLocalState(options.presence);
		const handlers = this.provider.messageHandlers;
		handlers[MessageType.saved] = (_encoder, decoder) => void this.saved.push(readSaved(decoder));
		handlers[MessageType.saveFailed] = (_encoder, decoder) => void this.saveFailures.push(readSaveFailed(decoder));
		handlers[MessageType.notice] = (_encoder, decoder) => {
			const notice = readNotice(decoder);
			if (notice) this.notices.push(notice);
		};
		this.provider.on('connection-close', (event) => {
			if (event) this.closes.push({ code: event.code, reason: String(event.reason) });
		});
	}

	synced(): Promise<void> {
		return waitFor(() => this.provider.synced, 'sync');
	}

	/** Whether the latest `saved` covers everything this client's document holds. */
	get confirmed(): boolean {
		const last = this.saved.at(-1);
		if (!last) return false;
		const durable = Y.decodeStateVector(last.stateVector);
		for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) {
			if ((durable.get(client) ?? 0) < clock) return false;
		}
		return true;
	}

	waitConfirmed(): Promise<void> {
		return waitFor(() => this.confirmed, 'the server to confirm the edit');
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}

/** Attempts a websocket upgrade and reports the HTTP status: 101 when it opened. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.on('unexpected-response', (_request, response) => {
			resolve(response.statusCode ?? 0);
			ws.terminate();
		});
		ws.on('open', () => {
			resolve(101);
			ws.close();
		});
		ws.on('error', (error) => reject(error));
	});
}

/** A raw socket for sending hand-made frames; resolves once open. */
export function rawSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.once('open', () => resolve(ws));
		ws.once('error', reject);
	});
}

export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}
