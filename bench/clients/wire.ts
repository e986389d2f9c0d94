import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** How a server frames Yjs sync messages: the y-websocket protocol, or Hocuspocus's (document name first). */
export type WireKind = 'y-websocket' | 'hocuspocus';

export type Incoming =
	| { kind: 'step1'; stateVector: Uint8Array }
	| { kind: 'step2'; update: Uint8Array }
	| { kind: 'update'; update: Uint8Array }
	/** trustboard's confirmation (type 100): what is durable. */
	| { kind: 'saved'; stateVector: Uint8Array; frames: number }
	| { kind: 'other' };

const SYNC = 0;
const SYNC_REPLY = 4; // Hocuspocus: a sync message that does not ask for a step 1 back
const AUTH = 2;
const SAVED = 100;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;

/** Encodes and decodes just what a bench client needs; everything else is reported as `other`. */
export class Wire {
	readonly kind: WireKind;
	readonly #documentName: string;

	constructor(kind: WireKind, documentName: string) {
		this.kind = kind;
		this.#documentName = documentName;
	}

	/** Frames a client sends on open: Hocuspocus waits for an auth message (any token, no auth hook) first. */
	hello(stateVector: Uint8Array): Uint8Array[] {
		const step1 = this.#sync(STEP1, stateVector);
		if (this.kind === 'y-websocket') return [step1];
		const auth = encoding.createEncoder();
		encoding.writeVarString(auth, this.#documentName);
		encoding.writeVarUint(auth, AUTH);
		encoding.writeVarUint(auth, 0);
		encoding.writeVarString(auth, '');
		return [encoding.toUint8Array(auth), step1];
	}

	step2(update: Uint8Array): Uint8Array {
		return this.#sync(STEP2, update);
	}

	update(update: Uint8Array): Uint8Array {
		return this.#sync(UPDATE, update);
	}

	read(frame: Uint8Array): Incoming {
		const decoder = decoding.createDecoder(frame);
		if (this.kind === 'hocuspocus') decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		if (type === SAVED && this.kind === 'y-websocket') {
			const stateVector = decoding.readVarUint8Array(decoder);
			return { kind: 'saved', stateVector, frames: decoding.readVarUint(decoder) };
		}
		if (type !== SYNC && !(type === SYNC_REPLY && this.kind === 'hocuspocus')) return { kind: 'other' };
		const sub = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (sub === STEP1) return { kind: 'step1', stateVector: payload };
		if (sub === STEP2) return { kind: 'step2', update: payload };
		if (sub === UPDATE) return { kind: 'update', update: payload };
		return { kind: 'other' };
	}

	#sync(sub: number, payload: Uint8Array): Uint8Array {
		const encoder = encoding.createEncoder();
		if (this.kind === 'hocuspocus') encoding.writeVarString(encoder, this.#documentName);
		encoding.writeVarUint(encoder, SYNC);
		encoding.writeVarUint(encoder, sub);
		encoding.writeVarUint8Array(encoder, payload);
		return encoding.toUint8Array(encoder);
	}
}
