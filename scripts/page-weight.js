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

/** @type {Record<string, { file: string; src?: string; imports?: string[]; dynamicImports?: string[] }>} */
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

const loaded = new Set();
const later = new Set();
/** @param {string} key */
function visit(key) {
	if (loaded.has(key) || !manifest[key]) return;
	loaded.add(key);
	for (const child of manifest[key].imports ?? []) visit(child);
	for (const child of manifest[key].dynamicImports ?? []) later.add(child);
}
roots.forEach(visit);

const rows = [...loaded]
	.map((key) => ({
		key,
		file: manifest[key].file,
		gzip: zlib.gzipSync(fs.readFileSync(path.join(CLIENT, manifest[key].file)), { level: 9 }).byteLength
	}))
	.sort((a, b) => b.gzip - a.gzip);
const kb = (/** @type {number} */ bytes) => (bytes / 1024).toFixed(1).padStart(6);
for (const row of rows) console.log(`${kb(row.gzip)} kB  ${row.file}${manifest[row.key].src ? `  (${manifest[row.key].src})` : ''}`);
console.log(`${kb(rows.reduce((sum, row) => sum + row.gzip, 0))} kB in ${rows.length} files before ${route} is usable`);
const fetchedLater = [...later].filter((key) => !loaded.has(key) && manifest[key].src?.startsWith('src/lib/'));
console.log(`Fetched on demand, among others: ${fetchedLater.map((key) => manifest[key].src).join(', ') || 'nothing'}`);
