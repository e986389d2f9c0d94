import { spawn, type ChildProcess } from 'node:child_process';
import { serverCores } from './proc.ts';

const KEEP_OUTPUT = 64 * 1024;
const live = new Set<ChildProcess>();
// A crashed or interrupted bench must not leave servers running on the machine.
process.once('exit', () => {
	for (const child of live) child.kill('SIGKILL');
});

export interface ProcessSpec {
	args: string[];
	env: Record<string, string>;
	cwd: string;
	/** Whether a line of output means the server is ready to accept connections. */
	ready(line: string): boolean;
	startTimeoutMs?: number;
}

/** A server under test: `node <args>` pinned to the server cores, ready once it prints its ready line. */
export class PinnedProcess {
	readonly spec: ProcessSpec;
	output = '';
	#child: ChildProcess | null = null;
	#exit: Promise<void> | null = null;

	constructor(spec: ProcessSpec) {
		this.spec = spec;
	}

	get pid(): number {
		const pid = this.#child?.pid;
		if (pid === undefined) throw new Error('not running');
		return pid;
	}

	async start(): Promise<void> {
		const { args, env, cwd, ready, startTimeoutMs = 30_000 } = this.spec;
		// taskset execs node, so the child's pid is the server's pid (for /proc figures and signals).
		const child = spawn('taskset', ['-c', serverCores(), process.execPath, ...args], {
			cwd,
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child = child;
		live.add(child);
		this.#exit = new Promise((resolve) =>
			child.once('exit', () => {
				live.delete(child);
				resolve();
			})
		);
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`not ready after ${startTimeoutMs} ms:\n${this.output}`)), startTimeoutMs);
			let buffered = '';
			const onData = (chunk: Buffer) => {
				const text = chunk.toString();
				this.output = (this.output + text).slice(-KEEP_OUTPUT);
				buffered += text;
				let newline: number;
				while ((newline = buffered.indexOf('\n')) >= 0) {
					const line = buffered.slice(0, newline);
					buffered = buffered.slice(newline + 1);
					if (ready(line)) {
						clearTimeout(timer);
						resolve();
					}
				}
			};
			child.stdout?.on('data', onData);
			child.stderr?.on('data', onData);
			void this.#exit?.then(() => {
				clearTimeout(timer);
				reject(new Error(`exited before it was ready:\n${this.output}`));
			});
		});
	}

	/** Signals the process and waits for it to end (SIGKILL after `graceMs` if it ignores a gentler signal). */
	async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
		const child = this.#child;
		if (!child || !this.#exit) return;
		if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
		await this.#exit;
		clearTimeout(timer);
		this.#child = null;
	}
}
