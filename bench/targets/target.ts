import type { Endpoint } from '../clients/endpoint.ts';
import type { WireKind } from '../clients/wire.ts';
import type { History } from '../lib/history.ts';

export interface EndpointOptions {
	/** Which instance of a multi-instance target (0 by default). */
	instance?: number;
	/** trustboard only: opt in to `saved` confirmations (stock providers would log unknown messages). */
	acks?: boolean;
}

/** One started server (or several instances of it sharing storage). */
export interface RunningTarget {
	readonly target: Target;
	pid(instance?: number): number;
	endpoint(options?: EndpointOptions): Endpoint;
	/**
	 * A board ready to be opened: created in the database (from `initial`, the bench seed by default) for
	 * trustboard, a fresh document name for the others (they start empty; the first writer's sync seeds it).
	 */
	newBoard(initial?: Uint8Array): Promise<string>;
	/** Stores a board's history while no server has it loaded, then restarts so the next open is a cold load. */
	storeHistory(boardId: string, history: History): Promise<void>;
	/** `kill -9` one instance. */
	kill(instance?: number): Promise<void>;
	/** Starts a killed or stopped instance again on the same port and storage. */
	restart(instance?: number): Promise<void>;
	/** Stops every instance and removes its storage. */
	stop(): Promise<void>;
}

export interface Target {
	/** Key used in results and on the command line. */
	readonly name: string;
	readonly label: string;
	readonly wire: WireKind;
	/** How it stores documents, for the report. */
	readonly storage: string;
	/** Loads boards from storage after a restart (cold-load and durability workloads). */
	readonly durable: boolean;
	/** Fans out between instances (cross-instance workload). */
	readonly crossInstance: boolean;
	/** A variant of another target's settings runs only these workloads (unset: every workload that applies). */
	readonly onlyWorkloads?: readonly string[];
	/** Why it cannot run here, or null. */
	unavailable(): Promise<string | null>;
	start(options?: { instances?: number }): Promise<RunningTarget>;
}
