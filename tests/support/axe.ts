import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
	id: string;
	help: string;
	nodes: { target: string[]; failureSummary: string }[];
}

/** axe-core's WCAG 2.x A and AA rules on what is on screen now; a readable list of what fails. */
export async function violations(page: Page): Promise<string[]> {
	// Evaluated rather than added as a script tag: the app's Content Security Policy rightly refuses inline scripts.
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
	const found = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
		return result.violations;
	});
	return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.failureSummary}`));
}

/** 0 axe violations on what is on screen, `where` naming the page or dialog in the failure. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
	expect(await violations(page), where).toEqual([]);
}
