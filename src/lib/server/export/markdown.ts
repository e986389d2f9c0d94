import { diffLines, type BoardDiff, type BoardView, type DiffAttribution, type MemberRef } from '../../board/index.ts';
import { formatDateTime } from '../../board/datetime.ts';
import { cellText, criteriaTable, modelsTable, scopeTable, type Table } from './tables.ts';
import type { VersionInfo } from './xlsx.ts';

/**
 * Markdown for papers and archives. User text is escaped so that it renders as
 * the text it is: no stray tables, links, emphasis or raw HTML from a cell.
 */

export function escapeMarkdown(text: string): string {
	return text
		.replace(/[\\`*_[\]<>|#!~]/g, (c) => `\\${c}`)
		.replace(/\r\n|\r|\n/g, '<br>');
}

/** UK local time with its zone (GMT or BST), as every paper writes it. */
function utc(ms: number | Date): string {
	return formatDateTime(ms);
}

export function tableMarkdown(table: Table, columns: readonly number[] = table.headers.map((_, i) => i)): string {
	if (table.rows.length === 0) return '_None._\n';
	const row = (cells: readonly string[]) => `| ${cells.map((c) => escapeMarkdown(c) || ' ').join(' | ')} |`;
	return [
		row(columns.map((i) => table.headers[i] ?? '')),
		`|${columns.map(() => ' --- ').join('|')}|`,
		...table.rows.map((r) => row(columns.map((i) => cellText(r[i] ?? { kind: 'empty' }))))
	].join('\n') + '\n';
}

function infoLines(info: VersionInfo): string {
	const lines = [
		['Version', info.version],
		['Taken', info.takenAt ? `${utc(info.takenAt)} by ${info.takenBy}` : ''],
		['Meeting', [info.meeting, info.meetingDate].filter(Boolean).join(', ')],
		['Note', info.note],
		['Exported', utc(info.exportedAt)]
	];
	return lines
		.filter(([, value]) => value)
		.map(([label, value]) => `- **${label}:** ${escapeMarkdown(value ?? '')}`)
		.join('\n');
}

/** Both grids: the scope table, the model results (scores by criterion are in the XLSX) and the criteria. */
export function gridsMarkdown(view: BoardView, members: readonly MemberRef[] = [], level = 2): string {
	const h = '#'.repeat(level);
	const models = modelsTable(view);
	const summary = ['Rank', 'Model', 'Status', 'Weighted total', '% of maximum', 'Fails knock-out', 'Reason discounted'].map((name) =>
		models.headers.indexOf(name)
	);
	return [
		`${h} Scope of services\n`,
		tableMarkdown(scopeTable(view, members)),
		`${h} Delivery models\n`,
		tableMarkdown(models, summary),
		`${h} Criteria\n`,
		tableMarkdown(criteriaTable(view), [0, 1, 2, 3, 4])
	].join('\n');
}

export function boardMarkdown(view: BoardView, info: VersionInfo, members: readonly MemberRef[] = []): string {
	return [`# ${escapeMarkdown(info.board)}\n`, infoLines(info), '', gridsMarkdown(view, members)].join('\n');
}

export function changesMarkdown(diff: BoardDiff, attribution: DiffAttribution): string {
	const lines = diffLines(diff);
	if (lines.length === 0) return '_No changes._\n';
	const row = (cells: readonly string[]) => `| ${cells.map((c) => escapeMarkdown(c) || ' ').join(' | ')} |`;
	return [
		row(['Grid', 'Change', 'Row', 'Column', 'From', 'To', 'Changed by']),
		'| --- | --- | --- | --- | --- | --- | --- |',
		...lines.map((l) => {
			const by = attribution[l.path];
			return row([l.grid, l.change, l.row, l.column, l.from, l.to, by ? `${by.name}, ${utc(by.at)}` : '']);
		})
	].join('\n') + '\n';
}

export function compareMarkdown(board: string, fromLabel: string, toLabel: string, diff: BoardDiff, attribution: DiffAttribution, exportedAt: Date): string {
	return [
		`# ${escapeMarkdown(board)}: changes\n`,
		`- **From:** ${escapeMarkdown(fromLabel)}`,
		`- **To:** ${escapeMarkdown(toLabel)}`,
		`- **Exported:** ${utc(exportedAt)}`,
		'',
		changesMarkdown(diff, attribution)
	].join('\n');
}

export interface MinutesInput {
	info: VersionInfo;
	view: BoardView;
	members: readonly MemberRef[];
	/** The previous minuted version and what changed since; null for the first minutes. */
	previous: { label: string; diff: BoardDiff; attribution: DiffAttribution } | null;
}

export function minutesMarkdown(input: MinutesInput): string {
	const { info, previous } = input;
	return [
		`# Minutes pack: ${escapeMarkdown(info.meeting || info.version)}\n`,
		`**${escapeMarkdown(info.board)}**\n`,
		infoLines(info),
		'',
		'## Changes since the previous minutes\n',
		previous ? `Compared with ${escapeMarkdown(previous.label)}.\n\n${changesMarkdown(previous.diff, previous.attribution)}` : '_This is the first minuted version of the board._\n',
		gridsMarkdown(input.view, input.members)
	].join('\n');
}
