import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as template from '../../board/template.ts';
import * as init from '../../board/init.ts';
import * as read from '../../board/read.ts';
import * as models from '../../board/models.ts';
import * as scope from '../../board/scope.ts';
import * as scores from '../../board/scores.ts';
import { boardMarkdown } from './markdown.ts';
import { criteriaTable, modelsTable } from './tables.ts';
import type { VersionInfo } from './xlsx.ts';

/** What a board secretary copies into a cabinet paper must read as the grid does. */

const info: VersionInfo = {
	board: 'Shadow trust board',
	version: 'Workshop 2',
	kind: 'Named snapshot',
	takenBy: 'Chris Chair',
	takenAt: new Date('2016-09-07T16:30:00Z'),
	meeting: '',
	meetingDate: '',
	note: '',
	exportedAt: new Date('2016-09-08T09:00:00Z')
};

function appraisal(): Y.Doc {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Shadow trust board', template: 'shadow-trust' });
	const scoreAll = (model: string, score: number) => template.CRITERIA.forEach((c) => scores.setScore(doc, model, c.id, score));
	scoreAll('model-council-company', 4);
	scoreAll('model-council-cic', 3);
	scoreAll('model-mutual', 3);
	scoreAll('model-shared-service', 5);
	scores.setScore(doc, 'model-shared-service', 'crit-vat', 0);
	// Scored high, but on two criteria only.
	scores.setScore(doc, 'model-cic', 'crit-focus', 5);
	scores.setScore(doc, 'model-cic', 'crit-agility', 5);
	scoreAll('model-in-house', 2);
	models.setStatus(doc, 'model-in-house', 'discounted', { reason: 'Cannot meet the strategic objectives' });
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 12500);
	return doc;
}

function modelRows(markdown: string): string[][] {
	const section = markdown.split('## Delivery models')[1]!.split('## Criteria')[0]!;
	return section
		.split('\n')
		.filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
		.map((l) =>
			l
				.slice(2, -2)
				.split(' | ')
				.map((c) => c.trim())
		);
}

describe('downloads for papers', () => {
	it('lists models by rank in Markdown, ties together, the incomplete and the discounted after them, saying why', () => {
		const rows = modelRows(boardMarkdown(read.readBoard(appraisal()), info));
		const [header, ...body] = rows;
		expect(header!.slice(0, 3)).toEqual(['Rank', 'Model', 'Status']);
		const rankOf = (name: string) => body.find((r) => r[1] === name)?.[0];
		expect(body.slice(0, 3).map((r) => [r[0], r[1]])).toEqual([
			['1', 'Wholly owned council company'],
			['2=', 'Employee-owned mutual'],
			['2=', 'Community interest company wholly owned by the council']
		]);
		expect(rankOf('Community interest company (CIC)')).toBe('Not ranked: 2 of 19 scored');
		expect(rankOf('Shared service with another council')).toBe('Fails a knock-out');
		expect(rankOf('In-house')).toBe('Discounted');
		const names = body.map((r) => r[1]);
		expect(names.indexOf('Community interest company (CIC)')).toBeLessThan(names.indexOf('Shared service with another council'));
		const shared = body.find((r) => r[1] === 'Shared service with another council')!;
		expect(shared[2]).toBe('Discounted');
		expect(shared.join(' ')).toContain('Fails the knock-out “VAT recoverable within the timeframe” (scored 0, needs at least 1)');
		expect(body.find((r) => r[1] === 'Co-operative')!.join(' ')).toContain('Yes');
	});

	it('formats budgets in Markdown as on screen, marks gates and placeholder weights, and gives shares adding to 100.0', () => {
		const doc = appraisal();
		const markdown = boardMarkdown(read.readBoard(doc), info);
		expect(markdown).toContain('£12,500k');
		expect(markdown).toContain('Gate (pass/fail only)');
		expect(markdown).toContain('Placeholder: not yet set by the board');
		expect(markdown).toContain('19 delivery models');
		expect(markdown).toContain('all-minimum scores read 0 %');
		const shares = criteriaTable(read.readBoard(doc)).rows.map((r) => (r[3]!.kind === 'number' ? r[3]!.text : '0'));
		expect(shares.reduce((t, s) => t + Math.round(Number(s) * 10), 0)).toBe(1000);
	});

	it('stores a rank as a number with ties in their own column, and nothing for a model without a rank', () => {
		const table = modelsTable(read.readBoard(appraisal()));
		const col = (name: string) => table.headers.indexOf(name);
		const row = (name: string) =>
			table.rows.find((r) => r[col('Model')]!.kind === 'text' && (r[col('Model')] as { value: string }).value === name)!;
		expect(row('Employee-owned mutual')[col('Rank')]).toMatchObject({ kind: 'number', value: 2 });
		expect(row('Employee-owned mutual')[col('Tied')]).toEqual({ kind: 'boolean', value: true });
		expect(row('Community interest company (CIC)')[col('Rank')]).toEqual({ kind: 'empty' });
		expect(row('Community interest company (CIC)')[col('Criteria scored')]).toEqual({ kind: 'text', value: '2 of 19' });
	});
});
