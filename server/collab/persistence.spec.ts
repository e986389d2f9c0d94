import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DocStore, LogEntry } from '../../src/lib/server/doc-store.ts';
import { Metrics } from './metrics.ts';
import { GroupCommitWriter } from './persistence.ts';

/**
 * A store whose appends the test writes and stores by hand, as SQLite with SQLITE_SYNC=full does: the commit
 * (`written`, which hands out the seqs) and then the fsync (`store`).
 */
function handStore() {
	const appends: Array<{ entries: LogEntry[]; written(): void; store(): void }> = [];
	let head = 0;
	const docs = {
		append(_boardId: string, entries: LogEntry[], written?: () => void) {
			return new Promise<number>((resolve) => {
				let last = 0;
				appends.push({
					entries,
					written() {
						last = head += entries.length;
						written?.();
					},
					store: () => resolve(last)
				});
			});
		}
	} as unknown as DocStore;
	return { docs, appends };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function writerOn(docs: DocStore, durable: number[]) {
	return new GroupCommitWriter<null>({
		boardId: 'b',
		docs,
		logger: pino({ level: 'silent' }),
		metrics: new Metrics(),
		compactAfterUpdates: 1_000,
		compactAfterBytes: 1_000_000,
		cut: () => null,
		onDurable: (_cut, lastSeq) => durable.push(lastSeq),
		onFailure: () => {},
		onIdle: () => {},
		live: () => null
	});
}

describe('GroupCommitWriter', () => {
	it('says an edit is written (safe from a crash of the process) before it is stored, and confirms it only once stored', async () => {
		const { docs, appends } = handStore();
		const durable: number[] = [];
		const writer = writerOn(docs, durable);
		const reached: string[] = [];
		writer.enqueue({ update: new Uint8Array([1]), userId: null });
		void writer.written().then(() => reached.push('written'));
		void writer.durable().then(() => reached.push('stored'));
		await tick();
		expect(reached).toEqual([]);

		appends[0]!.written();
		await tick();
		expect(reached).toEqual(['written']);
		expect(durable).toEqual([]);

		appends[0]!.store();
		await tick();
		expect(reached).toEqual(['written', 'stored']);
		expect(durable).toEqual([1]);
	});

	it('writes the next batch while the previous one is being stored, and confirms them in order', async () => {
		const { docs, appends } = handStore();
		const durable: number[] = [];
		const writer = writerOn(docs, durable);
		writer.enqueue({ update: new Uint8Array([1]), userId: null });
		await tick();
		appends[0]!.written();
		await tick();
		writer.enqueue({ update: new Uint8Array([2]), userId: null });
		await tick();
		// The second batch went to the store before the first was stored (its fsync still running).
		expect(appends).toHaveLength(2);
		appends[1]!.written();
		appends[1]!.store();
		await tick();
		expect(durable).toEqual([]);
		appends[0]!.store();
		await tick();
		expect(durable).toEqual([1, 2]);
		expect(writer.idle).toBe(true);
	});

	it('waits for the batch holding an edit, not an earlier one', async () => {
		const { docs, appends } = handStore();
		const writer = writerOn(docs, []);
		writer.enqueue({ update: new Uint8Array([1]), userId: null });
		await tick();
		// Arrives while the first batch is in flight: it goes in the next one.
		writer.enqueue({ update: new Uint8Array([2]), userId: null });
		let second = false;
		void writer.written().then(() => (second = true));
		appends[0]!.written();
		appends[0]!.store();
		await tick();
		expect(second).toBe(false);
		appends[1]!.written();
		await tick();
		expect(second).toBe(true);
	});
	it('a compaction asked for while one runs (a board leaving mid-compaction) runs after it, so the board is stored whole', async () => {
		const started: Array<() => void> = [];
		const docs = {
			compact: () => new Promise<boolean>((resolve) => started.push(() => resolve(true)))
		} as unknown as DocStore;
		const writer = writerOn(docs, []);
		const periodic = writer.compact();
		const onLeave = writer.compact();
		const alsoOnLeave = writer.compact();
		expect(started).toHaveLength(1);
		started[0]!();
		await periodic;
		await tick();
		expect(started).toHaveLength(2);
		started[1]!();
		await Promise.all([onLeave, alsoOnLeave]);
		expect(started).toHaveLength(2);
	});
});
