import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import * as bc from 'lib0/broadcastchannel';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { ACKS_PARAM, MessageType, readNotice, readSaveFailed, readSaved, type EventNotice, type Notice } from '../protocol/messages.ts';
import { colourFor, distinctColours } from '../protocol/presence.ts';
import { countingSocket, sentFrames, type SocketClass } from './counting-socket.ts';
import { SaveTracker, type SaveState } from './save-tracker.ts';

export type ConnectionStatus = 'connecting' | 'live' | 'offline';

export interface Peer {
	clientId: number;
	userId: string;
	name: string;
	colour: string;
	state: Record<string, unknown>;
}

export interface BoardConnectionOptions {
	boardId: string;
	user: { id: string; name: string };
	readOnly: boolean;
	/** Defaults to this page's origin with ws(s) and `/collab`. */
	serverUrl?: string;
	/** For Node: a WebSocket class (e.g. one from `ws` that adds Cookie and Origin headers). */
	WebSocketPolyfill?: SocketClass;
	/** Keep a copy in IndexedDB so edits made offline survive a reload (default: when IndexedDB exists). */
	offline?: boolean;
	/**
	 * Keep this browser's other tabs of the board in step over BroadcastChannel, from the first idle moment (default
	 * true). Off for clients that stand for separate devices but share one process, as in the reliability tests.
	 */
	otherTabs?: boolean;
	/**
	 * The board's document, already holding the state the page was rendered from, so the first sync brings only
	 * what changed since. The connection owns it from here and destroys it with itself. A new one by default.
	 */
	doc?: Y.Doc;
}

/**
 * The board page's live connection: the stock y-websocket provider plus the server's opt-in messages,
 * exposed as reactive state (connection, save state, presence, read-only).
 */
export class BoardConnection {
	readonly doc: Y.Doc;
	readonly provider: WebsocketProvider;
	readonly awareness: Awareness;

	status = $state<ConnectionStatus>('connecting');
	reconnecting = $state(false);
	synced = $state(false);
	save = $state<SaveState>('saved');
	saveError = $state<string | null>(null);
	peers = $state<Peer[]>([]);
	readOnly = $state(false);
	/** Set when the server closed the connection for good (removed from the board, signed out). */
	closed = $state<{ code: number; reason: string } | null>(null);
	/** The latest notice from the server (a repaired value, a role change). */
	notice = $state<Exclude<Notice, EventNotice> | null>(null);

	readonly #userId: string;
	readonly #tracker: SaveTracker;
	readonly #eventListeners = new Set<(event: EventNotice) => void>();
	#local: IndexeddbPersistence | null = null;
	#destroyed = false;
	#everConnected = false;

	constructor(options: BoardConnectionOptions) {
		this.doc = options.doc ?? new Y.Doc();
		this.#userId = options.user.id;
		this.readOnly = options.readOnly;
		this.#tracker = new SaveTracker(this.doc);
		const offline = options.offline ?? typeof indexedDB !== 'undefined';
		const serverUrl = options.serverUrl ?? defaultServerUrl();
		const Socket = options.WebSocketPolyfill ?? (globalThis.WebSocket as SocketClass);
		this.provider = new WebsocketProvider(serverUrl, options.boardId, this.doc, {
			params: { [ACKS_PARAM]: '1' },
			WebSocketPolyfill: countingSocket(Socket),
			// Other tabs of this browser are told of this one once the first screen is up (below).
			disableBc: true
		});
		this.awareness = this.provider.awareness;
		this.awareness.setLocalState({ user: { id: options.user.id, name: options.user.name, colour: colourFor(options.user.id) } });
		this.#installHandlers();
		// Registered after the provider's own listener, so a local edit has already been sent when this runs.
		this.doc.on('update', this.#onUpdate);
		this.awareness.on('change', this.#onAwareness);
		this.provider.on('status', this.#onStatus);
		this.provider.on('sync', this.#onSync);
		this.provider.on('closed', this.#onClosed);
		globalThis.addEventListener?.('offline', this.#onNetworkLost);
		globalThis.addEventListener?.('online', this.#onNetworkBack);
		void this.#afterFirstScreen(options.otherTabs ?? true, offline ? `trustboard:${options.user.id}:${options.boardId}` : null);
	}

	/** Merges fields into this user's presence (e.g. the selected cell). `user` is set by the server. */
	setPresence(fields: Record<string, unknown>): void {
		this.awareness.setLocalState({ ...(this.awareness.getLocalState() ?? {}), ...fields });
	}

	/**
	 * Calls `listener` with every board event (who restored, locked, moved the agenda on...), each one, in order;
	 * `notice` keeps only the latest. Returns the unsubscribe function.
	 */
	onEvent(listener: (event: EventNotice) => void): () => void {
		this.#eventListeners.add(listener);
		return () => this.#eventListeners.delete(listener);
	}

	destroy(): void {
		this.#destroyed = true;
		this.#eventListeners.clear();
		this.doc.off('update', this.#onUpdate);
		this.awareness.off('change', this.#onAwareness);
		this.provider.off('status', this.#onStatus);
		this.provider.off('sync', this.#onSync);
		this.provider.off('closed', this.#onClosed);
		globalThis.removeEventListener?.('offline', this.#onNetworkLost);
		globalThis.removeEventListener?.('online', this.#onNetworkBack);
		this.provider.destroy();
		void this.#local?.destroy();
		this.doc.destroy();
	}

	/**
	 * What the first screen does not need waits until it is up. Telling this browser's other tabs (which keep one
	 * another in step while offline) sends them the whole document, encoded: tens of milliseconds on a large board.
	 * The offline copy's first write, the whole document, likewise. Nothing edited meanwhile is lost
	 * to either: a tab answers the announcement with all it has, and the copy stores the whole document on opening,
	 * then every update, and merges what an earlier tab left unsent.
	 */
	async #afterFirstScreen(otherTabs: boolean, offlineCopy: string | null): Promise<void> {
		// The copy's code is fetched at once, though opened later: a member whose network goes before the page is
		// idle still gets the copy. Fails only if the network went before the page came.
		const copyCode = offlineCopy === null ? null : import('y-indexeddb').catch(() => null);
		await firstIdleMoment();
		if (this.#destroyed) return;
		if (otherTabs) {
			this.provider.disableBc = false;
			if (this.provider.shouldConnect) this.#joinOtherTabs();
		}
		if (offlineCopy === null || copyCode === null) return;
		// Without its code the board works on without the copy.
		const loaded = await copyCode;
		if (loaded && !this.#destroyed) this.#local = new loaded.IndexeddbPersistence(offlineCopy, this.doc);
	}

	/**
	 * y-websocket's `connectBc` less its second message, the whole document encoded (tens of milliseconds on a large
	 * board, in one task, while the first remote edits arrive): this tab sends its state vector, which the other tabs
	 * answer with what it lacks, and its presence. What they lack goes once one of them has answered, so a tab alone
	 * (the usual case) never encodes it; a tab opened later asks for it with its own state vector. A reconnect after
	 * the network came back uses y-websocket's own `connectBc`, which sends it all.
	 */
	#joinOtherTabs(): void {
		const provider = this.provider;
		const answer = provider._bcSubscriber;
		let sent = false;
		provider._bcSubscriber = (data, origin) => {
			if (!sent && origin !== provider) {
				sent = true;
				bc.publish(
					provider.bcChannel,
					message(MessageType.sync, (e) => syncProtocol.writeSyncStep2(e, this.doc)),
					provider
				);
			}
			answer(data, origin);
		};
		bc.subscribe(provider.bcChannel, provider._bcSubscriber);
		provider.bcconnected = true;
		bc.publish(
			provider.bcChannel,
			message(MessageType.sync, (e) => syncProtocol.writeSyncStep1(e, this.doc)),
			provider
		);
		bc.publish(
			provider.bcChannel,
			message(MessageType.queryAwareness, () => {}),
			provider
		);
		const presence = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
		bc.publish(
			provider.bcChannel,
			message(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, presence)),
			provider
		);
	}

	#installHandlers(): void {
		const handlers = this.provider.messageHandlers;
		const sync = handlers[MessageType.sync];
		if (!sync) throw new Error('y-websocket without a sync handler');
		handlers[MessageType.sync] = (encoder, decoder, provider, emitSynced, type) => {
			sync(encoder, decoder, provider, emitSynced, type);
			// The answer to the server's step 1 (step 2, holding everything unsent) is the next frame out.
			if (emitSynced && encoding.length(encoder) > 1 && this.#tracker.hasUnsent) {
				this.#tracker.resent(sentFrames(provider.ws) + 1);
				this.#refreshSave();
			}
		};
		handlers[MessageType.saved] = (_encoder, decoder) => {
			this.#tracker.saved(readSaved(decoder));
			this.#refreshSave();
		};
		handlers[MessageType.saveFailed] = (_encoder, decoder) => {
			this.#tracker.failed(readSaveFailed(decoder));
			this.#refreshSave();
		};
		handlers[MessageType.notice] = (_encoder, decoder) => {
			const notice = readNotice(decoder);
			if (!notice) return;
			if (notice.type === 'event') {
				for (const listener of this.#eventListeners) listener(notice);
				return;
			}
			this.notice = notice;
			if (notice.type === 'read-only') this.readOnly = notice.readOnly;
		};
	}

	#onUpdate = (_update: Uint8Array, origin: unknown): void => {
		if (origin === this.provider || this.readOnly) return;
		const ws = this.provider.ws;
		const sent = this.provider.wsconnected && ws !== null && ws.readyState === ws.OPEN;
		this.#tracker.localChange(sent ? sentFrames(ws) : null);
		this.#refreshSave();
	};

	/**
	 * "Live" only once the server has answered the sync, not merely when the
	 * socket opened: until then my view may be out of date.
	 */
	#onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
		if (status === 'connected') {
			this.#everConnected = true;
			this.#tracker.newSocket();
			this.reconnecting = false;
		} else if (status === 'connecting') {
			this.reconnecting = this.#everConnected;
		} else {
			this.synced = false;
			this.reconnecting = this.provider.shouldConnect;
		}
		this.#refreshStatus();
		this.#refreshSave();
	};

	#onSync = (synced: boolean): void => {
		this.synced = synced;
		this.#refreshStatus();
	};

	#refreshStatus(): void {
		if (this.closed) this.status = 'offline';
		else if (this.provider.wsconnected && this.synced) this.status = 'live';
		// The socket is open and the server's answer to the sync is on its way: connecting, not offline (every page
		// load showed "Offline" for a moment here).
		else if (this.provider.wsconnected) this.status = 'connecting';
		else this.status = this.#everConnected ? 'offline' : 'connecting';
	}

	/**
	 * The browser knows at once when the network goes; a socket can take half a
	 * minute to notice. Say so now, and drop the socket so edits queue for the
	 * reconnect instead of vanishing into a dead connection.
	 */
	#onNetworkLost = (): void => {
		this.synced = false;
		this.status = this.#everConnected ? 'offline' : 'connecting';
		this.provider.ws?.close();
	};

	/** Back online: reconnect now rather than after the provider's backoff. */
	#onNetworkBack = (): void => {
		if (!this.provider.shouldConnect || this.provider.wsconnected || this.closed) return;
		this.provider.disconnect();
		this.provider.connect();
	};

	#onClosed = (event: { code: number; reason: string }): void => {
		this.closed = event;
		this.status = 'offline';
		this.reconnecting = false;
	};

	#onAwareness = (): void => {
		const byUser = new Map<string, Peer>();
		for (const [clientId, state] of this.awareness.getStates()) {
			if (clientId === this.doc.clientID) continue;
			const user = (state as { user?: { id?: unknown; name?: unknown; colour?: unknown } }).user;
			if (!user || typeof user.id !== 'string' || user.id === this.#userId || byUser.has(user.id)) continue;
			byUser.set(user.id, {
				clientId,
				userId: user.id,
				name: typeof user.name === 'string' ? user.name : '',
				colour: typeof user.colour === 'string' ? user.colour : colourFor(user.id),
				state: state as Record<string, unknown>
			});
		}
		const colours = distinctColours(this.#userId, [...byUser.values()]);
		this.peers = [...byUser.values()]
			.map((peer) => ({ ...peer, colour: colours.get(peer.userId) ?? peer.colour }))
			.sort((a, b) => a.name.localeCompare(b.name));
	};

	#refreshSave(): void {
		this.save = this.#tracker.state;
		this.saveError = this.save === 'error' ? this.#tracker.failure : null;
	}
}

/** Longest the work left out of the first screen waits for an idle moment. */
const IDLE_WITHIN_MS = 1_000;

function firstIdleMoment(): Promise<void> {
	return new Promise((resolve) => {
		if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: IDLE_WITHIN_MS });
		else setTimeout(resolve, 0);
	});
}

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

function defaultServerUrl(): string {
	const { protocol, host } = globalThis.location;
	return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/collab`;
}
