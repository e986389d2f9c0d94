import { RawClient } from '../clients/raw-client.ts';
import { EditorDoc, scanMarkers } from '../lib/content.ts';
import { CpuMeter, rssBytes } from '../lib/proc.ts';
import { percentile } from '../lib/stats.ts';
import { inBatches, paced, sleep } from '../lib/time.ts';
import type { RunningTarget } from '../targets/target.ts';
import type { Figures, Workload } from './workload.ts';

const DRAIN_MS = 3_000;
const CONNECT_PARALLEL = 20;
/** A step counts as sustained when (nearly) every update reached every reader, quickly enough to feel live. */
export const SUSTAINED = { completeness: 0.999, p99Ms: 250 };

interface Step {
	/** (reader, update) pairs delivered, each counted once however often the server sent it. */
	delivered: number;
	deliveredPerS: number;
	completeness: number;
	p50: number;
	p99: number;
	cpuShare: number;
	rssMb: number;
	sustained: boolean;
	/** Whether the writer sent at the rate asked (within 10 %): otherwise the generator, not the server, is the limit. */
	paceKept: boolean;
}

/**
 * 2. One writer, N readers on one board (N stepped up on one server): deliveries per second, the share of
 * (update, reader) pairs delivered (each pair once), p99 send -> arrival at the reader socket, server CPU and RSS.
 * Then, with the most readers, the writer speeds up step by step until the server no longer keeps up: the
 * largest delivered/s still sustained is the server's fan-out ceiling. Readers are raw protocol clients (no Y.Doc)
 * so the generator's one core outlasts the server's.
 */
export const fanout: Workload = {
	name: 'fanout',
	title: '2. Fan-out: 1 writer, N readers',
	applies: (target) => !target.name.endsWith('-leveldb') && target.name !== 'hocuspocus-redis',
	repeats: (sizes) => sizes.repeats,
	async measure(running, { sizes, log }) {
		const { readers: steps, rate, seconds, ceiling } = sizes.fanout;
		const session = await FanoutSession.open(running);
		const figures: Figures = {};
		try {
			for (const n of steps) {
				await session.readersUpTo(n);
				const step = await session.run(rate, seconds);
				figures[`n${n}_delivered_per_s`] = step.deliveredPerS;
				figures[`n${n}_completeness_pct`] = step.completeness * 100;
				figures[`n${n}_p50_ms`] = step.p50;
				figures[`n${n}_p99_ms`] = step.p99;
				figures[`n${n}_server_cpu_pct`] = step.cpuShare * 100;
				figures[`n${n}_server_rss_mb`] = step.rssMb;
				figures[`n${n}_sustained`] = step.sustained ? 1 : 0;
				log(
					`  N=${n}: ${step.delivered}/${step.expected} delivered, p99 ${step.p99.toFixed(1)} ms, server CPU ${(step.cpuShare * 100).toFixed(0)}%`
				);
			}
			// The writer speeds up until the server fails a step: its largest sustained delivered/s is its ceiling,
			// and what it still delivered in the failed step is its throughput at saturation.
			const { from, factor, maxRate } = ceiling;
			figures.ceiling_delivered_per_s = 0;
			figures.ceiling_rate = 0;
			figures.saturated_delivered_per_s = Number.NaN;
			figures.saturated_rate = Number.NaN;
			figures.generator_bound = 0;
			for (let stepRate = from; stepRate <= maxRate; stepRate = Math.round(stepRate * factor)) {
				const step = await session.run(stepRate, seconds);
				log(
					`  ceiling, ${stepRate} updates/s to ${session.readerCount}: ${step.deliveredPerS.toFixed(0)} delivered/s, ` +
						`${(step.completeness * 100).toFixed(2)}%, p99 ${step.p99.toFixed(1)} ms, CPU ${(step.cpuShare * 100).toFixed(0)}%` +
						(step.paceKept ? '' : ', the generator could not keep the pace')
				);
				if (!step.paceKept) {
					// What is measured past here is the load generator, not the server: say so instead of a ceiling.
					figures.generator_bound = 1;
					break;
				}
				if (!step.sustained) {
					figures.saturated_delivered_per_s = step.deliveredPerS;
					figures.saturated_rate = stepRate;
					break;
				}
				figures.ceiling_delivered_per_s = Math.max(figures.ceiling_delivered_per_s, step.deliveredPerS);
				figures.ceiling_rate = stepRate;
				// Let the server settle so one step's backlog does not count against the next.
				await sleep(500);
			}
		} finally {
			session.close();
		}
		return figures;
	}
};

/** One writer and a growing set of readers on one board, measuring arrivals of the current window's markers. */
class FanoutSession {
	readonly #running: RunningTarget;
	readonly #boardId: string;
	readonly #editor: EditorDoc;
	readonly #writer: RawClient;
	readonly #readers: RawClient[] = [];
	readonly #sentAt: number[] = [];
	/** Per reader, the window's updates it has received: a repeat (a server resending an update) is not a delivery. */
	readonly #seen = new Map<number, Set<number>>();
	#window = { from: 0, to: 0 };
	#latencies: number[] = [];
	#lastArrival = 0;
	#seq = 0;

	private constructor(running: RunningTarget, boardId: string, editor: EditorDoc, writer: RawClient) {
		this.#running = running;
		this.#boardId = boardId;
		this.#editor = editor;
		this.#writer = writer;
	}

	static async open(running: RunningTarget): Promise<FanoutSession> {
		const boardId = await running.newBoard();
		const editor = new EditorDoc();
		const writer = await RawClient.open({ endpoint: running.endpoint(), boardId, editor });
		return new FanoutSession(running, boardId, editor, writer);
	}

	get readerCount(): number {
		return this.#readers.length;
	}

	async readersUpTo(n: number): Promise<void> {
		const missing = Array.from({ length: n - this.#readers.length }, (_, i) => this.#readers.length + i);
		const endpoint = this.#running.endpoint();
		const onUpdateOf = (reader: number) => (update: Uint8Array, at: number) =>
			scanMarkers(update, (_writer, seq) => {
				if (seq < this.#window.from || seq >= this.#window.to) return;
				const seen = this.#seen.get(reader) ?? new Set<number>();
				this.#seen.set(reader, seen);
				if (seen.has(seq)) return;
				seen.add(seq);
				this.#latencies.push(at - (this.#sentAt[seq] ?? at));
				this.#lastArrival = at;
			});
		this.#readers.push(
			...(await inBatches(missing, CONNECT_PARALLEL, (reader) =>
				RawClient.open({ endpoint, boardId: this.#boardId, onUpdate: onUpdateOf(reader) })
			))
		);
		await sleep(500);
	}

	async run(rate: number, seconds: number): Promise<Step & { expected: number }> {
		const count = Math.round(rate * seconds);
		this.#window = { from: this.#seq, to: this.#seq + count };
		this.#latencies = [];
		this.#seen.clear();
		const cpu = new CpuMeter(this.#running.pid());
		const start = performance.now();
		await paced(count, rate, () => {
			const s = this.#seq++;
			this.#sentAt[s] = performance.now();
			this.#writer.send(this.#editor.editCell(0, s));
		});
		const sendSeconds = (performance.now() - start) / 1000;
		const expected = count * this.#readers.length;
		const deadline = performance.now() + DRAIN_MS;
		while (this.#latencies.length < expected && performance.now() < deadline) await sleep(20);
		// Over the send window, or until the last arrival if the server fell behind.
		const elapsed = Math.max((this.#lastArrival - start) / 1000, count / rate);
		const completeness = this.#latencies.length / expected;
		const p99 = percentile(this.#latencies, 99);
		return {
			expected,
			delivered: this.#latencies.length,
			deliveredPerS: this.#latencies.length / elapsed,
			completeness,
			p50: percentile(this.#latencies, 50),
			p99,
			cpuShare: cpu.read(),
			rssMb: rssBytes(this.#running.pid()) / 2 ** 20,
			sustained: completeness >= SUSTAINED.completeness && p99 <= SUSTAINED.p99Ms,
			paceKept: sendSeconds <= (count / rate) * 1.1 + 0.05
		};
	}

	close(): void {
		this.#writer.close();
		for (const reader of this.#readers) reader.close();
	}
}
