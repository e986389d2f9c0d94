import * as Y from 'yjs';
import * as read from '../../../src/lib/board/read.ts';
import { BoardConnection } from '../../../src/lib/collab/board-connection.svelte.ts';
import * as decoding from 'lib0/decoding';
import { MessageType, readSaved, type Saved } from '../../../src/lib/protocol/messages.ts';
import { socketWithHeaders, waitFor } from '../../support/clients.ts';
import type { TestUser } from '../../support/fixtures.ts';

export interface Endpoint {
	wsUrl: string;
	origin: string;
}

/**
 * The board page's own connection class (stock y-websocket provider, save tracking from the server's `saved`
 * messages) running in Node with the user's cookie and the app's Origin. What it reports as saved is what the
 * page would show as "All changes saved".
 */
export class LiveClient {
	readonly connection: BoardConnection;
	readonly user: TestUser;

	constructor(endpoint: Endpoint, boardId: string, user: TestUser, options: { readOnly?: boolean; broadcastChannel?: boolean } = {}) {
		this.user = user;
		this.connection = new BoardConnection({
			boardId,
			user: { id: user.id, name: user.displayName },
			readOnly: options.readOnly ?? false,
			serverUrl: endpoint.wsUrl,
			WebSocketPolyfill: socketWithHeaders({ Cookie: user.cookie, Origin: endpoint.origin }),
			offline: false,
			// Each client stands for a separate device: in one Node process the providers of one board would otherwise
			// share updates over BroadcastChannel (as tabs of one browser do) and reach the server out of order.
			otherTabs: options.broadcastChannel ?? false
		});
		this.#broadcastChannel = options.broadcastChannel ?? false;
		// Reconnect quickly after a restart: the tests restart the server many times.
		this.connection.provider.maxBackoffTime = 200;
		const handlers = this.connection.provider.messageHandlers;
		const saved = handlers[MessageType.saved];
		if (!saved) throw new Error('BoardConnection has no saved handler');
		handlers[MessageType.saved] = (...args) => {
			this.lastSaved = readSaved(decoding.clone(args[1]));
			saved(...args);
			this.savedMessages++;
			for (const listener of this.#savedListeners) listener();
		};
		this.connection.provider.on('connection-close', (event) => {
			if (event) this.closes.push({ code: event.code, reason: String(event.reason) });
		});
	}

	readonly #broadcastChannel: boolean;
	savedMessages = 0;
	/** The latest `saved` message, as received. */
	lastSaved: Saved | null = null;
	readonly closes: Array<{ code: number; reason: string }> = [];
	readonly #savedListeners = new Set<() => void>();

	/** Resolves at the next `saved` message this client receives. */
	nextSaved(): Promise<void> {
		return new Promise((resolve) => {
			const listener = () => {
				this.#savedListeners.delete(listener);
				resolve();
			};
			this.#savedListeners.add(listener);
		});
	}

	get doc(): Y.Doc {
		return this.connection.doc;
	}

	get live(): boolean {
		return this.connection.status === 'live' && this.connection.synced;
	}

	get saved(): boolean {
		return this.connection.save === 'saved';
	}

	/** Skips the provider's backoff wait (its timer then finds a socket and does nothing). */
	reconnectNow(): void {
		if (this.connection.provider.ws !== null) return;
		this.connection.provider.connect();
		if (!this.#broadcastChannel) this.connection.provider.disconnectBc();
	}

	async whenLive(timeoutMs = 15_000): Promise<void> {
		await waitFor(() => this.live, 'the client to be live and synced', timeoutMs);
	}

	async whenSaved(timeoutMs = 15_000): Promise<void> {
		await waitFor(() => this.live && this.saved, 'the client to see its edits saved', timeoutMs);
	}

	destroy(): void {
		this.connection.destroy();
	}
}

/** Whether every document holds the same updates (state vectors) and reads as the same board (deletions too). */
export function converged(docs: Y.Doc[]): boolean {
	const first = docs[0];
	if (!first) return true;
	const vector = Buffer.from(Y.encodeStateVector(first)).toString('base64');
	if (!docs.every((doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64') === vector)) return false;
	const board = JSON.stringify(read.readBoard(first));
	return docs.every((doc) => JSON.stringify(read.readBoard(doc)) === board);
}
