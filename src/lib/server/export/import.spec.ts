import { describe, expect, it } from 'vitest';
import { TITLE_MAX } from '../board.ts';
import { importedTitle } from './import.ts';

describe('the title of an imported board', () => {
	it('says it was imported, and when, within the title limit', () => {
		const at = new Date('2026-12-07T09:00:00Z');
		expect(importedTitle('Shadow trust board', at)).toBe('Shadow trust board (imported 7 Dec 2026)');
		expect(importedTitle('', at)).toBe('Board (imported 7 Dec 2026)');
		const long = importedTitle('x'.repeat(TITLE_MAX), at);
		expect(long).toHaveLength(TITLE_MAX);
		expect(long.endsWith('(imported 7 Dec 2026)')).toBe(true);
	});
});
