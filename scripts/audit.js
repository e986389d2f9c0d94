// Fails on any known high or critical advisory in the shipped dependencies. A registry that offers no audit
// service (some mirrors answer 405) cannot tell us either way: that is reported loudly, not counted as a pass
// or a failure, so CI on such a network still runs everything else.
import { execFileSync } from 'node:child_process';

let output;
try {
	output = execFileSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
} catch (error) {
	// npm audit exits non-zero both when it finds advisories and when it cannot ask; the JSON says which.
	output = /** @type {{ stdout?: string }} */ (error).stdout ?? '';
}

let report;
try {
	report = JSON.parse(output);
} catch {
	console.error('npm audit gave no readable answer:\n' + output.slice(0, 2000));
	process.exit(1);
}

if (report.statusCode || report.error) {
	console.warn(`WARNING: dependency audit not run: the registry's audit service answered ${report.statusCode ?? report.error?.code}.`);
	process.exit(0);
}

const counts = report.metadata?.vulnerabilities ?? {};
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(`npm audit (shipped dependencies): ${JSON.stringify(counts)}`);
if (serious > 0) {
	for (const [name, entry] of Object.entries(report.vulnerabilities ?? {})) {
		if (entry.severity === 'high' || entry.severity === 'critical') console.error(`${entry.severity}: ${name} ${entry.range}`);
	}
	process.exit(1);
}
