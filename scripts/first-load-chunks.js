// The client build's chunking (Rolldown's `output.codeSplitting`): the code the board page imports statically comes
// in a dozen files instead of about thirty, most of which were under 1 kB gzipped.
//
// Left to itself the bundler makes one chunk per set of pages that share a module. Over HTTP/1.1 a browser fetches
// six files at a time from one origin, so each further file can cost a round trip before the first screen
// (docs/performance.md, "the board page's first load in fewer files, and its state streamed"). The board page's
// first load is split instead by who else loads each module, from the module graph at build time:
//
// - `shell`: what every page loads (the client entry and app, the root layout, the error page);
// - `common`: what the board page shares with pages outside the board's (forms, buttons, dates: a few kB);
// - `family`: what it shares with at least three of the board's other pages (the Yjs board model, read-only grids);
// - `with-<pages>`: what it shares with only one or two of them (the presenter view, a version's page);
// - `board`: what only the board page loads (its workspace, the grids' editing, the live connection).
//
// Code fetched on first use (dialogs, menus, the model tab, editors, exports) is reached only through dynamic imports
// and keeps the bundler's own chunks, out of the first load. Another page loads a group whole when it needs a module
// of it, so some load a few kB they do not use (docs/performance.md gives each page's weight before and after).
import path from 'node:path';

const GENERATED = '.svelte-kit/generated/client-optimized';
const CLIENT_ENTRIES = ['node_modules/@sveltejs/kit/src/runtime/client/entry.js', `${GENERATED}/app.js`];
/** Loaded with every page: the root layout, and the error page SvelteKit fetches beside each page's node. */
const EVERY_PAGE = ['src/routes/+layout.svelte', 'src/routes/+error.svelte'];
/** The board page's first load beyond `EVERY_PAGE`: its layout, which the pages of signed-in members share, and itself. */
const APP_LAYOUT = 'src/routes/(app)/+layout.svelte';
const BOARD_PAGE = 'src/routes/(app)/boards/[id]/+page.svelte';
/** The board's other pages, whose code overlaps the board page's most. */
const BOARD_FAMILY = 'src/routes/(app)/boards/[id]/';
/** Shared with this many of them, a module goes to `family`; with fewer, to a chunk for just those pages. */
const FAMILY_PAGES = 3;

/** @typedef {{ importedIds: readonly string[]; dynamicallyImportedIds: readonly string[]; importers: readonly string[] }} Info */
/** @typedef {{ getModuleInfo(id: string): Info | null }} Graph */

/** @param {Graph} graph @param {string[]} roots @returns {Set<string>} the roots with everything they import statically */
function staticClosure(graph, roots) {
	const seen = new Set();
	const visit = (/** @type {string} */ id) => {
		if (seen.has(id)) return;
		const info = graph.getModuleInfo(id);
		if (!info) return;
		seen.add(id);
		for (const child of info.importedIds) visit(child);
	};
	roots.forEach(visit);
	return seen;
}

/** @param {string} root the project's directory */
function codeSplitting(root) {
	const abs = (/** @type {string} */ file) => path.resolve(root, file);
	/** @type {Map<string, string> | null} */
	let groups = null;

	/** @param {Graph} graph @returns {Map<string, string>} module id -> its group */
	function classify(graph) {
		/** The page node (an entry of the build) that exports a route's component. */
		const nodeOf = (/** @type {string} */ file) =>
			graph.getModuleInfo(abs(file))?.importers.find((id) => id.startsWith(abs(`${GENERATED}/nodes/`))) ?? abs(file);
		const entries = CLIENT_ENTRIES.map(abs);
		const everyPage = EVERY_PAGE.map(nodeOf);
		const [appLayout, boardPage] = [nodeOf(APP_LAYOUT), nodeOf(BOARD_PAGE)];
		const otherPages = (graph.getModuleInfo(abs(`${GENERATED}/app.js`))?.dynamicallyImportedIds ?? []).filter(
			(id) => !everyPage.includes(id) && id !== appLayout && id !== boardPage
		);
		const inFamily = (/** @type {string} */ node) =>
			graph.getModuleInfo(node)?.importedIds.some((id) => id.startsWith(abs(BOARD_FAMILY))) ?? false;
		const shell = staticClosure(graph, [...entries, ...everyPage]);
		const board = staticClosure(graph, [appLayout, boardPage]);
		/** @type {Map<string, string[]>} module -> the board's other pages that load it */
		const family = new Map();
		for (const node of otherPages.filter(inFamily))
			for (const id of staticClosure(graph, [node])) family.set(id, [...(family.get(id) ?? []), path.basename(node, '.js')]);
		const elsewhere = staticClosure(graph, [appLayout, ...otherPages.filter((node) => !inFamily(node))]);
		// Entries stay chunks of their own: SvelteKit fetches each page's node by its name in the manifest.
		const own = new Set([...entries, ...everyPage, appLayout, boardPage, ...otherPages]);
		/** @type {Map<string, string>} */
		const result = new Map();
		for (const id of shell) if (!own.has(id)) result.set(id, 'shell');
		for (const id of board) {
			if (own.has(id) || shell.has(id)) continue;
			const pages = family.get(id) ?? [];
			if (elsewhere.has(id)) result.set(id, 'common');
			else if (pages.length >= FAMILY_PAGES) result.set(id, 'family');
			else if (pages.length === 0) result.set(id, 'board');
			else result.set(id, `with-${pages.join('-')}`);
		}
		return result;
	}

	// Highest priority first: a group's modules are taken out of the later ones. What a module imports is loaded by at
	// least the same pages, so it is in the module's group or one taken before it, and the bundler's pulling in of a
	// group's dependencies moves nothing between them.
	const group = (/** @type {string} */ name, /** @type {number} */ priority) => ({
		priority,
		/** @param {string} id @param {Graph} graph */
		name(id, graph) {
			groups ??= classify(graph);
			const found = groups.get(id);
			return found === name || (name === 'with' && found?.startsWith('with-')) ? found : null;
		}
	});
	return { groups: [group('shell', 5), group('common', 4), group('family', 3), group('with', 2), group('board', 1)] };
}

/**
 * @param {string} root the project's directory
 * @returns {import('vite').Plugin} the chunking above, for the client's build only (the server's chunks are read from disk)
 */
export function firstLoadChunks(root) {
	return {
		name: 'trustboard:first-load-chunks',
		apply: 'build',
		config: (_config, { isSsrBuild }) =>
			isSsrBuild ? undefined : { build: { rolldownOptions: { output: { codeSplitting: codeSplitting(root) } } } }
	};
}
