import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LoopDelay {
	p50: number;
	p99: number;
	max: number;
}

/** A stall of this process's event loop: when it began (wall clock, ms) and how long it held the loop. */
export interface Stall {
	from: number;
	ms: number;
}

export function loopFigures(histogram: IntervalHistogram): LoopDelay {
	const ms = (ns: number) => Math.round(ns / 1e4) / 100;
	return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
}

const TICK_MS = 10;
const STALL_MS = 100;

/**
 * This process's event-loop delay over a phase at 1 ms resolution, and each stall over 100 ms with the time it
 * happened: the load generator's stalls hold back its members' edits, which then go out all at once, so a slow
 * propagation sample just after one may be the generator's burst, not the server's steady pace.
 */
export class LoopMonitor {
	readonly stalls: Stall[] = [];
	readonly #histogram = monitorEventLoopDelay({ resolution: 1 });
	readonly #timer: NodeJS.Timeout;

	constructor() {
		this.#histogram.enable();
		let last = performance.now();
		this.#timer = setInterval(() => {
			const now = performance.now();
			const late = now - last - TICK_MS;
			if (late > STALL_MS) this.stalls.push({ from: Date.now() - (now - last), ms: Math.round(late) });
			last = now;
		}, TICK_MS);
	}

	stop(): LoopDelay & { stallsOver100Ms: number } {
		clearInterval(this.#timer);
		this.#histogram.disable();
		return { ...loopFigures(this.#histogram), stallsOver100Ms: this.stalls.length };
	}

	/** The longest stall that ended in the second before `from` or between `from` and `to` (0 if none). */
	stalledAround(from: number, to: number): number {
		return Math.max(0, ...this.stalls.filter((s) => s.from + s.ms >= from - 1_000 && s.from <= to).map((s) => s.ms));
	}
}
