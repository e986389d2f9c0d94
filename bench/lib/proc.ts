import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** The core the load generator (this process, and browsers) runs on. */
export const GENERATOR_CORE = 1;

/**
 * The cores the servers run on, as a `taskset -c` list: `0` unless `BENCH_SERVER_CORES` (or `--server-cores`)
 * says otherwise. One core by default, so every server gets the same machine and the generator a core of its own;
 * `0,1` lets a server's worker threads run beside its event loop, sharing core 1 with the generator.
 */
export function serverCores(env: Record<string, string | undefined> = process.env): string {
	const cores = env.BENCH_SERVER_CORES?.trim();
	if (!cores) return '0';
	if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(cores)) throw new Error(`BENCH_SERVER_CORES: not a core list: ${cores}`);
	return cores;
}

/** Pins every thread of this process (and what it spawns later, unless told otherwise) to one core. */
export function pinSelf(core: number): void {
	execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}

/** User + system CPU seconds a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name may contain spaces; fields are counted after its closing parenthesis.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /VmRSS:\s+(\d+) kB/.exec(status);
	return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** CPU use of a process over a window, as a fraction of one core. */
export class CpuMeter {
	readonly #pid: number;
	#startCpu = 0;
	#startAt = 0;

	constructor(pid: number) {
		this.#pid = pid;
		this.start();
	}

	start(): void {
		this.#startCpu = cpuSeconds(this.#pid);
		this.#startAt = performance.now();
	}

	/** Fraction of one core used since `start`. */
	read(): number {
		const elapsed = (performance.now() - this.#startAt) / 1000;
		return elapsed > 0 ? (cpuSeconds(this.#pid) - this.#startCpu) / elapsed : Number.NaN;
	}
}

export function loadAverage(): number[] {
	return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}
