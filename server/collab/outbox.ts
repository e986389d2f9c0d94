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
 * Above this many senders in one turn, each sender also gets the merged message, its own edits included (a
 * no-op for its document), instead of a merge of everyone else's made just for it: one more merge per
 * sender would cost more than the bytes it saves.
 */
const MAX_TAILORED_MERGES = 4;

/**
 * The document updates a room forwards. A quiet board sends an update the moment it comes, with no turn of the
 * event loop in between; from then until a turn passes with nothing more to send, updates are gathered for
 * the turn and sent as one merged update per socket. So a busy board, whose frames queue up while the server
 * works, sends one frame per reader for all of them instead of one each, and the cost of a burst grows with
 * the readers, not with readers x updates.
 */
export class UpdateOutbox<Target extends OutboxTarget> {
	readonly #targets: () => Iterable<Target>;
	readonly #onSent: (messages: number) => void;
	#pending: Outgoing<Target>[] = [];
	/** The end of the current turn, while the board is busy (something was sent this turn or the last). */
	#turnEnd: NodeJS.Immediate | null = null;

	constructor(targets: () => Iterable<Target>, onSent: (messages: number) => void) {
		this.#targets = targets;
		this.#onSent = onSent;
	}

	/** Sends an update to every target but `sender` (the connection it came from, if any): now, or at the turn's end. */
	add(update: Uint8Array, sender: Target | null): void {
		if (this.#turnEnd) {
			this.#pending.push({ update, sender });
			return;
		}
		this.#send([{ update, sender }]);
		this.#turnEnd = setImmediate(() => this.#endTurn());
	}

	/** Sends what is queued now; called before anything that must not overtake it (presence, a sync reply). */
	flush(): void {
		const pending = this.#pending;
		if (pending.length === 0) return;
		this.#pending = [];
		this.#send(pending);
	}

	/** Drops what is queued (the room is closing; its clients resync from storage when they reconnect). */
	clear(): void {
		if (this.#turnEnd) clearImmediate(this.#turnEnd);
		this.#turnEnd = null;
		this.#pending = [];
	}

	#endTurn(): void {
		this.#turnEnd = null;
		if (this.#pending.length === 0) return;
		this.flush();
		// Still busy: the next turn's updates are gathered too.
		this.#turnEnd = setImmediate(() => this.#endTurn());
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
		this.#onSent(sent);
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
