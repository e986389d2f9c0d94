import { describe, expect, it } from 'vitest';
import * as read from '../../board/read.ts';
import { boardMarkdown, minutesMarkdown } from './markdown.ts';
import { hostileBoard } from './testing.ts';
import type { VersionInfo } from './xlsx.ts';

const info: VersionInfo = {
	board: 'Shadow trust board',
	version: 'Workshop 3',
	kind: 'Named snapshot',
	takenBy: 'Chris Chair',
	takenAt: new Date('2017-01-12T16:30:00Z'),
	meeting: 'Shadow board, January',
	meetingDate: '2017-01-12',
	note: '',
	exportedAt: new Date('2017-01-13T09:00:00Z')
};

/** The scope table's rows as cells, keyed by the service in the first column. */
function scopeRows(markdown: string): { header: string[]; row: (service: string) => string[] } {
	const lines = markdown.split('## Scope of services')[1]!.split('## Delivery models')[0]!.trim().split('\n');
	const cells = (line: string) =>
		line
			.slice(2, -2)
			.split(' | ')
			.map((c) => c.trim());
	const header = cells(lines[0]!);
	return { header, row: (service) => cells(lines.find((l) => l.startsWith(`| ${service} |`))!) };
}

describe('Markdown', () => {
	it('shows budgets as the grid does, and each decision record', () => {
		const { header, row } = scopeRows(boardMarkdown(read.readBoard(hostileBoard()), info));
		const fostering = row('Fostering');
		expect(fostering[header.indexOf('Budget (£k)')]).toBe('£2,400.5k');
		expect(fostering[header.indexOf('Decision state')]).toBe('Consulted on');
		expect(fostering[header.indexOf('Consulted')]).toBe('Staff; Safeguarding board');
		const evil = row('=HYPERLINK("http://evil.example","Click")'.replace(/[[\]<>|#!~*_`\\]/g, (c) => `\\${c}`));
		expect(evil[header.indexOf('Budget (£k)')]).toBe('−£250k');
	});

	it("puts the chair's override on the statutory roles in the minutes pack", () => {
		const markdown = minutesMarkdown({ info, view: read.readBoard(hostileBoard()), members: [], previous: null });
		const { header, row } = scopeRows(markdown);
		const dcs = row("Director of Children's Services and Lead Member roles");
		expect(dcs[header.indexOf('Kept with the council by law')]).toBe('Yes');
		expect(dcs[header.indexOf("Chair's override")]).toBe('Counsel: delegable (Alex Lead, 2017-01-10 09:30 UTC)');
	});
});
