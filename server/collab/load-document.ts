import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { StoredDoc } from '../../src/lib/server/doc-store.ts';
import { LOAD } from './origin.ts';

/** How long one slice of a load applies stored updates before the event loop serves the other boards. */
const SLICE_BUDGET_MS = 4;

/** A board's document as loaded from storage, before a room holds it. */
export interface LoadedDocument {
	doc: Y.Doc;
	/** The stored bytes applied. */
	bytes: number;
	/** The log position loaded. */
	seq: number;
	/** The board as one update, if the store made one (see StoredDoc.whole). */
	whole: Uint8Array | null;
}

/** Runs a slice of work in a turn of the event loop (the server's shared Turns), resolving with its result. */
export type SliceRunner = <T>(task: () => T) => Promise<T>;

/** Alone (no shared turns): the first slice at once, each later one a turn of the event loop after the last. */
function ownTurns(): SliceRunner {
	let first = true;
	return (task) => {
		if (first) {
			first = false;
			return Promise.resolve().then(task);
		}
		return new Promise((resolve) => setImmediate(resolve)).then(task);
	};
}

/**
 * Applies a board's stored updates to a new document in slices of SLICE_BUDGET_MS, each run by `run`: on the
 * server, the Turns every board shares, so fifty boards loading at once after a restart take turns with each
 * other and with the loaded boards' messages instead of each taking a slice in every turn. A large board comes
 * in slices (doc-store.ts, mergedOffThread), and nobody is connected to the document yet, so other boards' edits
 * are served between them. A small board is applied in one slice.
 */
export async function loadDocument(
	stored: StoredDoc,
	{ run = ownTurns(), budgetMs = SLICE_BUDGET_MS }: { run?: SliceRunner; budgetMs?: number } = {}
): Promise<LoadedDocument> {
	const doc = new Y.Doc();
	const { updates } = stored;
	let bytes = 0;
	let next = 0;
	const slice = () => {
		const started = performance.now();
		doc.transact(() => {
			do {
				const update = updates[next++]!;
				Y.applyUpdate(doc, update, LOAD);
				bytes += update.byteLength;
			} while (next < updates.length && performance.now() - started < budgetMs);
		}, LOAD);
	};
	while (next < updates.length) await run(slice);
	return { doc, bytes, seq: stored.seq, whole: stored.whole ?? null };
}

/**
 * A sync step 2 for a client's state vector. To an empty client, while the document is as loaded, it is the whole
 * state the load made (`whole`): the same answer as encoding the document, without encoding it on the event loop
 * (a 1.5 MB board: 20-90 ms).
 */
export function writeSyncStep2(encoder: encoding.Encoder, doc: Y.Doc, whole: Uint8Array | null, stateVector: Uint8Array): void {
	// A state vector naming no client is one byte: the count, 0.
	if (whole && stateVector.byteLength === 1 && stateVector[0] === 0) {
		encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
		encoding.writeVarUint8Array(encoder, whole);
	} else {
		syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	}
}
