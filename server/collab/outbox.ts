import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../../src/lib/protocol/messages.ts';

export interface OutboxTarget {
	send(message: Uint8Array): void;
}

interface Outgoing<Target> {
	update: Uint8Array;
	origin: Target | unknown;
}

/**
 * Above this many senders in one turn, each sender also gets the merged message, its own edits included (a
 * no-op for its document), instead of a merge of everyone else's made just for it: one more merge per
 * sender would cost more than the bytes it saves.
 */
const MAX_TAILORED_MERGES = 4;

/**
 * The document updates a room forwards, gathered for one turn of the event loop and sent as one merged update
 * per socket. A quiet board pays nothing for it (one update, sent as it came, a turn later); a busy one, whose
 * frames queue up while the server works, sends one frame per reader for all of them instead of one each, so
 * the cost of a burst grows with the readers, not with readers x updates.
 */
export class UpdateOutbox<Target extends OutboxTarget> {
	readonly #targets: () => Iterable<Target>;
	readonly #onSent: (messages: number) => void;
	#pending: Outgoing<Target>[] = [];
	#scheduled: NodeJS.Immediate | null = null;

	constructor(targets: () => Iterable<Target>, onSent: (messages: number) => void) {
		this.#targets = targets;
		this.#onSent = onSent;
	}

	/** Queues an update for every target but `origin` (the connection it came from, if any). */
	add(update: Uint8Array, origin: Target | unknown): void {
		this.#pending.push({ update, origin });
		this.#scheduled ??= setImmediate(() => this.flush());
	}

	/** Sends what is queued now; called before anything that must not overtake it (presence, a sync reply). */
	flush(): void {
		if (this.#scheduled) clearImmediate(this.#scheduled);
		this.#scheduled = null;
		const pending = this.#pending;
		const only = pending.length === 1 ? pending[0] : undefined;
		if (pending.length === 0) return;
		this.#pending = [];
		const origins = new Set(pending.map((entry) => entry.origin));
		const everything = encodeUpdate(only ? only.update : Y.mergeUpdates(pending.map((entry) => entry.update)));
		const tailored = origins.size <= MAX_TAILORED_MERGES;
		const forOrigin = new Map<unknown, Uint8Array | null>();
		let sent = 0;
		for (const target of this.#targets()) {
			let message: Uint8Array | null = everything;
			if (tailored && origins.has(target)) {
				if (!forOrigin.has(target)) forOrigin.set(target, withoutOwn(pending, target));
				message = forOrigin.get(target) ?? null;
			}
			if (message === null) continue;
			target.send(message);
			sent++;
		}
		this.#onSent(sent);
	}

	/** Drops what is queued (the room is closing; its clients resync from storage when they reconnect). */
	clear(): void {
		if (this.#scheduled) clearImmediate(this.#scheduled);
		this.#scheduled = null;
		this.#pending = [];
	}
}

function withoutOwn<Target>(pending: Outgoing<Target>[], origin: Target): Uint8Array | null {
	const others = pending.filter((entry) => entry.origin !== origin).map((entry) => entry.update);
	if (others.length === 0) return null;
	return encodeUpdate(others.length === 1 ? (others[0] as Uint8Array) : Y.mergeUpdates(others));
}

function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}
