import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/** A slice's size: its structs and their content (a character, an array element, a map value each). */
export interface SliceSize {
	structs: number;
	content: number;
}

/**
 * A whole board's state cut into updates of at most `size.structs` structs and `size.content` of content each which, applied in order, give the
 * same document as the state, each building only on the slices before it (so none waits inside Yjs for a
 * dependency), the deletions last. A room applies them with turns of the event loop in between: applying a
 * large board in one go held every other board for as long as it took (a 5,000-row board: about a second).
 *
 * Structs are taken client by client in clock order, a struct as soon as what it points to (its origins and its
 * parent) is taken; a state holds every struct before the ones it lists, so this always finishes. If it cannot
 * (an update with gaps, from a store written by something else), the state is returned whole, as one slice.
 */
export function sliceState(state: Uint8Array, size: SliceSize): Uint8Array[] {
	const { structs } = Y.decodeUpdate(state);
	if (structs.length <= size.structs && structs.reduce((sum, struct) => sum + struct.length, 0) <= size.content) return [state];
	const byClient = new Map<number, Array<Y.Item | Y.GC>>();
	for (const struct of structs) {
		if (struct instanceof Y.Skip) return [state];
		const list = byClient.get(struct.id.client);
		if (list) list.push(struct as Y.Item | Y.GC);
		else byClient.set(struct.id.client, [struct as Y.Item | Y.GC]);
	}
	const clients = [...byClient.keys()];
	const next = new Map(clients.map((client) => [client, 0]));
	/** Per client, the clock below which its structs are taken. */
	const taken = new Map(clients.map((client) => [client, byClient.get(client)![0]!.id.clock]));
	const has = (id: Y.ID | null): boolean => id === null || !byClient.has(id.client) || taken.get(id.client)! > id.clock;
	const ready = (struct: Y.Item | Y.GC): boolean =>
		struct instanceof Y.GC || (has(struct.origin) && has(struct.rightOrigin) && (!(struct.parent instanceof Y.ID) || has(struct.parent)));

	const slices: Uint8Array[] = [];
	let slice: Array<Y.Item | Y.GC> = [];
	let content = 0;
	let left = structs.length;
	while (left > 0) {
		let progressed = false;
		for (const client of clients) {
			const list = byClient.get(client)!;
			let i = next.get(client)!;
			while (i < list.length && ready(list[i]!)) {
				const struct = list[i]!;
				slice.push(struct);
				taken.set(client, struct.id.clock + struct.length);
				i++;
				left--;
				// A collected (GC) range costs nothing like its length to apply.
				if (struct instanceof Y.Item) content += struct.length;
				if (slice.length >= size.structs || content >= size.content) {
					slices.push(encodeSlice(slice));
					slice = [];
					content = 0;
				}
			}
			if (i !== next.get(client)) progressed = true;
			next.set(client, i);
		}
		if (!progressed) return [state];
	}
	if (slice.length > 0) slices.push(encodeSlice(slice));
	// No structs past the state's own vector: what is left is its delete set.
	slices.push(Y.diffUpdate(state, Y.encodeStateVectorFromUpdate(state)));
	return slices;
}

/** Structs (each client's a run without gaps, in clock order) as an update in Yjs's v1 format, with no deletions. */
function encodeSlice(structs: Array<Y.Item | Y.GC>): Uint8Array {
	const runs = new Map<number, Array<Y.Item | Y.GC>>();
	for (const struct of structs) {
		const run = runs.get(struct.id.client);
		if (run) run.push(struct);
		else runs.set(struct.id.client, [struct]);
	}
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, runs.size);
	for (const [client, run] of runs) {
		encoding.writeVarUint(encoder.restEncoder, run.length);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, run[0]!.id.clock);
		for (const struct of run) struct.write(encoder, 0);
	}
	// An empty delete set.
	encoding.writeVarUint(encoder.restEncoder, 0);
	return encoder.toUint8Array();
}
