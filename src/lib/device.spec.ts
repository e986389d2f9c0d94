import { describe, expect, test } from 'vitest';
import { describeDevice } from './device.ts';

describe('describeDevice', () => {
	test('names the browser and system people recognise', () => {
		expect(
			describeDevice(
				'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0'
			)
		).toBe('Edge on Windows');
		expect(
			describeDevice(
				'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
			)
		).toBe('Safari on iOS');
		expect(describeDevice('Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0')).toBe('Firefox on Linux');
		expect(describeDevice('')).toBe('Unknown device');
		expect(describeDevice('curl/8.0')).toBe('curl/8.0');
	});
});
