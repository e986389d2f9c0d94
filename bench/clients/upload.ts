import * as Y from 'yjs';
import { EditorDoc } from '../lib/content.ts';
import type { History } from '../lib/history.ts';
import { until } from '../lib/time.ts';
import type { Endpoint } from './endpoint.ts';
import { openProvider } from './provider-client.ts';
import { RawClient } from './raw-client.ts';

const UPLOAD_TIMEOUT_MS = 120_000;

/**
 * Sends a board's whole history through a client (its sync carries the seed the history was written on),
 * and returns once a second client sees all of it, i.e. the server has applied every update. Closing the
 * sender earlier could drop what is still in its socket buffer.
 */
export async function uploadHistory(endpoint: Endpoint, boardId: string, history: History): Promise<void> {
	const sender = await RawClient.open({ endpoint, boardId, editor: new EditorDoc() });
	const checker = openProvider(endpoint, boardId);
	try {
		for (const update of history.updates) sender.send(update);
		await until(
			() => Y.getState(checker.doc.store, history.clientId) >= history.clock,
			'the server to hold the history',
			UPLOAD_TIMEOUT_MS,
			50
		);
	} finally {
		checker.destroy();
		sender.close();
	}
}
