import { WebSocket } from 'ws';
import { CloseCode } from '../../src/lib/protocol/messages.ts';

/**
 * The server's side of a board socket. `ws` refuses a frame past `maxPayload` before reading it and closes with
 * 1009, which the stock y-websocket client takes as transient: a member whose offline work is larger than the
 * board may ever hold would reconnect and send it again for ever. The same refusal with 4413 (4400-4499 stop
 * that client) ends the loop, and the board page says why.
 */
export class BoardSocket extends WebSocket {
	override close(code?: number, data?: string | Buffer): void {
		// Only ws's own refusal closes with 1009 and no reason: every close of the server's gives one.
		if (code === CloseCode.tooBig && data === undefined) return super.close(CloseCode.tooLarge, 'changes larger than the board may hold');
		super.close(code, data);
	}
}
