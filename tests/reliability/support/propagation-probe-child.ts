import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as meta from '../../../src/lib/board/meta.ts';
import { TestClient, waitFor } from '../../support/clients.ts';
import { loopFigures } from './loop-delay.ts';
import type { ProbeInput, ProbeMessage } from './propagation-probe.ts';

/**
 * The propagation probe's two clients, in a process of their own (started by propagation-probe.ts with its input
 * as JSON in argv): in the process that drives the load, the probe waited behind that process's own garbage
 * collection and Yjs work, and counted its second-long stalls as the server's. Every `everyMs` the sender
 * prepends a token to the board's description and the time until the receiver's document holds it is sent to
 * the parent over IPC; on the parent's `stop` it closes both clients and reports its own event-loop delay, so a
 * reader can tell that this process kept up.
 */
const input = JSON.parse(process.argv[2]!) as ProbeInput;
const send = (message: ProbeMessage) => process.send!(message);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const server = { wsUrl: input.wsUrl, origin: input.origin };
const sender = new TestClient(server, input.boardId, { cookie: input.senderCookie });
const receiver = new TestClient(server, input.boardId, { cookie: input.receiverCookie });
let running = true;
process.once('message', () => (running = false));
// The parent gone (its test failed or timed out): nothing would read the samples.
process.once('disconnect', () => process.exit(0));

/** Resolves at the receiver's first document update that holds `token` (its `update` event, not a poll). */
function arrival(token: string): Promise<number> {
	const text = meta.boardDescriptionText(receiver.doc);
	return new Promise((resolve, reject) => {
		const check = () => {
			if (!text.toString().includes(token)) return;
			const at = performance.now();
			receiver.doc.off('update', check);
			clearTimeout(timer);
			resolve(at);
		};
		const timer = setTimeout(() => {
			receiver.doc.off('update', check);
			reject(new Error(`${token} did not reach the other client within 30 s`));
		}, 30_000);
		receiver.doc.on('update', check);
	});
}

try {
	// The probe starts while the server is busy (a thousand members editing): a minute, not one client's bound.
	await waitFor(() => sender.provider.synced && receiver.provider.synced, 'the probe clients to sync', 60_000);
	const loop = monitorEventLoopDelay({ resolution: 1 });
	loop.enable();
	send({ type: 'ready' });
	for (let n = 0; running; n++) {
		const token = `<ping ${n}>`;
		const arrived = arrival(token);
		const sentAt = Date.now();
		const started = performance.now();
		meta.boardDescriptionText(sender.doc).insert(0, token);
		send({ type: 'sample', sentAt, ms: (await arrived) - started });
		await sleep(input.everyMs);
	}
	loop.disable();
	send({ type: 'done', loopDelayMs: loopFigures(loop) });
} catch (error) {
	send({ type: 'error', message: String(error) });
} finally {
	sender.destroy();
	receiver.destroy();
	process.disconnect();
}
