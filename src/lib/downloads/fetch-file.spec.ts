import { describe, expect, it } from 'vitest';
import { fileNameOf, refusalMessage } from './fetch-file.ts';

describe('downloads fetched by the page', () => {
	it('saves under the name the server gave', () => {
		expect(fileNameOf('attachment; filename="Board_Live-board_2026-12-07.xlsx"', 'download')).toBe('Board_Live-board_2026-12-07.xlsx');
		expect(fileNameOf(null, 'download')).toBe('download');
	});

	it('shows the server’s sentence for too many downloads, and plain words for other refusals', async () => {
		const wait = new Response('You have downloaded many files in a short time. Please wait 12 seconds and try again.', {
			status: 429,
			headers: { 'Retry-After': '12' }
		});
		expect(await refusalMessage(wait)).toBe('You have downloaded many files in a short time. Please wait 12 seconds and try again.');
		expect(await refusalMessage(new Response('', { status: 429, headers: { 'Retry-After': '5' } }))).toMatch(/wait 5 seconds/);
		expect(await refusalMessage(new Response('Not found', { status: 404 }))).toMatch(/no longer available/);
		expect(await refusalMessage(new Response('', { status: 500 }))).toMatch(/could not be made \(error 500\)/);
	});
});
