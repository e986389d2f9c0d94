import type { WireKind } from './wire.ts';

/** Where and how a client reaches one server instance for one board. */
export interface Endpoint {
	wire: WireKind;
	/** y-websocket: the base the board id is appended to; Hocuspocus: the socket URL (the name is in frames). */
	base: string;
	/** Cookie and Origin for trustboard; none for the others. */
	headers: Record<string, string>;
	/** Query parameters (trustboard's `acks=1`). */
	params: Record<string, string>;
}

export function socketUrl(endpoint: Endpoint, boardId: string): string {
	const url = new URL(endpoint.wire === 'y-websocket' ? `${endpoint.base}/${boardId}` : endpoint.base);
	for (const [key, value] of Object.entries(endpoint.params)) url.searchParams.set(key, value);
	return url.toString();
}
