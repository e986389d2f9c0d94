import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { until } from '../lib/time.ts';
import type { Endpoint } from './endpoint.ts';

/** A full client as an app would run one: the server's own provider library and a Y.Doc. */
export interface ProviderClient {
	readonly doc: Y.Doc;
	synced(): Promise<void>;
	destroy(): void;
}

function socketWithHeaders(headers: Record<string, string>) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	};
}

/** y-websocket's WebsocketProvider for y-websocket servers and trustboard, HocuspocusProvider for Hocuspocus. */
export function openProvider(endpoint: Endpoint, boardId: string, doc: Y.Doc = new Y.Doc()): ProviderClient {
	if (endpoint.wire === 'hocuspocus') {
		const socket = new HocuspocusProviderWebsocket({ url: endpoint.base, WebSocketPolyfill: WebSocket });
		const provider = new HocuspocusProvider({ websocketProvider: socket, name: boardId, document: doc });
		// A provider given its socket does not attach (connect) by itself.
		provider.attach();
		return {
			doc,
			synced: () => until(() => provider.isSynced, 'hocuspocus provider sync'),
			destroy: () => {
				provider.destroy();
				socket.destroy();
				doc.destroy();
			}
		};
	}
	const provider = new WebsocketProvider(endpoint.base, boardId, doc, {
		WebSocketPolyfill: socketWithHeaders(endpoint.headers) as unknown as typeof globalThis.WebSocket,
		params: endpoint.params,
		disableBc: true,
		maxBackoffTime: 500
	});
	return {
		doc,
		synced: () => until(() => provider.synced, 'y-websocket provider sync'),
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}
