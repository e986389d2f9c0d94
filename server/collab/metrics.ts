/**
 * Every counter the collaboration server keeps, in one object, so a /metrics endpoint can render them
 * without reaching into rooms and connections.
 */
export class Metrics {
	connectionsOpen = 0;
	connectionsTotal = 0;
	upgradesRefused = 0;
	roomsLoaded = 0;
	roomLoads = 0;
	roomUnloads = 0;
	updatesIn = 0;
	updatesOut = 0;
	bytesIn = 0;
	messagesDropped = 0;
	persistBatches = 0;
	persistFailures = 0;
	persistLatencyMsTotal = 0;
	persistLatencyMsMax = 0;
	compactions = 0;
	protocolErrors = 0;
	closedByPolicy = 0;

	recordPersist(ms: number): void {
		this.persistBatches++;
		this.persistLatencyMsTotal += ms;
		if (ms > this.persistLatencyMsMax) this.persistLatencyMsMax = ms;
	}

	snapshot(): Record<string, number> {
		return Object.fromEntries(Object.entries(this)) as Record<string, number>;
	}
}
