/** A WebSocket that counts the frames it sent, so `saved` confirmations (which count frames) can be matched. */
export interface CountingSocket extends WebSocket {
	sent: number;
}

export type SocketClass = {
	new (url: string | URL, protocols?: string | string[]): WebSocket;
	prototype: WebSocket;
	readonly CLOSED: number;
	readonly CLOSING: number;
	readonly CONNECTING: number;
	readonly OPEN: number;
};

export function countingSocket(Base: SocketClass): SocketClass {
	return class extends (Base as typeof WebSocket) implements CountingSocket {
		sent = 0;
		override send(data: Parameters<WebSocket['send']>[0]): void {
			this.sent++;
			super.send(data);
		}
	};
}

export function sentFrames(socket: WebSocket | null): number {
	return (socket as CountingSocket | null)?.sent ?? 0;
}
