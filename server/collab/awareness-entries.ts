import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Keeps the entries of an awareness update (`count, [clientId, clock, stateJson]...`) that `keep` accepts;
 * null when none is left. `stateJson` is "null" for a removal.
 */
export function filterAwarenessEntries(update: Uint8Array, keep: (clientId: number, stateJson: string) => boolean): Uint8Array | null {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries = encoding.createEncoder();
	let kept = 0;
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = decoding.readVarString(decoder);
		if (!keep(clientId, state)) continue;
		encoding.writeVarUint(entries, clientId);
		encoding.writeVarUint(entries, clock);
		encoding.writeVarString(entries, state);
		kept++;
	}
	if (kept === 0) return null;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, kept);
	encoding.writeUint8Array(encoder, encoding.toUint8Array(entries));
	return encoding.toUint8Array(encoder);
}
