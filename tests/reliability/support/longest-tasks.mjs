// The longest stretches of the event loop without a pause (tasks), from CPU profiles the probe wrote
// (RELIABILITY_PROBE_PROFILE), each with the functions it spent its time in. A total-time profile hides a
// stall: a 600 ms task and 600 tasks of 1 ms look alike in it; here the stall is the unit.
//
//   node tests/reliability/support/longest-tasks.mjs <folder or .cpuprofile>... [--top=15] [--from=<ms epoch>] [--to=<ms epoch>]
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const top = option('top', 15);
const from = option('from', 0);
const to = option('to', Infinity);
const files = args
	.filter((a) => !a.startsWith('--'))
	.flatMap((a) => (fs.statSync(a).isDirectory() ? fs.readdirSync(a).map((f) => path.join(a, f)) : [a]))
	.filter((f) => f.endsWith('.cpuprofile'))
	.sort();

const tasks = [];
let busyMs = 0;
let wallMs = 0;
for (const file of files) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const label = (n) => {
		const { functionName, url, lineNumber } = n.callFrame;
		const where = url ? `${path.basename(url)}:${lineNumber + 1}` : '';
		return `${functionName || '(anonymous)'} ${where}`.trim();
	};
	const stack = (id) => {
		const out = [];
		for (let at = id; at !== undefined; at = parent.get(at)) out.push(label(nodes.get(at)));
		return out;
	};
	const stacks = new Map();
	let t = profile.startTime;
	const wallStart = profile.wallClockStart ?? 0;
	let current = null;
	const close = () => {
		if (current) tasks.push(current);
		current = null;
	};
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		const at = wallStart + (t - profile.startTime) / 1000;
		if (at < from || at > to) continue;
		const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		const id = profile.samples[i];
		const name = nodes.get(id).callFrame.functionName;
		wallMs += dt;
		if (name === '(idle)') {
			close();
			continue;
		}
		busyMs += dt;
		if (!stacks.has(id)) stacks.set(id, stack(id));
		current ??= { file: path.basename(file), at, ms: 0, frames: new Map(), self: new Map() };
		current.ms += dt;
		const frames = stacks.get(id);
		current.self.set(frames[0], (current.self.get(frames[0]) ?? 0) + dt);
		for (const frame of new Set(frames)) current.frames.set(frame, (current.frames.get(frame) ?? 0) + dt);
	}
	close();
}

tasks.sort((a, b) => b.ms - a.ms);
const round = (v) => Math.round(v * 10) / 10;
console.log(
	`${files.length} profiles, busy ${round(busyMs)} of ${round(wallMs)} ms, ${tasks.length} tasks; tasks > 50 ms: ${tasks.filter((x) => x.ms > 50).length}, > 200 ms: ${tasks.filter((x) => x.ms > 200).length}`
);
for (const task of tasks.slice(0, top)) {
	console.log(`\n${round(task.ms)} ms at ${new Date(task.at).toISOString()} (${task.file})`);
	const inclusive = [...task.frames].filter(([f]) => !/^\(root\)|^\(program\)$/.test(f)).sort((a, b) => b[1] - a[1]);
	console.log(
		'  inclusive: ' +
			inclusive
				.slice(0, 14)
				.map(([f, ms]) => `${f} ${round(ms)}`)
				.join(' | ')
	);
	const self = [...task.self].sort((a, b) => b[1] - a[1]);
	console.log(
		'  self:      ' +
			self
				.slice(0, 8)
				.map(([f, ms]) => `${f} ${round(ms)}`)
				.join(' | ')
	);
}
