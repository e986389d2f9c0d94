import * as Y from 'yjs';
import * as schema from './schema.ts';
import type { ModelStatus } from './schema.ts';
import type { LoggedChange } from './attribution.ts';

/**
 * Each model's status timeline (who set which status, when and why), found by
 * replaying the board's update log from the start, as compare does for
 * attribution: the long list to short list audit trail an options appraisal
 * owes its readers. One entry per logged update that changed a model's status,
 * its reason or its knock-out override, credited to the member who sent it.
 */

export interface StatusEvent {
	readonly modelId: string;
	readonly status: ModelStatus;
	readonly reason: string;
	readonly override: boolean;
	/** null for changes the server made itself (a migration). */
	readonly userId: string | null;
	readonly at: number;
}

const TRACKED = new Set(['status', 'statusReason', 'discountReason', 'knockoutOverride']);

export class StatusHistoryReplay {
	readonly #doc = new Y.Doc({ gc: false });
	readonly #events: StatusEvent[] = [];
	readonly #last = new Map<string, string>();
	readonly #target: Y.Snapshot | null;

	/** With `upto`, only updates that state contains are replayed (a snapshot's history). */
	constructor(upto?: Uint8Array) {
		if (upto) {
			const target = new Y.Doc({ gc: false });
			Y.applyUpdate(target, upto);
			this.#target = Y.snapshot(target);
			target.destroy();
		} else this.#target = null;
	}

	feed(entries: readonly LoggedChange[]): void {
		for (const entry of entries) {
			if (this.#target && !Y.snapshotContainsUpdate(this.#target, entry.update)) continue;
			const touched = new Set<string>();
			const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
				for (const event of events) {
					if (event.path.length === 0 && event instanceof Y.YMapEvent) for (const key of event.keysChanged) touched.add(key);
					else if (event.path.length === 1 && event instanceof Y.YMapEvent && [...event.keysChanged].some((k) => TRACKED.has(k)))
						touched.add(String(event.path[0]));
				}
			};
			const models = schema.roots(this.#doc).models;
			models.observeDeep(observer);
			try {
				Y.applyUpdate(this.#doc, entry.update);
			} finally {
				models.unobserveDeep(observer);
			}
			for (const modelId of touched) this.#record(modelId, entry);
		}
	}

	#record(modelId: string, entry: LoggedChange): void {
		const m = schema.roots(this.#doc).models.get(modelId);
		if (!(m instanceof Y.Map)) return;
		const raw = m.get('status');
		const status: ModelStatus = schema.isOneOf(schema.MODEL_STATUSES, raw) ? raw : 'longList';
		const stored = m.get('statusReason') ?? m.get('discountReason');
		const reason = typeof stored === 'string' ? stored : '';
		const override = m.get('knockoutOverride') === true;
		const key = JSON.stringify([status, reason, override]);
		const previous = this.#last.get(modelId);
		this.#last.set(modelId, key);
		// A new model starting on the long list is not a decision; nor is an update that left the status as it was.
		if (previous === key || (previous === undefined && status === 'longList' && !reason)) return;
		this.#events.push({ modelId, status, reason, override, userId: entry.userId, at: entry.createdAt });
	}

	/** Oldest first. */
	events(modelId?: string): StatusEvent[] {
		return modelId === undefined ? [...this.#events] : this.#events.filter((e) => e.modelId === modelId);
	}

	destroy(): void {
		this.#doc.destroy();
	}
}
