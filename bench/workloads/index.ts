import { boards } from './boards.ts';
import { browserWorkload } from './browser.ts';
import { coldLoad } from './cold-load.ts';
import { crossInstance } from './cross-instance.ts';
import { durability } from './durability.ts';
import { fanout } from './fanout.ts';
import { latency } from './latency.ts';
import { writers } from './writers.ts';
import type { Workload } from './workload.ts';

/** In the order of issue 6's list. */
export const WORKLOADS: readonly Workload[] = [latency, fanout, writers, boards, coldLoad, durability, crossInstance, browserWorkload];
