// Fails when the project's own modules import one another in a cycle, type-only imports included:
// a cycle makes load order matter and lets two modules drift into one. Run: node scripts/import-cycles.js
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const FOLDERS = ['src', 'server', 'scripts', 'bench', 'tests'];
const IMPORT = /(?:^|[\n;])\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** @param {string} dir @param {string[]} out @returns {string[]} */
function files(dir, out = []) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'results') continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files(full, out);
		else if (/\.(ts|js|svelte)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
	}
	return out;
}

/** @param {string} from @param {string} specifier @returns {string | null} */
function resolve(from, specifier) {
	let base;
	if (specifier.startsWith('$lib')) base = path.join(ROOT, 'src/lib', specifier.slice(4));
	else if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier);
	else return null;
	const candidates = [
		base,
		base.replace(/\.js$/, '.ts'),
		`${base}.ts`,
		`${base}.js`,
		path.join(base, 'index.ts'),
		path.join(base, 'index.js')
	];
	return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

/** @type {Map<string, Set<string>>} */
const graph = new Map();
for (const dir of FOLDERS) {
	if (!fs.existsSync(path.join(ROOT, dir))) continue;
	for (const file of files(path.join(ROOT, dir))) {
		const text = fs.readFileSync(file, 'utf8');
		const edges = new Set();
		for (const match of text.matchAll(IMPORT)) {
			const target = resolve(file, match[1] ?? match[2] ?? '');
			if (target) edges.add(target);
		}
		graph.set(file, edges);
	}
}

// Tarjan's strongly connected components: every component of more than one module is a cycle.
let index = 0;
/** @type {string[]} */
const stack = [];
/** @type {Map<string, { index: number; low: number; onStack: boolean }>} */
const state = new Map();
/** @type {string[][]} */
const cycles = [];
/** @param {string} node */
function connect(node) {
	const entry = { index, low: index, onStack: true };
	state.set(node, entry);
	index++;
	stack.push(node);
	for (const next of graph.get(node) ?? []) {
		const seen = state.get(next);
		if (!seen) {
			connect(next);
			entry.low = Math.min(entry.low, state.get(next)?.low ?? entry.low);
		} else if (seen.onStack) entry.low = Math.min(entry.low, seen.index);
	}
	if (entry.low === entry.index) {
		const component = [];
		/** @type {string | undefined} */
		let member;
		do {
			member = stack.pop();
			if (member === undefined) break;
			const done = state.get(member);
			if (done) done.onStack = false;
			component.push(path.relative(ROOT, member));
		} while (member !== node);
		if (component.length > 1 || graph.get(node)?.has(node)) cycles.push(component.sort());
	}
}
for (const node of graph.keys()) if (!state.has(node)) connect(node);

for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' <-> ')}`);
if (cycles.length) process.exit(1);
console.log(`no import cycles among ${graph.size} modules`);
