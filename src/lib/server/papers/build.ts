import * as boardDiff from '../../board/diff.ts';
import * as format from '../../board/format.ts';
import * as datetime from '../../board/datetime.ts';
import type { BoardDiff, DiffAttribution } from '../../board/diff.ts';
import type { BoardView } from '../../board/read.ts';
import type { MemberRef } from '../../board/values.ts';
import { DECISION_RECORD_HEADERS, criteriaTable, modelsTable, scopeTable } from '../export/tables.ts';
import type { VersionInfo } from '../export/xlsx.ts';
import { ILLUSTRATIVE_NOTE, paperTable, plainTable, type Block, type Paper, type PaperSection, type Stamp } from './paper.ts';

/** Where a version stands in sign-off, as its papers are stamped. */
export interface StampInfo {
	stamp: Stamp;
	/** e.g. "Agreed by Sam Chair on 7 Dec 2026, 14:05 GMT" */
	note: string;
}

export const DRAFT: StampInfo = { stamp: 'DRAFT', note: 'Not agreed by the board: figures may change.' };

// The models table's columns a paper prints, as the Markdown download does: "Standing" says why a model has
// no rank ("Not ranked: 3 of 19 scored"), so a paper never shows an incomplete model with a plain rank.
const MODEL_SUMMARY = [
	'Standing',
	'Model',
	'Status',
	'Reason for status',
	'Weighted total',
	'Against benchmark',
	'% of maximum',
	'Criteria scored',
	'Fails knock-out',
	'Illustrative'
];

/** Both grids as recorded: scope, the models' results (illustrative ones marked) and the criteria. */
export function gridSections(view: BoardView, members: readonly MemberRef[]): PaperSection[] {
	const models = modelsTable(view);
	// One table of every scope column would squeeze fifteen columns onto a page: the board's own columns
	// come first, then the record behind each decision, named by its service.
	const scope = scopeTable(view, members);
	const recordColumns = DECISION_RECORD_HEADERS.map((name) => scope.headers.indexOf(name));
	const boardColumns = scope.headers.map((_, i) => i).filter((i) => !recordColumns.includes(i));
	const serviceColumn = Math.max(
		0,
		view.scope.columns.findIndex((c) => c.role === 'service')
	);
	const hasIllustrative = view.models.rows.some((m) => m.illustrative);
	return [
		{
			heading: 'Scope of services',
			landscape: true,
			blocks: [
				{ kind: 'table', table: paperTable(scope, boardColumns) },
				{ kind: 'text', text: 'How each scope decision stands: its state, who was consulted, the equality impact and any legal hold.' },
				{ kind: 'table', table: paperTable(scope, [serviceColumn, ...recordColumns]) }
			]
		},
		{
			heading: 'Delivery models',
			landscape: true,
			blocks: [
				{
					kind: 'table',
					table: paperTable(
						models,
						MODEL_SUMMARY.map((name) => models.headers.indexOf(name)).filter((i) => i >= 0)
					)
				},
				...(hasIllustrative ? [{ kind: 'text', text: ILLUSTRATIVE_NOTE } as const] : []),
				{
					kind: 'text',
					text: 'Scores by criterion, with their rationale and evidence, are in the spreadsheet (XLSX) download of this version.'
				}
			]
		},
		{ heading: 'Criteria', landscape: true, blocks: [{ kind: 'table', table: paperTable(criteriaTable(view)) }] }
	];
}

function versionDetails(info: VersionInfo, stamp: StampInfo): Block {
	const rows: [string, string][] = [
		['Board', info.board],
		['Version', info.version],
		['Kind', info.kind],
		['Status', `${stamp.stamp}: ${stamp.note}`],
		['Taken', info.takenAt ? `${datetime.formatDateTime(info.takenAt)} by ${info.takenBy}` : ''],
		['Meeting', [info.meeting, info.meetingDate ? format.formatDate(info.meetingDate) : ''].filter(Boolean).join(', ')],
		['Note', info.note],
		['Exported', datetime.formatDateTime(info.exportedAt)]
	];
	return { kind: 'details', rows: rows.filter(([, value]) => value !== '') };
}

function footer(info: VersionInfo): string {
	return `${info.board}: ${info.version}`;
}

/** Any version of the board (a snapshot or the live board) as a paper. */
export function versionPaper(view: BoardView, info: VersionInfo, members: readonly MemberRef[], stamp: StampInfo): Paper {
	return {
		title: info.version,
		subtitle: info.board,
		stamp: stamp.stamp,
		stampNote: stamp.note,
		sections: [{ heading: 'About this version', blocks: [versionDetails(info, stamp)] }, ...gridSections(view, members)],
		footer: footer(info)
	};
}

/** What changed between two versions, by whom and when, one line per change. */
export function changesBlock(diff: BoardDiff, attribution: DiffAttribution): Block {
	const lines = boardDiff.diffLines(diff);
	if (lines.length === 0) return { kind: 'text', text: 'No changes.' };
	return {
		kind: 'table',
		table: plainTable(
			['Grid', 'Change', 'Row', 'Column', 'From', 'To', 'Changed by'],
			lines.map((l) => {
				const by = attribution[l.path];
				return [l.grid, l.change, l.row, l.column, l.from, l.to, by ? `${by.name}, ${datetime.formatDateTime(by.at)}` : ''];
			}),
			[4, 5]
		)
	};
}
