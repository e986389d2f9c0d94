import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../../src/lib/protocol/messages.ts';

export interface OutboxTarget {
	send(message: Uint8Array): void;
}

interface Outgoing<Target> {
	update: Uint8Array;
	/** The target it came from, which has it already. */
	sender: Target | null;
}

/**
 * Above this many senders in one window, each sender also gets the merged message, its own edits included (a
 * no-op for its document), instead of a merge of everyone else's made just for it: one more merge per
 * sender would cost more than the bytes it saves.
 */
const MAX_TAILORED_MERGES = 4;

/**
 * While a board is busy and the server is behind (boards' work waiting for a turn), what its readers are sent is
 * gathered for this long and sent together; otherwise for one turn of the event loop.
 */
export const GATHER_MS = 40;

/**
 * Gathered updates larger than this together are sent one by one, as they came: merging twenty 1,000-cell
 * pastes costs the event loop tens of milliseconds in one go, and saves a reader only a few frame headers.
 */
export const MERGE_MAX_BYTES = 64 * 1024;

export interface OutboxOptions {
	/** How long a busy board's updates are gathered from now: 0 for one turn of the event loop (the default). */
	gatherMs?: () => number;
	/** Runs a window's sending in a turn with budget (the room's Turns); at once by default. */
	run?: (send: () => void) => void;
}

/**
 * The document updates a room forwards. A quiet board sends an update once the task that made it is done (with the
 * others that task made, such as several released by one commit), in the same turn of the event loop; from then
 * until a window passes with nothing more to send, updates are gathered and sent at the end of each window as one
 * merged update per socket. A window is one turn, or GATHER_MS while the server is behind: each frame costs a write
 * to a socket, and at 40 edits a second on a board of twenty those writes were the largest share of the server's
 * time under load, so a busy board then sends each reader one frame per 40 ms instead of one per update.
 */
export class UpdateOutbox<Target extends OutboxTarget> {
	readonly #targets: () => Iterable<Target>;
	readonly #onSent: (messages: number, updates: Uint8Array[]) => void;
	readonly #gatherMs: () => number;
	readonly #run: (send: () => void) => void;
	#pending: Outgoing<Target>[] = [];
	/** The end of the current window, while the board is busy (something was sent in this window or the last). */
	#windowEnd: { cancel(): void } | null = null;

	/** `onSent` hears how many messages went out, and which updates they carried. */
	constructor(targets: () => Iterable<Target>, onSent: (messages: number, updates: Uint8Array[]) => void, options: OutboxOptions = {}) {
		this.#targets = targets;
		this.#onSent = onSent;
		this.#gatherMs = options.gatherMs ?? (() => 0);
		this.#run = options.run ?? ((send) => send());
	}

	/**
	 * Sends an update to every target but `sender` (the connection it came from, if any): on a quiet board once the
	 * current task is done, in the same turn of the event loop unless other boards' work has used it; on a busy one
	 * at the window's end. Until it is sent it is pending, so a flush (before presence or a sync reply) takes it too.
	 */
	add(update: Uint8Array, sender: Target | null): void {
		this.#pending.push({ update, sender });
		if (this.#windowEnd) return;
		this.#windowEnd = this.#openWindow();
		// After the current task's other updates (a commit releases several at once; a held update follows the one it
		// waited for): they go in the same frame, not the next window's.
		queueMicrotask(() => this.#run(() => this.flush()));
	}

	/** Sends what is queued now; called before anything that must not overtake it (presence, a sync reply). */
	flush(): void {
		const pending = this.#pending;
		if (pending.length === 0) return;
		this.#pending = [];
		let bytes = 0;
		for (const entry of pending) bytes += entry.update.byteLength;
		if (bytes <= MERGE_MAX_BYTES) this.#send(pending);
		else for (const entry of pending) this.#send([entry]);
	}

	/** Drops what is queued (the room is closing; its clients resync from storage when they reconnect). */
	clear(): void {
		this.#windowEnd?.cancel();
		this.#windowEnd = null;
		this.#pending = [];
	}

	#endWindow(): void {
		this.#windowEnd = null;
		if (this.#pending.length === 0) return;
		this.#run(() => this.flush());
		// Still busy: the next window's updates are gathered too.
		this.#windowEnd = this.#openWindow();
	}

	#openWindow(): { cancel(): void } {
		const ms = this.#gatherMs();
		if (ms <= 0) {
			const immediate = setImmediate(() => this.#endWindow());
			return { cancel: () => clearImmediate(immediate) };
		}
		const timer = setTimeout(() => this.#endWindow(), ms);
		return { cancel: () => clearTimeout(timer) };
	}

	#send(pending: Outgoing<Target>[]): void {
		const only = pending.length === 1 ? pending[0] : undefined;
		const senders = new Set(pending.map((entry) => entry.sender));
		const everything = encodeUpdate(only ? only.update : Y.mergeUpdates(pending.map((entry) => entry.update)));
		const tailored = senders.size <= MAX_TAILORED_MERGES;
		const forSender = new Map<Target, Uint8Array | null>();
		let sent = 0;
		for (const target of this.#targets()) {
			let message: Uint8Array | null = everything;
			if (tailored && senders.has(target)) {
				if (!forSender.has(target)) forSender.set(target, withoutOwn(pending, target));
				message = forSender.get(target) ?? null;
			}
			if (message === null) continue;
			target.send(message);
			sent++;
		}
		this.#onSent(
			sent,
			pending.map((entry) => entry.update)
		);
	}
}

function withoutOwn<Target>(pending: Outgoing<Target>[], sender: Target): Uint8Array | null {
	const others = pending.filter((entry) => entry.sender !== sender).map((entry) => entry.update);
	if (others.length === 0) return null;
	return encodeUpdate(others.length === 1 ? (others[0] as Uint8Array) : Y.mergeUpdates(others));
}

function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}
