// What a page's first load carries, from the last build's client manifest: the JavaScript its route's page and
// layouts import statically, with the client entry, each file gzipped at level 9 (as adapter-node precompresses
// and the bench measures), biggest first, and the parts it fetches only when used.
// Run after `npm run build`: node scripts/page-weight.js [route id, default /(app)/boards/[id]]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLIENT = path.join(ROOT, '.svelte-kit/output/client');
const GENERATED = '.svelte-kit/generated/client-optimized';
const route = process.argv[2] ?? '/(app)/boards/[id]';

/** @typedef {{ file: string; src?: string; imports?: string[]; dynamicImports?: string[] }} Chunk */
/** @type {Record<string, Chunk>} */
const manifest = JSON.parse(fs.readFileSync(path.join(CLIENT, '.vite/manifest.json'), 'utf8'));
const app = fs.readFileSync(path.join(ROOT, GENERATED, 'app.js'), 'utf8');

// In the generated app: "<route id>": [~page, [layouts...]] (a ~ marks a page with a server load).
const entry = app.match(new RegExp(`"${route.replace(/[[\]()/]/g, '\\$&')}": \\[~?(\\d+)(?:,\\[([\\d,]*)\\])?`));
if (!entry) throw new Error(`no route ${route} in ${GENERATED}/app.js`);
const nodes = ['0', entry[1], ...(entry[2] ? entry[2].split(',') : [])];
const roots = [
	`${GENERATED}/app.js`,
	'node_modules/@sveltejs/kit/src/runtime/client/entry.js',
	...nodes.map((n) => `${GENERATED}/nodes/${n}.js`)
];

/** @type {Map<string, Chunk>} */
const loaded = new Map();
/** @type {Map<string, Chunk>} */
const later = new Map();
/** @param {string} key */
function visit(key) {
	const chunk = manifest[key];
	if (loaded.has(key) || !chunk) return;
	loaded.set(key, chunk);
	for (const child of chunk.imports ?? []) visit(child);
	for (const child of chunk.dynamicImports ?? []) {
		const lazy = manifest[child];
		if (lazy) later.set(child, lazy);
	}
}
roots.forEach(visit);

const rows = [...loaded.values()]
	.map((chunk) => ({ chunk, gzip: zlib.gzipSync(fs.readFileSync(path.join(CLIENT, chunk.file)), { level: 9 }).byteLength }))
	.sort((a, b) => b.gzip - a.gzip);
const kb = (/** @type {number} */ bytes) => (bytes / 1024).toFixed(1).padStart(6);
for (const { chunk, gzip } of rows) console.log(`${kb(gzip)} kB  ${chunk.file}${chunk.src ? `  (${chunk.src})` : ''}`);
console.log(`${kb(rows.reduce((sum, row) => sum + row.gzip, 0))} kB in ${rows.length} files before ${route} is usable`);
const fetchedLater = [...later]
	.filter(([key, chunk]) => !loaded.has(key) && chunk.src?.startsWith('src/lib/'))
	.map(([, chunk]) => chunk.src);
console.log(`Fetched on demand, among others: ${fetchedLater.join(', ') || 'nothing'}`);
