import WebSocket from 'ws';
import * as Y from 'yjs';
import type { EditorDoc } from '../lib/content.ts';
import { socketUrl, type Endpoint } from './endpoint.ts';
import { Wire } from './wire.ts';

export interface RawClientOptions {
	endpoint: Endpoint;
	boardId: string;
	/** A writer's own board copy: its sync step 2 carries what the server lacks (how a new board is seeded). */
	editor?: EditorDoc;
	/** Every update payload the server sends after the initial sync, with its arrival time. */
	onUpdate?(update: Uint8Array, at: number): void;
	onSaved?(stateVector: Uint8Array, frames: number): void;
	syncTimeoutMs?: number;
}

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * A protocol-level Yjs client: a socket that syncs, sends prepared updates and reports what arrives, without
 * keeping a document. Hundreds of them fit on the load generator's core, so the server saturates first.
 */
export class RawClient {
	readonly ws: WebSocket;
	readonly wire: Wire;
	/** Frames sent on this socket, counted from 1 (what trustboard's `saved.frames` refers to). */
	framesSent = 0;
	/** The initial sync step 2 (the board as the server had it). */
	initial: Uint8Array | null = null;
	closed = false;
	readonly #options: RawClientOptions;

	private constructor(options: RawClientOptions) {
		this.#options = options;
		this.wire = new Wire(options.endpoint.wire, options.boardId);
		this.ws = new WebSocket(socketUrl(options.endpoint, options.boardId), { headers: options.endpoint.headers, perMessageDeflate: false });
		this.ws.binaryType = 'nodebuffer';
	}

	/** Opens and resolves once the server's sync step 2 has arrived. */
	static open(options: RawClientOptions): Promise<RawClient> {
		const client = new RawClient(options);
		return client.#connect().then(() => client);
	}

	/** Sends one update; returns its frame number. */
	send(update: Uint8Array, onWritten?: (error?: Error) => void): number {
		this.ws.send(this.wire.update(update), onWritten);
		return ++this.framesSent;
	}

	close(): void {
		this.closed = true;
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
	}

	#raw(frame: Uint8Array): void {
		this.ws.send(frame);
		this.framesSent++;
	}

	#connect(): Promise<void> {
		const { editor, syncTimeoutMs = 30_000 } = this.#options;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.close();
				reject(new Error('no sync step 2 in time'));
			}, syncTimeoutMs);
			this.ws.once('unexpected-response', (_request, response) => {
				clearTimeout(timer);
				reject(new Error(`upgrade refused: ${response.statusCode}`));
			});
			// Kept for the socket's life: a killed server resets sockets, which must not crash the generator.
			this.ws.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			this.ws.once('close', () => {
				this.closed = true;
				clearTimeout(timer);
				reject(new Error('closed before sync'));
			});
			this.ws.once('open', () => {
				for (const frame of this.wire.hello(editor ? Y.encodeStateVector(editor.doc) : EMPTY_STATE_VECTOR)) this.#raw(frame);
			});
			this.ws.on('message', (data: Buffer) => {
				const at = performance.now();
				const message = this.wire.read(data);
				switch (message.kind) {
					case 'update':
						this.#options.onUpdate?.(message.update, at);
						return;
					case 'step1':
						this.#raw(this.wire.step2(editor ? Y.encodeStateAsUpdate(editor.doc, message.stateVector) : EMPTY_UPDATE));
						return;
					case 'step2':
						if (this.initial === null) {
							this.initial = message.update;
							clearTimeout(timer);
							resolve();
						} else this.#options.onUpdate?.(message.update, at);
						return;
					case 'saved':
						this.#options.onSaved?.(message.stateVector, message.frames);
						return;
				}
			});
		});
	}
}
