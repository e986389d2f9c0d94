import type * as Y from 'yjs';
import { CloseCode } from '../../src/lib/protocol/messages.ts';
import { MAX_NEW_IDS_PER_UPDATE, type ClientIdRegistry } from './client-ids.ts';
import { deletesAhead, shapeOf, writers, type UpdateShape } from './update-shape.ts';

/** A client update the board refuses; its sender is closed with `code` and nothing of it is applied or confirmed. */
export class RefusedUpdate extends Error {
	readonly code: number;
	constructor(code: number, message: string) {
		super(message);
		this.code = code;
	}
}

/**
 * Checks a member's update before anything of it is applied: no gap inside it, structs only under client
 * ids bound to the member (binding new ones), and deletions ahead of the board only of the member's own
 * content (which may be in an update still held). Otherwise a member could make the board ignore or delete
 * another member's next edits. Returns the update's shape (what it waits for) or throws RefusedUpdate.
 */
export function admitUpdate(doc: Y.Doc, clientIds: ClientIdRegistry, userId: string, update: Uint8Array): UpdateShape {
	const shape = shapeOf(update);
	if (shape.hasGap) throw new RefusedUpdate(CloseCode.invalidPayload, 'update has a gap');
	const written = writers(doc, shape);
	if (written.filter((clientId) => clientIds.ownerOf(clientId) === undefined).length > MAX_NEW_IDS_PER_UPDATE) {
		throw new RefusedUpdate(CloseCode.forgedUpdate, 'update writes under too many new client ids');
	}
	if (clientIds.claim(written, userId) !== null) {
		throw new RefusedUpdate(CloseCode.forgedUpdate, 'update writes under a client id of another member');
	}
	if (deletesAhead(doc, shape).some((clientId) => clientIds.ownerOf(clientId) !== userId)) {
		throw new RefusedUpdate(CloseCode.forgedUpdate, 'update deletes content this board does not have');
	}
	return shape;
}
