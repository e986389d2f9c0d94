import * as Y from 'yjs';
import { EditorDoc, scanMarkers } from '../lib/content.ts';
import { paced, sleep } from '../lib/time.ts';
import type { RunningTarget } from '../targets/target.ts';
import { openProvider, type ProviderClient } from './provider-client.ts';

/** The writer slot probes use, apart from the raw writers (0..). */
const PROBE_WRITER = 63;
const DRAIN_MS = 2_000;

export interface LatencySamples {
	/** Send -> remote apply, in ms, for every update that arrived. */
	samples: number[];
	/** When each sample's update was sent (performance.now()), parallel to `samples`. */
	sentAt: number[];
	sent: number;
}

/**
 * One writer and one reader, both full provider clients: the writer edits its cell, the reader's document
 * applies the update and its `update` event stops the clock. Writer and reader may sit on different instances.
 */
export class LatencyProbe {
	readonly #editor: EditorDoc;
	readonly #writer: ProviderClient;
	readonly #reader: ProviderClient;
	#seq = 0;
	/** The first edit measured: a warm-up edit arriving after the warm-up is not a sample (nor counted as sent). */
	#measuredFrom = 0;
	#sentAt = new Map<number, number>();
	#samples: number[] = [];
	#sampleSentAt: number[] = [];

	private constructor(editor: EditorDoc, writer: ProviderClient, reader: ProviderClient) {
		this.#editor = editor;
		this.#writer = writer;
		this.#reader = reader;
		reader.doc.on('update', (update: Uint8Array) => {
			const at = performance.now();
			scanMarkers(update, (writerIndex, seq) => {
				const sentAt = writerIndex === PROBE_WRITER && seq >= this.#measuredFrom ? this.#sentAt.get(seq) : undefined;
				if (sentAt === undefined) return;
				this.#sentAt.delete(seq);
				this.#samples.push(at - sentAt);
				this.#sampleSentAt.push(sentAt);
			});
		});
	}

	/** Opens the writer first (its sync seeds a new board on the servers that start empty), then the reader. */
	static async open(running: RunningTarget, boardId: string, instances: { writer: number; reader: number } = { writer: 0, reader: 0 }) {
		const editor = new EditorDoc();
		const writer = openProvider(running.endpoint({ instance: instances.writer }), boardId, editor.doc);
		await writer.synced();
		// Without garbage collection: when an edit arrives in one transaction with the edit that overwrites it
		// (a server may merge updates that reach it together), a collecting document would drop the first
		// one's content, marker included, from its update event, and the edit would count as lost.
		const reader = openProvider(running.endpoint({ instance: instances.reader }), boardId, new Y.Doc({ gc: false }));
		await reader.synced();
		return new LatencyProbe(editor, writer, reader);
	}

	/** Streams `count` edits at `rate`/s; only those after `warmup` are kept. */
	async run(count: number, rate: number, warmup = 0): Promise<LatencySamples> {
		this.#measuredFrom = this.#seq + warmup;
		await paced(warmup + count, rate, (i) => {
			const seq = this.#seq++;
			if (i === warmup) this.#take();
			this.#sentAt.set(seq, performance.now());
			this.#editor.editCell(PROBE_WRITER, seq);
		});
		return { ...(await this.#drain()), sent: count };
	}

	/** Starts streaming in the background; `stop` ends it and returns the samples so far. */
	stream(rate: number, maxSeconds: number): { stop(): Promise<LatencySamples> } {
		let stopped = false;
		let sent = 0;
		this.#measuredFrom = this.#seq;
		const interval = 1000 / rate;
		const done = (async () => {
			const start = performance.now();
			for (let i = 0; i < rate * maxSeconds && !stopped; i++) {
				const wait = start + i * interval - performance.now();
				if (wait > 1) await sleep(wait);
				const seq = this.#seq++;
				this.#sentAt.set(seq, performance.now());
				this.#editor.editCell(PROBE_WRITER, seq);
				sent++;
			}
		})();
		return {
			stop: async () => {
				stopped = true;
				await done;
				return { ...(await this.#drain()), sent };
			}
		};
	}

	/** Waits (bounded) for updates still in flight, then hands over the samples. */
	async #drain(): Promise<{ samples: number[]; sentAt: number[] }> {
		const deadline = performance.now() + DRAIN_MS;
		while (this.#sentAt.size > 0 && performance.now() < deadline) await sleep(10);
		this.#sentAt.clear();
		return this.#take();
	}

	#take(): { samples: number[]; sentAt: number[] } {
		const taken = { samples: this.#samples, sentAt: this.#sampleSentAt };
		this.#samples = [];
		this.#sampleSentAt = [];
		return taken;
	}

	close(): void {
		this.#writer.destroy();
		this.#reader.destroy();
	}
}
