import { describe, expect, it } from 'vitest';
import { DownloadLimiter, limitDownload } from './download-limit.ts';

describe('download allowance per session', () => {
	it('allows a burst, then one download per interval, and says how long to wait', () => {
		const limiter = new DownloadLimiter({ burst: 3, perMinute: 6 });
		const t = 1_000_000;
		for (let i = 0; i < 3; i++) expect(limiter.take('s1', t)).toEqual({ ok: true });
		expect(limiter.take('s1', t)).toEqual({ ok: false, retryAfterMs: 10_000 });
		expect(limiter.take('s1', t + 4_000)).toEqual({ ok: false, retryAfterMs: 6_000 });
		expect(limiter.take('s1', t + 10_000)).toEqual({ ok: true });
		// Another session has its own allowance.
		expect(limiter.take('s2', t)).toEqual({ ok: true });
	});

	it('refuses with 429, Retry-After in whole seconds and a sentence a member can act on', async () => {
		const limiter = new DownloadLimiter({ burst: 1, perMinute: 2 });
		expect(limitDownload(limiter, 's1')).toBeNull();
		const refused = limitDownload(limiter, 's1');
		expect(refused?.status).toBe(429);
		expect(refused?.headers.get('Retry-After')).toBe('30');
		expect(await refused?.text()).toMatch(/wait 30 seconds and try again/);
	});
});
