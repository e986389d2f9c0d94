import type * as Y from 'yjs';
import { originOf } from './origin.ts';

/**
 * Calls `handler` with each transaction's update and origin, as the document's `update` event does, except that a
 * member's live edit the board took whole is reported with the bytes the member sent (the origin's `sent`). For
 * the `update` event Yjs encodes every transaction again from the document: a quarter of the CPU a member's edit
 * cost the server, to produce what the member had just sent. Storing and forwarding the sent bytes instead is the
 * same change to every document that applies them: the intake passes them on only when the transaction took all
 * of their structs, none of them known before, with nothing left waiting (see `Intake`).
 *
 * Yjs encodes only while the document has an `update` listener, and checks right after it emits
 * `afterTransactionCleanup` for that transaction; so the listener is attached there for each transaction that
 * needs Yjs's encoding (repairs, server changes, peers, held updates) and detached for one that does not.
 */
export function observeUpdates(doc: Y.Doc, handler: (update: Uint8Array, origin: unknown) => void): () => void {
	let listening = false;
	const listen = (on: boolean) => {
		if (on === listening) return;
		listening = on;
		if (on) doc.on('update', handler);
		else doc.off('update', handler);
	};
	const onCleanup = (transaction: Y.Transaction) => {
		const sent = sentWhole(transaction);
		listen(sent === null);
		if (sent !== null && hasContent(transaction)) handler(sent, transaction.origin);
	};
	doc.on('afterTransactionCleanup', onCleanup);
	return () => {
		doc.off('afterTransactionCleanup', onCleanup);
		listen(false);
	};
}

/** The bytes a member sent, if they are this transaction's update (nothing of it, or before it, left waiting). */
function sentWhole(transaction: Y.Transaction): Uint8Array | null {
	const origin = originOf(transaction.origin);
	if (origin.source !== 'client' || origin.sent === undefined) return null;
	const { store } = transaction.doc;
	if (store.pendingStructs !== null || store.pendingDs !== null) return null;
	return origin.sent;
}

/** Whether the transaction changed anything (Yjs emits no update otherwise): a resent edit changes nothing. */
function hasContent(transaction: Y.Transaction): boolean {
	if (transaction.deleteSet.clients.size > 0) return true;
	for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
	return false;
}
