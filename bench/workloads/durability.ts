import * as Y from 'yjs';
import { RawClient } from '../clients/raw-client.ts';
import { EditorDoc, marker, markersIn } from '../lib/content.ts';
import { sleep } from '../lib/time.ts';
import type { RunningTarget } from '../targets/target.ts';
import type { Workload } from './workload.ts';

/** Deterministic kill times, so two runs stress the same moments. */
function mulberry32(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const QUIET_MS = 500;
const QUIET_DEADLINE_MS = 5_000;

interface Trial {
	sent: number;
	confirmed: number;
	present: number;
	sentLost: number;
	confirmedLost: number;
}

async function trial(running: RunningTarget, rate: number, killAfterMs: number): Promise<Trial> {
	const boardId = await running.newBoard();
	const editor = new EditorDoc();
	const clientId = editor.doc.clientID;
	let savedFrames = 0;
	let savedClock = 0;
	const writer = await RawClient.open({
		endpoint: running.endpoint({ acks: true }),
		boardId,
		editor,
		onSaved: (stateVector, frames) => {
			savedFrames = Math.max(savedFrames, frames);
			savedClock = Math.max(savedClock, Y.decodeStateVector(stateVector).get(clientId) ?? 0);
		}
	});
	const frameOf: number[] = [];
	const clockAfter: number[] = [];
	const written: boolean[] = [];
	let killed = false;
	const killing = sleep(killAfterMs).then(async () => {
		killed = true;
		await running.kill();
	});
	const start = performance.now();
	const maxUpdates = Math.ceil((rate * killAfterMs) / 1000) + rate;
	for (let seq = 0; seq < maxUpdates && !killed && !writer.closed; seq++) {
		const wait = start + (seq * 1000) / rate - performance.now();
		if (wait > 1) await sleep(wait);
		if (killed || writer.closed) break;
		const update = editor.addRow(0, seq);
		clockAfter[seq] = Y.getState(editor.doc.store, clientId);
		frameOf[seq] = writer.send(update, (error) => {
			if (!error) written[seq] = true;
		});
	}
	await killing;
	// What a client knew at the moment of the crash: counted before the socket notices.
	const sentSeqs = [...written.keys()].filter((seq) => written[seq]);
	const confirmedSeqs = sentSeqs.filter((seq) => (frameOf[seq] ?? Infinity) <= savedFrames && (clockAfter[seq] ?? Infinity) <= savedClock);
	writer.close();
	await running.restart();
	const stored = new Y.Doc();
	let lastArrival: number;
	const reader = await RawClient.open({
		endpoint: running.endpoint(),
		boardId,
		onUpdate: (update, at) => {
			Y.applyUpdate(stored, update);
			lastArrival = at;
		}
	});
	if (reader.initial) Y.applyUpdate(stored, reader.initial);
	lastArrival = performance.now();
	// y-websocket-server answers sync before LevelDB has loaded and sends the stored state afterwards.
	const deadline = performance.now() + QUIET_DEADLINE_MS;
	while (performance.now() - lastArrival < QUIET_MS && performance.now() < deadline) await sleep(50);
	reader.close();
	const present = markersIn(stored);
	stored.destroy();
	editor.doc.destroy();
	const isPresent = (seq: number) => present.has(marker(0, seq));
	return {
		sent: sentSeqs.length,
		confirmed: confirmedSeqs.length,
		present: sentSeqs.filter(isPresent).length,
		sentLost: sentSeqs.filter((seq) => !isPresent(seq)).length,
		confirmedLost: confirmedSeqs.filter((seq) => !isPresent(seq)).length
	};
}

/**
 * 6. A writer adds rows at 50/s (each kept, so each can be checked) and the server is SIGKILLed at a random
 * moment; after a restart, which sent updates survived? For trustboard only confirmed updates (`saved`)
 * must survive; for the others a client cannot know more than that it sent them.
 */
export const durability: Workload = {
	name: 'durability',
	title: '6. Durability: SIGKILL during a 50 updates/s stream',
	applies: (target) => target.durable && target.name !== 'hocuspocus-redis',
	// The trials are the repeats: one server, killed and restarted once per trial.
	repeats: () => 1,
	async measure(running, { sizes, log }) {
		const { trials, rate, minKillMs, maxKillMs } = sizes.durability;
		const random = mulberry32(6);
		const totals: Trial = { sent: 0, confirmed: 0, present: 0, sentLost: 0, confirmedLost: 0 };
		let trialsWithLoss = 0;
		for (let i = 0; i < trials; i++) {
			const result = await trial(running, rate, minKillMs + random() * (maxKillMs - minKillMs));
			for (const key of Object.keys(totals) as Array<keyof Trial>) totals[key] += result[key];
			if (result.sentLost > 0) trialsWithLoss++;
		}
		log(
			`  ${trials} trials: ${totals.sent} sent, ${totals.sentLost} of them lost; ${totals.confirmed} confirmed, ${totals.confirmedLost} of them lost`
		);
		return {
			trials,
			sent: totals.sent,
			sent_lost: totals.sentLost,
			sent_lost_pct: totals.sent > 0 ? (totals.sentLost / totals.sent) * 100 : 0,
			trials_with_loss: trialsWithLoss,
			confirmed: running.target.name.startsWith('trustboard') ? totals.confirmed : Number.NaN,
			confirmed_lost: running.target.name.startsWith('trustboard') ? totals.confirmedLost : Number.NaN
		};
	}
};
