import type { Logger } from 'pino';
import type { DocStore } from '../../src/lib/server/doc-store.ts';
import type { Fanout } from './fanout.ts';
import type { Metrics } from './metrics.ts';
import { RoomReplica } from './replica.ts';
import type { ReplicatedRoom, Replication } from './replication.ts';

export interface ClusterDeps {
	fanout: Fanout;
	docs: DocStore;
	logger: Logger;
	metrics: Metrics;
}

/** How often loaded boards compare their log position with the database's. */
const HEAD_CHECK_MS = 3_000;

/**
 * Replication between instances, attached to each room as it loads (as Hocuspocus attaches its Redis
 * extension): made only when the fan-out is enabled, so a server running alone builds none of it. It also
 * carries out what concerns every replicated room at once: an instance gone, and the periodic head check.
 */
export class Cluster {
	readonly #deps: ClusterDeps;
	readonly #replicas = new Set<RoomReplica>();
	readonly #headCheck: NodeJS.Timeout;
	#checkingHeads = false;

	constructor(deps: ClusterDeps) {
		this.#deps = deps;
		this.#headCheck = setInterval(() => void this.#checkHeads(), HEAD_CHECK_MS);
		this.#headCheck.unref();
	}

	/** The Replicate function rooms are given. */
	readonly attach = (room: ReplicatedRoom): Replication => {
		const { fanout, docs, logger, metrics } = this.#deps;
		const replica: RoomReplica = new RoomReplica({
			room,
			docs,
			fanout,
			logger: logger.child({ boardId: room.boardId }),
			metrics,
			onClose: () => this.#replicas.delete(replica)
		});
		this.#replicas.add(replica);
		return replica;
	};

	/** An instance stopped: its connections' presence goes, and its unstored early updates are stored here. */
	peerGone(instanceId: string): void {
		for (const replica of this.#replicas) replica.peerGone(instanceId);
	}

	stop(): void {
		clearInterval(this.#headCheck);
	}

	/**
	 * The repair behind the fan-out: one query for the heads of every board with connections; a board whose
	 * log moved past what it holds reads the rest. Catches whatever pub/sub dropped, within HEAD_CHECK_MS.
	 */
	async #checkHeads(): Promise<void> {
		const active = [...this.#replicas].filter((replica) => replica.active);
		if (this.#checkingHeads || active.length === 0) return;
		this.#checkingHeads = true;
		try {
			const heads = await this.#deps.docs.headSeqs(active.map((replica) => replica.boardId));
			for (const replica of active) replica.observeHead(heads.get(replica.boardId) ?? 0);
		} catch (error) {
			this.#deps.metrics.fanoutCatchUpFailures++;
			this.#deps.logger.warn({ err: error }, 'head check failed');
		} finally {
			this.#checkingHeads = false;
		}
	}
}
