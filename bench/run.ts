import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sizesFor } from './config.ts';
import { TRUSTBOARD_CHECKOUT, builtServer } from './lib/build-snapshot.ts';
import { GENERATOR_CORE, loadAverage, pinSelf, serverCores } from './lib/proc.ts';
import { spreadEach } from './lib/stats.ts';
import { writeReport } from './report.ts';
import { TARGETS } from './targets/index.ts';
import type { Target } from './targets/target.ts';
import { WORKLOADS } from './workloads/index.ts';
import type { Figures, Workload } from './workloads/workload.ts';
import type { Results, TargetResult } from './results.ts';

// npm run bench [-- --quick] [--targets=a,b] [--workloads=x,y] [--server-cores=0,1] [--merge] [--no-report];
// sizes via BENCH_* (bench/config.ts). --merge re-runs the named workloads into bench/results/latest.json, keeping the rest.
const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string) =>
	args
		.find((arg) => arg.startsWith(`--${name}=`))
		?.slice(name.length + 3)
		.split(',');
const quick = args.includes('--quick');
const onlyTargets = option('targets') ?? process.env.BENCH_TARGETS?.split(',');
const onlyWorkloads = option('workloads') ?? process.env.BENCH_WORKLOADS?.split(',');
const coresOption = option('server-cores');
if (coresOption) process.env.BENCH_SERVER_CORES = coresOption.join(',');
// Checked now: a typo should stop the run before it starts, not at the first server.
const cores = serverCores();
/** A hard stop for the whole run, whatever hangs: every wait inside is bounded too. */
const MAX_MINUTES = Number(process.env.BENCH_MAX_MINUTES) || (quick ? 15 : 45);

const watchdog = setTimeout(() => {
	console.error(`bench: stopped after ${MAX_MINUTES} minutes`);
	process.exit(2);
}, MAX_MINUTES * 60_000);

pinSelf(GENERATOR_CORE);
const sizes = sizesFor(quick);
const log = (message: string) => console.log(message);

function git(...command: string[]): string {
	return gitIn(root, ...command);
}

function gitIn(cwd: string, ...command: string[]): string {
	try {
		return execFileSync('git', command, { cwd }).toString().trim();
	} catch {
		return '';
	}
}

function machine() {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model ?? 'unknown',
		cores: cpus.length,
		memoryGb: Math.round(os.totalmem() / 2 ** 30),
		kernel: os.release(),
		node: process.version
	};
}

/**
 * The previous full results with this run's figures put in, and a note of when they were re-run. Only the servers
 * this run measured are replaced: the others keep their earlier figures, so a table still compares every server.
 */
function mergeInto(file: string, fresh: Results): Results {
	const previous = JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
	for (const [name, workload] of Object.entries(fresh.workloads)) {
		const rerun = new Set([...workload.results.map((r) => r.target), ...Object.keys(workload.skipped)]);
		const kept = (previous.workloads[name]?.results ?? []).filter((r) => !rerun.has(r.target));
		const order = Object.keys(fresh.targets);
		const results = [...kept, ...workload.results].sort((a, b) => order.indexOf(a.target) - order.indexOf(b.target));
		previous.workloads[name] = { ...workload, results };
		previous.reruns = {
			...previous.reruns,
			[name]: { at: fresh.startedAt, loadAverage: fresh.loadAverage, command: fresh.command, targets: [...rerun] }
		};
	}
	return previous;
}

async function runOn(workload: Workload, target: Target): Promise<TargetResult> {
	const runs: Figures[] = [];
	const errors: string[] = [];
	const repeats = workload.repeats(sizes);
	const began = performance.now();
	for (let r = 0; r < repeats; r++) {
		log(`${workload.name} / ${target.name} (${r + 1}/${repeats})`);
		let running;
		try {
			running = await target.start({ instances: workload.instances });
			runs.push(await workload.measure(running, { sizes, log }));
		} catch (error) {
			errors.push(error instanceof Error ? error.message : String(error));
			log(`  failed: ${errors.at(-1)}`);
		} finally {
			await running?.stop().catch((error: unknown) => errors.push(`stop: ${String(error)}`));
		}
	}
	const seconds = (performance.now() - began) / 1000;
	log(`  ${workload.name} / ${target.name}: ${seconds.toFixed(0)} s`);
	return { target: target.name, runs, summary: spreadEach(runs), errors, seconds };
}

const started = new Date();
const build = await builtServer();
const results: Results = {
	startedAt: started.toISOString(),
	finishedAt: '',
	quick,
	command: `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
	git: { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no').length > 0 },
	machine: machine(),
	serverCores: cores,
	trustboardBuiltAt: build?.builtAt ?? null,
	...(TRUSTBOARD_CHECKOUT === root
		? {}
		: {
				trustboardCheckout: {
					commit: gitIn(TRUSTBOARD_CHECKOUT, 'rev-parse', '--short', 'HEAD'),
					dirty: gitIn(TRUSTBOARD_CHECKOUT, 'status', '--porcelain', '--untracked-files=no').length > 0
				}
			}),
	loadAverage: { before: loadAverage(), after: [] },
	sizes,
	targets: Object.fromEntries(TARGETS.map((t) => [t.name, { label: t.label, storage: t.storage }])),
	workloads: {}
};

const targets = TARGETS.filter((t) => !onlyTargets || onlyTargets.includes(t.name));
for (const workload of WORKLOADS.filter((w) => !onlyWorkloads || onlyWorkloads.includes(w.name))) {
	const entry: Results['workloads'][string] = { title: workload.title, results: [], skipped: {} };
	results.workloads[workload.name] = entry;
	for (const target of targets.filter((t) => workload.applies(t) && (!t.onlyWorkloads || t.onlyWorkloads.includes(workload.name)))) {
		const reason = await target.unavailable();
		if (reason) {
			entry.skipped[target.name] = reason;
			log(`${workload.name} / ${target.name}: skipped (${reason})`);
			continue;
		}
		entry.results.push(await runOn(workload, target));
	}
}

results.finishedAt = new Date().toISOString();
results.loadAverage.after = loadAverage();
const dir = path.join(root, 'bench/results');
const output = args.includes('--merge') ? mergeInto(path.join(dir, 'latest.json'), results) : results;
fs.mkdirSync(dir, { recursive: true });
const json = JSON.stringify(output, null, '\t') + '\n';
const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
fs.writeFileSync(file, json);
// A trial run (--no-report) must not replace the figures the report is made from.
if (!args.includes('--no-report')) fs.writeFileSync(path.join(dir, 'latest.json'), json);
log(`results: ${path.relative(root, file)}`);
if (!args.includes('--no-report')) {
	await writeReport(output, path.join(root, 'docs/performance.md'));
	log('report: docs/performance.md');
}
clearTimeout(watchdog);
// Sockets of providers in their reconnect backoff would keep the process alive for no reason.
process.exit(0);
