import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import * as diff from '../../board/diff.ts';
import * as read from '../../board/read.ts';
import * as scope from '../../board/scope.ts';
import * as template from '../../board/template.ts';
import { hostileBoard } from '../export/testing.ts';
import type { VersionInfo } from '../export/xlsx.ts';
import { DRAFT, versionPaper } from './build.ts';
import { paperToDocx } from './docx.ts';
import { minutesPaper } from './minutes.ts';
import { paperToPdf } from './pdf.ts';

const info: VersionInfo = {
	board: 'Shadow trust board',
	version: 'Workshop 3 - agreed scope',
	kind: 'Named snapshot',
	takenBy: 'Chris Chair',
	// 16:30 UTC in July is 17:30 on the UK clock.
	takenAt: new Date('2017-07-12T16:30:00Z'),
	meeting: 'Shadow board, July',
	meetingDate: '2017-07-12',
	note: '=not a formula',
	exportedAt: new Date('2017-07-13T09:00:00Z')
};
const members = [{ id: 'user-1', name: 'Alex Lead' }];

function temp(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-papers-'));
}

/** The text poppler reads from a PDF, one string per page, spaces collapsed. */
function pdfPages(bytes: Uint8Array): string[] {
	const dir = temp();
	try {
		fs.writeFileSync(path.join(dir, 'paper.pdf'), bytes);
		const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'paper.pdf'), '-'], { encoding: 'utf8' });
		return text
			.split('\f')
			.filter((page) => page.trim())
			.map((page) => page.replace(/[ \t]+/g, ' '));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** The text LibreOffice reads from a DOCX, spaces collapsed. */
function docxText(bytes: Uint8Array): string {
	const dir = temp();
	try {
		fs.writeFileSync(path.join(dir, 'paper.docx'), bytes);
		execFileSync(
			'soffice',
			[
				`-env:UserInstallation=file://${dir}/profile`,
				'--headless',
				'--convert-to',
				'txt:Text (encoded):UTF8',
				'--outdir',
				dir,
				path.join(dir, 'paper.docx')
			],
			{
				stdio: 'ignore',
				timeout: 120_000
			}
		);
		return fs.readFileSync(path.join(dir, 'paper.txt'), 'utf8').replace(/[ \t]+/g, ' ');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function boardWithBudget(): Y.Doc {
	const doc = hostileBoard();
	scope.setCell(doc, 'svc-adoption', template.TEMPLATE_COLUMN_IDS.budget, 1250);
	return doc;
}

describe('papers', () => {
	it('a version as PDF: every page numbered and stamped, money as on screen, UK time, illustrative models marked', async () => {
		const view = read.readBoard(boardWithBudget());
		const pages = pdfPages(await paperToPdf(versionPaper(view, info, members, DRAFT)));
		expect(pages.length).toBeGreaterThan(2);
		pages.forEach((page, i) => {
			expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
			expect(page).toContain('DRAFT');
		});
		const all = pages.join('\n');
		expect(all).toContain('Workshop 3 - agreed scope');
		expect(all).toContain('12 Jul 2017, 17:30 BST by Chris Chair');
		expect(all).toContain('£1,250k');
		expect(all).toContain('−£250k');
		expect(all).toContain('£2,400.5k');
		expect(all).toContain('=HYPERLINK');
		expect(all).toMatch(/\[Illustrative\] Joint venture/);
		expect(all).toContain('example models, not named in the board');
		expect(all).not.toContain('AGREED');
	}, 30_000);

	it('a minutes pack as DOCX holds the meeting, attendance, the stamp, changes with who made them, and the grids', async () => {
		const before = read.readBoard(hostileBoard());
		const view = read.readBoard(boardWithBudget());
		const paper = minutesPaper({
			info,
			view,
			members,
			stamp: { stamp: 'AGREED', note: 'Agreed by Chris Chair on 12 Jul 2017, 18:05 BST' },
			attendance: {
				attendees: ['Chris Chair (chair)', 'Alex Lead'],
				apologies: ['Pat Member'],
				quorum: 'Quorate: 2 of 3 members present (quorum 2).'
			},
			agenda: [
				{ title: 'Welcome and apologies', allowed: '5 min', taken: '7 min', parts: [] },
				{ title: 'Children in care', allowed: '1 h 15 min', taken: '', parts: ['Area: Children in care and placements'] }
			],
			declarations: null,
			decisions: [
				{
					number: 'D1',
					agendaItem: 'Scope of services',
					resolution: 'Adoption transfers to the trust.',
					rationale: 'Regional adoption agency arrangements.',
					parts: ['Service: Adoption'],
					proposer: 'Alex Lead',
					seconder: 'Chris Chair',
					how: 'Carried by vote: 5 for, 1 against, 0 abstentions',
					snapshot: 'Decision D1'
				}
			],
			actions: [{ description: 'Draft the transfer schedule', owner: 'Alex Lead', due: '1 Sept 2017', status: 'Open', linkedTo: 'D1' }],
			previous: { label: 'Shadow board, June', diff: diff.diffBoards(before, view, { members }), attribution: {} }
		});
		const text = docxText(await paperToDocx(paper));
		for (const expected of [
			'Minutes pack: Shadow board, July',
			'AGREED',
			'Agreed by Chris Chair on 12 Jul 2017, 18:05 BST',
			'Chris Chair (chair)',
			'Pat Member',
			'Quorate: 2 of 3 members present',
			'Declarations of interest',
			'1. Welcome and apologies',
			'7 min',
			'2. Children in care',
			'1 h 15 min',
			'Not reached',
			'Compared with Shadow board, June.',
			'D1. Scope of services',
			'Adoption transfers to the trust.',
			'Carried by vote: 5 for, 1 against, 0 abstentions',
			'Draft the transfer schedule',
			'£1,250k',
			'[Illustrative] Joint venture',
			'Scope of services',
			'12 Jul 2017'
		])
			expect(text).toContain(expected);
		expect(text).not.toContain('DRAFT');
	}, 120_000);

	it('the same minutes pack as PDF says AGREED on every page and never DRAFT', async () => {
		const view = read.readBoard(boardWithBudget());
		const paper = minutesPaper({
			info,
			view,
			members,
			stamp: { stamp: 'AGREED', note: 'Agreed by Chris Chair' },
			attendance: null,
			agenda: [],
			declarations: [],
			decisions: [],
			actions: [],
			previous: null
		});
		const pages = pdfPages(await paperToPdf(paper));
		for (const page of pages) expect(page).toContain('AGREED');
		const all = pages.join('\n');
		expect(all).not.toContain('DRAFT');
		expect(all).toContain('This is the first minuted version of the board.');
		expect(all).toContain('None declared.');
		expect(all).toContain('No decisions were recorded at this meeting.');
		expect(all).toContain('Not yet recorded');
	}, 30_000);
});
