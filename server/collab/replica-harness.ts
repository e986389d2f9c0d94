import pino from 'pino';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { DocStore, LoggedUpdate } from '../../src/lib/server/doc-store.ts';
import type { BoardListener, Fanout } from './fanout.ts';
import { Metrics } from './metrics.ts';
import { RoomReplica } from './replica.ts';

/**
 * Test harness for replication between instances: a database log, a pub/sub bus that can drop or hold
 * messages, and instances each holding a document with its RoomReplica, editing the way a room does.
 */

const BOARD = 'board0000000000a';
/** Awareness instances made by a test, destroyed after it (`afterEach(closeOpened)`). */
export const opened: awarenessProtocol.Awareness[] = [];
export function closeOpened(): void {
	for (const awareness of opened.splice(0)) awareness.destroy();
}

/** The board's log, as the database would hold it: dense seqs in commit order. */
export class Log {
	readonly entries: LoggedUpdate[] = [];
	reads = 0;
	append(update: Uint8Array): number {
		this.entries.push({ seq: this.entries.length + 1, update, userId: null, createdAt: 0 });
		return this.entries.length;
	}
	get docs(): DocStore {
		return {
			readSince: async (_board, after, limit = 10_000) => {
				this.reads++;
				return this.entries.filter((entry) => entry.seq > after).slice(0, limit);
			}
		} as DocStore;
	}
}

/** Pub/sub between in-process replicas, with a switch to lose messages. */
export class Bus {
	readonly listeners = new Map<string, BoardListener>();
	dropping = false;
	held: Array<() => void> | null = null;
	fanout(instanceId: string): Fanout {
		const deliver = (fn: (listener: BoardListener) => void) => {
			if (this.dropping) return;
			for (const [id, listener] of this.listeners) {
				if (id === instanceId) continue;
				const send = () => fn(listener);
				if (this.held) this.held.push(send);
				else send();
			}
		};
		return {
			enabled: true,
			instanceId,
			join: (_board, listener) => {
				this.listeners.set(instanceId, listener);
				return () => this.listeners.delete(instanceId);
			},
			publishEarly: (_board, update, userId) => deliver((l) => l.early(instanceId, update, userId)),
			publishUpdates: (_board, firstSeq, updates) => deliver((l) => l.updates(firstSeq, updates)),
			publishAwareness: (_board, update) => deliver((l) => l.awareness(instanceId, update)),
			queryAwareness: () => deliver((l) => l.awarenessQuery()),
			publishControl() {},
			setHandlers() {},
			async close() {}
		};
	}
}

export interface Instance {
	doc: Y.Doc;
	awareness: awarenessProtocol.Awareness;
	replica: RoomReplica;
	origins: unknown[];
	local: Set<number>;
	/** Updates this instance stored on behalf of others (early updates not stored in time). */
	storedForOthers: Uint8Array[];
	/** Early updates sent to this instance's connections, with the board's text when each was sent. */
	forwarded: Array<{ update: Uint8Array; textThen: string }>;
	/** An edit through this instance: applied, appended, announced, as the room does. */
	edit(text: string): void;
	/** An edit applied and sent early; the returned function stores it (the commit). */
	editEarly(text: string): () => void;
}

export function instance(id: string, log: Log, bus: Bus): Instance {
	const doc = new Y.Doc();
	for (const entry of log.entries) Y.applyUpdate(doc, entry.update);
	const awareness = new awarenessProtocol.Awareness(doc);
	opened.push(awareness);
	awareness.setLocalState(null);
	const origins: unknown[] = [];
	doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
	const local = new Set<number>();
	const storedForOthers: Uint8Array[] = [];
	const forwarded: Array<{ update: Uint8Array; textThen: string }> = [];
	const replica: RoomReplica = new RoomReplica({
		room: {
			boardId: BOARD,
			doc,
			awareness,
			loadedSeq: log.entries.length,
			ownsLocally: (clientId) => local.has(clientId),
			localClients: () => [...local],
			active: () => true,
			forward: (update) => forwarded.push({ update, textThen: doc.getText('t').toString() }),
			store: ({ update }) => {
				storedForOthers.push(update);
				replica.stored(log.append(update), [update]);
			}
		},
		docs: log.docs,
		fanout: bus.fanout(id),
		logger: pino({ level: 'silent' }),
		metrics: new Metrics()
	});
	return {
		doc,
		awareness,
		replica,
		origins,
		local,
		storedForOthers,
		forwarded,
		edit(text) {
			this.editEarly(text)();
		},
		editEarly(text) {
			const writer = new Y.Doc();
			Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
			let update: Uint8Array | null = null;
			writer.on('update', (u: Uint8Array) => (update = u));
			writer.getText('t').insert(writer.getText('t').length, text);
			Y.applyUpdate(doc, update!, 'client');
			replica.applied(update!, null);
			return () => replica.stored(log.append(update!), [update!]);
		}
	};
}

export const text = (i: Instance) => i.doc.getText('t').toString();

export async function waitUntil(condition: () => boolean): Promise<void> {
	const deadline = Date.now() + 2_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
