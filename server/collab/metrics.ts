/** Upper bounds (seconds) of the persistence latency histogram: a local fsync to a struggling database. */
export const PERSIST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Upper bounds (milliseconds) of the relay histogram: from a member's frame arriving to its edit going out to the others. */
export const RELAY_BUCKETS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

/**
 * Every counter the collaboration server keeps, in one object, so /metrics can render them without reaching
 * into rooms and connections.
 */
export class Metrics {
	connectionsOpen = 0;
	connectionsTotal = 0;
	upgradesRefused = 0;
	roomsLoaded = 0;
	roomLoads = 0;
	roomUnloads = 0;
	roomLoadFailures = 0;
	updatesIn = 0;
	updatesOut = 0;
	bytesIn = 0;
	messagesDropped = 0;
	persistBatches = 0;
	persistFailures = 0;
	persistLatencyMsTotal = 0;
	persistLatencyMsMax = 0;
	/** Cumulative counts per PERSIST_BUCKETS bound (the +Inf bucket is persistBatches). */
	readonly persistBuckets: number[] = PERSIST_BUCKETS.map(() => 0);
	compactions = 0;
	protocolErrors = 0;
	closedByPolicy = 0;
	/** Cross-instance messages sent and received. */
	fanoutPublished = 0;
	fanoutReceived = 0;
	/** Messages not sent because Redis was away (the receivers repair from the database). */
	fanoutDropped = 0;
	fanoutErrors = 0;
	/** Successful (re)subscriptions: 1 after start, +1 per reconnect. */
	fanoutSubscribes = 0;
	fanoutConnected = 0;
	/** Other instances currently heard. */
	fanoutPeers = 0;
	/** Catch-ups from the database that found entries the fan-out had not delivered. */
	fanoutGapsRepaired = 0;
	/** Log entries applied through such catch-ups. */
	fanoutEntriesRepaired = 0;
	fanoutCatchUpFailures = 0;
	/** Other instances' early updates this instance stored itself because they were not stored in time. */
	fanoutEarlyStored = 0;

	/** Members' edits sent on to the board's other connections, and how long each took the server (RELAY_BUCKETS_MS). */
	relays = 0;
	relayMsTotal = 0;
	relayMsMax = 0;
	readonly relayBuckets: number[] = RELAY_BUCKETS_MS.map(() => 0);

	recordRelay(ms: number): void {
		this.relays++;
		this.relayMsTotal += ms;
		if (ms > this.relayMsMax) this.relayMsMax = ms;
		for (let i = 0; i < RELAY_BUCKETS_MS.length; i++) if (ms <= RELAY_BUCKETS_MS[i]!) this.relayBuckets[i]!++;
	}

	recordPersist(ms: number): void {
		this.persistBatches++;
		this.persistLatencyMsTotal += ms;
		if (ms > this.persistLatencyMsMax) this.persistLatencyMsMax = ms;
		const seconds = ms / 1000;
		for (let i = 0; i < PERSIST_BUCKETS.length; i++) if (seconds <= PERSIST_BUCKETS[i]!) this.persistBuckets[i]!++;
	}
}
