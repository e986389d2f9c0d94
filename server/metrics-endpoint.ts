import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Metrics } from './collab/metrics.ts';
import { renderMetrics } from './prometheus.ts';

export const METRICS_PATH = '/metrics';

/** Headers a reverse proxy adds: a request carrying one came from outside even if its socket is loopback. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * /metrics on the main port. The numbers (boards, connections, errors) are not for the public: with
 * METRICS_TOKEN set they need `Authorization: Bearer <token>`; without it they are served only to a scraper
 * on the same host talking to the process directly (loopback, and no proxy forwarding headers).
 */
export class MetricsEndpoint {
	readonly #metrics: Metrics;
	readonly #token: Buffer | null;
	readonly #addressHeader: string | null;
	readonly #loop: IntervalHistogram;

	constructor(metrics: Metrics, options: { token: string | null; addressHeader: string | null }) {
		this.#metrics = metrics;
		this.#token = options.token ? digest(options.token) : null;
		this.#addressHeader = options.addressHeader?.toLowerCase() ?? null;
		this.#loop = monitorEventLoopDelay({ resolution: 10 });
		this.#loop.enable();
	}

	serve(request: IncomingMessage, response: ServerResponse): void {
		const status = this.#allowed(request);
		if (status !== 200) {
			const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
			response.writeHead(status, headers).end();
			return;
		}
		const seconds = (ns: number) => ns / 1e9;
		const usage = process.cpuUsage();
		const body = renderMetrics(
			this.#metrics,
			{ p50: seconds(this.#loop.percentile(50)), p99: seconds(this.#loop.percentile(99)), max: seconds(this.#loop.max) },
			{
				residentBytes: process.memoryUsage.rss(),
				heapUsedBytes: process.memoryUsage().heapUsed,
				cpuSeconds: (usage.user + usage.system) / 1e6,
				uptimeSeconds: process.uptime()
			}
		);
		// Each scrape reports the delay since the previous one, as prom-client does.
		this.#loop.reset();
		response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
		response.end(body);
	}

	close(): void {
		this.#loop.disable();
	}

	#allowed(request: IncomingMessage): 200 | 401 | 403 {
		if (this.#token) {
			const header = request.headers.authorization ?? '';
			const presented = header.startsWith('Bearer ') ? digest(header.slice('Bearer '.length)) : null;
			return presented && timingSafeEqual(presented, this.#token) ? 200 : 401;
		}
		const forwarded = [...FORWARDING_HEADERS, this.#addressHeader].some((name) => name && request.headers[name] !== undefined);
		return !forwarded && LOOPBACK.test(request.socket.remoteAddress ?? '') ? 200 : 403;
	}
}

/** Fixed-length digests, so the comparison neither throws on length nor leaks it. */
function digest(value: string): Buffer {
	return createHash('sha256').update(value).digest();
}
