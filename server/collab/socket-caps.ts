import type { IncomingMessage } from 'node:http';

export interface SocketCapLimits {
	maxSocketsPerSession: number;
	maxSocketsPerAddress: number;
}

/**
 * Open sockets counted per session and per client address, so one member (or one script) cannot hold
 * thousands of sockets, each with its own buffers. A socket is counted from its accepted upgrade until it
 * closes; `admit` and `release` pair up.
 */
export class SocketCaps {
	readonly #limits: SocketCapLimits;
	readonly #perSession = new Map<string, number>();
	readonly #perAddress = new Map<string, number>();

	constructor(limits: SocketCapLimits) {
		this.#limits = limits;
	}

	/** Counts a socket in, or says which cap it would pass (and counts nothing). */
	admit(sessionId: string, address: string): 'ok' | 'session' | 'address' {
		if ((this.#perSession.get(sessionId) ?? 0) >= this.#limits.maxSocketsPerSession) return 'session';
		if ((this.#perAddress.get(address) ?? 0) >= this.#limits.maxSocketsPerAddress) return 'address';
		increment(this.#perSession, sessionId, 1);
		increment(this.#perAddress, address, 1);
		return 'ok';
	}

	release(sessionId: string, address: string): void {
		increment(this.#perSession, sessionId, -1);
		increment(this.#perAddress, address, -1);
	}
}

function increment(counts: Map<string, number>, key: string, by: number): void {
	const next = (counts.get(key) ?? 0) + by;
	if (next <= 0) counts.delete(key);
	else counts.set(key, next);
}

/**
 * The client's address as adapter-node reads it: a configured header (ADDRESS_HEADER), for X-Forwarded-For the
 * entry XFF_DEPTH from the right (the one the trusted proxy added), otherwise the socket's peer.
 */
export function clientAddress(request: IncomingMessage, addressHeader: string | null, xffDepth: number): string {
	const header = addressHeader?.toLowerCase();
	const raw = header ? request.headers[header] : undefined;
	const value = Array.isArray(raw) ? raw.join(',') : raw;
	if (header && value) {
		if (header !== 'x-forwarded-for') return value.trim();
		const entries = value.split(',').map((entry) => entry.trim());
		return entries[Math.max(0, entries.length - Math.max(1, xffDepth))] ?? 'unknown';
	}
	return request.socket.remoteAddress ?? 'unknown';
}
