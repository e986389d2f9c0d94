import { PERSIST_BUCKETS, RELAY_BUCKETS_MS, type Metrics } from './collab/metrics.ts';

/** Event-loop delay over the last scrape interval, in seconds. */
export interface LoopDelay {
	p50: number;
	p99: number;
	max: number;
}

export interface ProcessStats {
	residentBytes: number;
	heapUsedBytes: number;
	cpuSeconds: number;
	uptimeSeconds: number;
}

/** Each sample's name suffix and labels (`_bucket{le="1"}`, `{kind="x"}`, or nothing), and its value. */
type Samples = Array<[suffix: string, value: number]>;

/** The Prometheus text exposition format (version 0.0.4) of everything the server counts. */
export function renderMetrics(m: Metrics, loop: LoopDelay, proc: ProcessStats): string {
	const out: string[] = [];
	const family = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: Samples) => {
		out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
		for (const [suffix, value] of samples) out.push(`${name}${suffix} ${Number.isFinite(value) ? value : 0}`);
	};
	const one = (value: number): Samples => [['', value]];

	family('trustboard_connections', 'gauge', 'Open collaboration websockets.', one(m.connectionsOpen));
	family('trustboard_connections_total', 'counter', 'Collaboration websockets accepted.', one(m.connectionsTotal));
	family('trustboard_upgrades_refused_total', 'counter', 'Websocket upgrades refused (401/403/503).', one(m.upgradesRefused));
	family('trustboard_documents_loaded', 'gauge', 'Boards loaded in memory.', one(m.roomsLoaded));
	family('trustboard_document_loads_total', 'counter', 'Boards loaded from the database.', one(m.roomLoads));
	family('trustboard_document_unloads_total', 'counter', 'Boards unloaded after their last connection left.', one(m.roomUnloads));
	family('trustboard_updates_in_total', 'counter', 'Document updates received from clients.', one(m.updatesIn));
	family('trustboard_updates_out_total', 'counter', 'Document updates sent to clients.', one(m.updatesOut));
	family('trustboard_received_bytes_total', 'counter', 'Websocket payload bytes received.', one(m.bytesIn));
	family('trustboard_messages_dropped_total', 'counter', 'Writes dropped from read-only connections.', one(m.messagesDropped));
	family('trustboard_closed_by_policy_total', 'counter', 'Connections closed for rate, size or read-only abuse.', one(m.closedByPolicy));
	family('trustboard_compactions_total', 'counter', 'Update log compactions.', one(m.compactions));

	const histogram: Samples = PERSIST_BUCKETS.map((le, i) => [`_bucket{le="${le}"}`, m.persistBuckets[i]!]);
	histogram.push(['_bucket{le="+Inf"}', m.persistBatches], ['_sum', m.persistLatencyMsTotal / 1000], ['_count', m.persistBatches]);
	family('trustboard_persist_duration_seconds', 'histogram', 'Time to append one group-commit batch to the database.', histogram);

	const relay: Samples = RELAY_BUCKETS_MS.map((le, i) => [`_bucket{le="${le / 1000}"}`, m.relayBuckets[i]!]);
	relay.push(['_bucket{le="+Inf"}', m.relays], ['_sum', m.relayMsTotal / 1000], ['_count', m.relays]);
	family(
		'trustboard_relay_duration_seconds',
		'histogram',
		"From a member's edit arriving to it being sent to the board's other connections (its commit included).",
		relay
	);

	family(
		'trustboard_errors_total',
		'counter',
		'Errors by kind (storage writes, protocol violations, board loads, fan-out, catch-up reads).',
		[
			['{kind="persist"}', m.persistFailures],
			['{kind="protocol"}', m.protocolErrors],
			['{kind="load"}', m.roomLoadFailures],
			['{kind="fanout"}', m.fanoutErrors],
			['{kind="catch_up"}', m.fanoutCatchUpFailures]
		]
	);

	family('trustboard_fanout_connected', 'gauge', '1 while subscribed to Redis (multi-instance mode).', one(m.fanoutConnected));
	family('trustboard_fanout_peers', 'gauge', 'Other instances heard through Redis.', one(m.fanoutPeers));
	family('trustboard_fanout_published_total', 'counter', 'Messages published to other instances.', one(m.fanoutPublished));
	family('trustboard_fanout_received_total', 'counter', 'Messages received from other instances.', one(m.fanoutReceived));
	family('trustboard_fanout_dropped_total', 'counter', 'Messages not published because Redis was unavailable.', one(m.fanoutDropped));
	family(
		'trustboard_fanout_subscribes_total',
		'counter',
		'Redis (re)subscriptions; more than 1 means reconnects.',
		one(m.fanoutSubscribes)
	);
	family(
		'trustboard_fanout_gaps_repaired_total',
		'counter',
		'Catch-ups from the database that found updates the fan-out missed.',
		one(m.fanoutGapsRepaired)
	);
	family(
		'trustboard_fanout_entries_repaired_total',
		'counter',
		'Log entries applied through those catch-ups.',
		one(m.fanoutEntriesRepaired)
	);
	family(
		'trustboard_fanout_early_stored_total',
		'counter',
		"Other instances' early updates stored here because their sender had not stored them in time.",
		one(m.fanoutEarlyStored)
	);

	family('trustboard_event_loop_delay_seconds', 'gauge', 'Event-loop delay since the previous scrape.', [
		['{quantile="0.5"}', loop.p50],
		['{quantile="0.99"}', loop.p99],
		['{quantile="1"}', loop.max]
	]);
	family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', one(proc.residentBytes));
	family('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use, in bytes.', one(proc.heapUsedBytes));
	family('process_cpu_seconds_total', 'counter', 'User and system CPU time, in seconds.', one(proc.cpuSeconds));
	family('process_uptime_seconds', 'gauge', 'Seconds since the process started.', one(proc.uptimeSeconds));
	return out.join('\n') + '\n';
}
