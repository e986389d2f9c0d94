import { execFileSync } from 'node:child_process';

/** RELIABILITY_PIN=1: the server on core 0, everything that drives or measures it on core 1, as the bench does. */
export const CORES = { server: 0, clients: 1 } as const;

/** Pins every thread of a process (and those it starts later) to one core. */
export function pinToCore(pid: number, core: number): void {
	execFileSync('taskset', ['-a', '-cp', String(core), String(pid)], { stdio: 'ignore' });
}
