import { describe, expect, it } from 'vitest';
import { readUrlView, writeUrlView } from './url-state.ts';

describe('the view in the URL', () => {
	it('round-trips the tab and selected cell, keeping other parameters', () => {
		const url = writeUrlView(new URL('https://board.example/boards/abc?x=1'), {
			tab: 'models',
			cell: { rowId: 'model-cic', colId: '@name' }
		});
		expect(url.search).toBe('?x=1&tab=models&cell=model-cic%7E%40name');
		expect(readUrlView(url.searchParams)).toEqual({ tab: 'models', cell: { rowId: 'model-cic', colId: '@name' } });
		expect(writeUrlView(url, { tab: null, cell: null }).search).toBe('?x=1');
	});

	it('ignores what is not a tab or a cell', () => {
		expect(readUrlView(new URLSearchParams('tab=admin&cell=a~b~c'))).toEqual({ tab: null, cell: null });
		expect(readUrlView(new URLSearchParams('cell=<script>~x'))).toEqual({ tab: null, cell: null });
	});
});
