import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect.ts';

describe('redirect targets after sign-in', () => {
	it('keeps same-origin paths with their query and fragment', () => {
		expect(safeRedirect('/boards/abc?tab=models#row-3')).toBe('/boards/abc?tab=models#row-3');
		expect(safeRedirect('/invite/token123')).toBe('/invite/token123');
		expect(safeRedirect('/boards/a/../b')).toBe('/boards/b');
	});

	it.each([
		'//evil.example',
		'/\\evil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'\t//evil.example',
		'/./\\evil.example',
		'/.//evil.example',
		'https://evil.example/',
		'javascript:alert(1)',
		'evil.example',
		'',
		' /boards'
	])('sends %j to the fallback', (target) => {
		expect(safeRedirect(target)).toBe('/');
	});

	it('turns characters a header cannot carry into a valid path instead of a server error', () => {
		const result = safeRedirect('/x\u0000y\u007f z');
		expect(result.startsWith('/')).toBe(true);
		// eslint-disable-next-line no-control-regex -- the point of the test: no control characters survive
		expect(result).not.toMatch(/[\u0000-\u001f\u007f ]/);
		expect(safeRedirect(null)).toBe('/');
	});
});
