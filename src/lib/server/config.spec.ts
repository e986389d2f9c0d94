import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('SQLITE_SYNC', () => {
	it('is full unless set, and takes either mode in any case', () => {
		expect(loadConfig({}).sqliteSync).toBe('full');
		expect(loadConfig({ SQLITE_SYNC: '' }).sqliteSync).toBe('full');
		expect(loadConfig({ SQLITE_SYNC: 'normal' }).sqliteSync).toBe('normal');
		expect(loadConfig({ SQLITE_SYNC: ' Full ' }).sqliteSync).toBe('full');
	});

	it('refuses any other value at start, naming the setting and what it may be', () => {
		for (const value of ['off', 'fast', 'extra', '1']) {
			expect(() => loadConfig({ SQLITE_SYNC: value })).toThrow(`SQLITE_SYNC must be "full" or "normal", got "${value}"`);
		}
	});
});
