/**
 * Injected into every benchmark page before its own scripts. It records, in the page's clock:
 * - `firstShown`: when a grid cell is first in the page (from the server's HTML, or rendered by the page's script);
 * - `firstRender`: when the board is first usable: a grid cell that is not inside an `aria-busy` element (as a
 *   server-rendered page would mark what its script has not yet taken over), or the title field holding the
 *   title, and which;
 * - `committed`: when the user committed an edit (Enter, or an input event in a text field), epoch ms;
 * - `seen`: when a watched token first appeared in the page (grid text, or the description field), epoch ms.
 * Epoch ms (timeOrigin + now) lets two pages, and the Node process, be compared.
 */
export const PROBE_SCRIPT = `(() => {
	const epoch = () => performance.timeOrigin + performance.now();
	const bench = (window.__bench = { firstShown: null, firstRender: null, mode: null, committed: [], seen: {}, watch: [] });
	const check = () => {
		if (bench.firstRender !== null) return;
		const cell = document.querySelector('[role="grid"] [role="gridcell"]');
		if (cell && bench.firstShown === null) bench.firstShown = performance.now();
		if (cell && !cell.closest('[aria-busy="true"]')) bench.mode = 'grid';
		else if (!cell && document.querySelector('#board-title')?.value) bench.mode = 'details';
		if (bench.mode) bench.firstRender = performance.now();
	};
	const look = (text) => {
		if (!text) return;
		for (const token of bench.watch) if (!(token in bench.seen) && text.includes(token)) bench.seen[token] = epoch();
	};
	new MutationObserver((records) => {
		check();
		if (bench.watch.length === 0) return;
		for (const record of records) {
			if (record.type === 'characterData') look(record.target.data);
			for (const node of record.addedNodes) look(node.textContent);
		}
	}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
	// A text field's value is not in the DOM tree: poll it while tokens are watched.
	setInterval(() => {
		if (bench.watch.length > 0) look(document.querySelector('#board-description')?.value);
	}, 2);
	addEventListener('keydown', (event) => event.key === 'Enter' && bench.committed.push(epoch()), true);
	addEventListener('input', (event) => event.target?.id === 'board-description' && bench.committed.push(epoch()), true);
})();`;
