import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../../../test-results/reliability');

/**
 * Records a section's figures: printed, and written to test-results/reliability/<section>.json so the numbers
 * in docs/reliability.md can be traced to a run.
 */
export function report(section: string, figures: Record<string, unknown>): void {
	fs.mkdirSync(dir, { recursive: true });
	const entry = { section, at: new Date().toISOString(), ...figures };
	fs.writeFileSync(path.join(dir, `${section}.json`), `${JSON.stringify(entry, null, 2)}\n`);
	console.log(`[reliability] ${section}: ${JSON.stringify(figures)}`);
}

/** Keeps a server's log next to the figures (test-results/reliability/<name>.log). */
export function keepLog(name: string, output: string): void {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, `${name}.log`), output);
}
