import type { Sizes } from '../config.ts';
import type { RunningTarget, Target } from '../targets/target.ts';

/** One repeat's figures, flat: `<figure>` -> number (units in the key: _ms, _per_s, _bytes, _pct). */
export type Figures = Record<string, number>;

export interface WorkloadContext {
	sizes: Sizes;
	log(message: string): void;
}

export interface Workload {
	readonly name: string;
	readonly title: string;
	applies(target: Target): boolean;
	/** How many fresh-server repeats (durability repeats internally, with its trials). */
	repeats(sizes: Sizes): number;
	instances?: number;
	measure(running: RunningTarget, context: WorkloadContext): Promise<Figures>;
}
