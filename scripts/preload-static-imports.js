// A Vite plugin that completes the list of scripts SvelteKit preloads (`<link rel="modulepreload">`) for each page.
//
// SvelteKit (2.70) walks the client manifest from a page's entry and marks every chunk it reaches as seen, whether it
// reached it through a static import (preloaded) or through a dynamic one (walked only for its CSS). A chunk that the
// page imports statically, but that an earlier chunk's lazily imported part also imports, is therefore reached first
// as a dynamic dependency and never preloaded: the browser finds it only once the page's entry has been fetched and
// parsed, one more round trip before the first render. On the board page that was three chunks (the Svelte client
// API, `$app/forms` and the together provider), fetched about 150 ms after the others (docs/performance.md, "the
// board page's scripts in one round trip").
//
// After SvelteKit has written the server's page nodes and before the adapter copies them, this adds the missing
// chunks to each node's `imports`, from the page entry's static imports in the client manifest.
import fs from 'node:fs';
import path from 'node:path';

const OUT = '.svelte-kit/output';
const NODE_ENTRY = (/** @type {string} */ index) => `.svelte-kit/generated/client-optimized/nodes/${index}.js`;

/** @param {Record<string, { file: string; imports?: string[] }>} manifest @param {string} entry */
function staticImports(manifest, entry) {
	/** @type {string[]} */
	const files = [];
	const seen = new Set();
	/** @param {string} key */
	const visit = (key) => {
		const chunk = manifest[key];
		if (!chunk || seen.has(key)) return;
		seen.add(key);
		files.push(chunk.file);
		for (const child of chunk.imports ?? []) visit(child);
	};
	visit(entry);
	return files;
}

/** @returns {import('vite').Plugin} */
export function preloadStaticImports() {
	return {
		name: 'trustboard:preload-static-imports',
		apply: 'build',
		closeBundle: {
			order: 'pre',
			sequential: true,
			handler() {
				const manifestPath = path.join(OUT, 'client/.vite/manifest.json');
				const nodesDir = path.join(OUT, 'server/nodes');
				// Only once the client build's manifest and the server's nodes are both written (the server build).
				if (!fs.existsSync(manifestPath) || !fs.existsSync(nodesDir)) return;
				const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
				for (const name of fs.readdirSync(nodesDir)) {
					const file = path.join(nodesDir, name);
					const source = fs.readFileSync(file, 'utf8');
					const match = source.match(/^export const imports = (\[.*\]);$/m);
					if (!match) continue;
					/** @type {string[]} */
					const listed = JSON.parse(match[1] ?? '[]');
					const missing = staticImports(manifest, NODE_ENTRY(path.basename(name, '.js'))).filter((f) => !listed.includes(f));
					if (missing.length === 0) continue;
					fs.writeFileSync(file, source.replace(match[0], `export const imports = ${JSON.stringify([...listed, ...missing])};`));
				}
			}
		}
	};
}
