import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestUser } from '../../support/fixtures.ts';
import type { ServerProcess } from '../../support/server-process.ts';
import type { LoopDelay } from './loop-delay.ts';
import { CORES, pinToCore } from './pin.ts';

export interface ProbeInput {
	wsUrl: string;
	origin: string;
	boardId: string;
	senderCookie: string;
	receiverCookie: string;
	everyMs: number;
}

export type ProbeMessage =
	| { type: 'ready' }
	| { type: 'sample'; sentAt: number; ms: number }
	| { type: 'done'; loopDelayMs: LoopDelay }
	| { type: 'error'; message: string };

/** One ping: when it was sent (wall clock, ms) and how long it took to reach the other client. */
export interface PropagationSample {
	sentAt: number;
	ms: number;
}

/**
 * Time from one client's edit to another client on the same board seeing it, measured in a process of its own
 * (propagation-probe-child.ts), so the load generator's stalls are not counted as the server's. Its samples
 * arrive over IPC as they are taken.
 */
export class PropagationProbe {
	readonly samples: PropagationSample[] = [];
	readonly #child: ChildProcess;
	readonly #finished: Promise<LoopDelay>;

	private constructor(child: ChildProcess, ready: () => void) {
		this.#child = child;
		this.#finished = new Promise((resolve, reject) => {
			child.on('message', (message: ProbeMessage) => {
				if (message.type === 'ready') ready();
				else if (message.type === 'sample') this.samples.push({ sentAt: message.sentAt, ms: message.ms });
				else if (message.type === 'done') resolve(message.loopDelayMs);
				else reject(new Error(`the propagation probe failed: ${message.message}`));
			});
			child.once('exit', (code) => reject(new Error(`the propagation probe exited (${String(code)}) before reporting`)));
		});
		// A failure before `stop` is reported there; until then it must not be an unhandled rejection.
		this.#finished.catch(() => undefined);
	}

	/** Starts pinging every `everyMs` once both clients are synced (on the clients' core with `pin`). */
	static async start(
		server: Pick<ServerProcess, 'wsUrl' | 'origin'>,
		boardId: string,
		users: { sender: TestUser; receiver: TestUser },
		everyMs: number,
		pin: boolean
	): Promise<PropagationProbe> {
		const input: ProbeInput = {
			wsUrl: server.wsUrl,
			origin: server.origin,
			boardId,
			senderCookie: users.sender.cookie,
			receiverCookie: users.receiver.cookie,
			everyMs
		};
		const child = fork(path.join(import.meta.dirname, 'propagation-probe-child.ts'), [JSON.stringify(input)], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		if (pin && child.pid !== undefined) pinToCore(child.pid, CORES.clients);
		let ready!: () => void;
		const started = new Promise<void>((resolve) => (ready = resolve));
		const probe = new PropagationProbe(child, ready);
		await Promise.race([started, probe.#finished]);
		return probe;
	}

	/** Ends the pings (the one in flight completes) and returns the probe process's own event-loop delay. */
	async stop(): Promise<LoopDelay> {
		if (this.#child.connected) this.#child.send('stop');
		return this.#finished;
	}
}
