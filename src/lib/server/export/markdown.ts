import type { StatusEntry } from '../status-history.ts';
import * as scoring from '../../board/scoring.ts';
import * as boardDiff from '../../board/diff.ts';
import * as datetime from '../../board/datetime.ts';
import type { BoardDiff, DiffAttribution } from '../../board/diff.ts';
import type { BoardView } from '../../board/read.ts';
import type { MemberRef } from '../../board/values.ts';
import { criteriaTable, displayText, modelsTable, scopeTable, type Table } from './tables.ts';
import type { VersionInfo } from './xlsx.ts';

/**
 * Markdown for papers and archives. User text is escaped so that it renders as
 * the text it is: no stray tables, links, emphasis or raw HTML from a cell.
 */

export function escapeMarkdown(text: string): string {
	return text.replace(/[\\`*_[\]<>|#!~]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '<br>');
}

/** UK local time with its zone (GMT or BST), as every paper writes it. */
function utc(ms: number | Date): string {
	return datetime.formatDateTime(ms);
}

export function tableMarkdown(
	table: Table,
	columns: readonly number[] = table.headers.map((_, i) => i),
	labels: Readonly<Record<string, string>> = {}
): string {
	if (table.rows.length === 0) return '_None._\n';
	const row = (cells: readonly string[]) => `| ${cells.map((c) => escapeMarkdown(c) || ' ').join(' | ')} |`;
	return (
		[
			row(columns.map((i) => labels[table.headers[i] ?? ''] ?? table.headers[i] ?? '')),
			`|${columns.map(() => ' --- ').join('|')}|`,
			...table.rows.map((r) => row(columns.map((i) => displayText(r[i] ?? { kind: 'empty' }))))
		].join('\n') + '\n'
	);
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
	// The standing reads as the grid's rank column: "2=" for a tie, or why a model has no rank.
	const summary = [
		'Standing',
		'Model',
		'Status',
		'Reason for status',
		'Weighted total',
		'Against benchmark',
		'% of maximum',
		'Criteria scored',
		'Fails knock-out',
		'Illustrative',
		'Benchmark'
	]
		.map((name) => models.headers.indexOf(name))
		.filter((i) => i >= 0);
	const note = view.models.note ? `${escapeMarkdown(view.models.note)}\n\n` : '';
	return [
		`${h} Scope of services\n`,
		tableMarkdown(scopeTable(view, members)),
		`${h} Delivery models\n`,
		`${note}Listed by rank (ties together); models not yet scored on every criterion, then knocked-out and discounted models, follow unranked. ${escapeMarkdown(scoring.PERCENT_DEFINITION)} A gate is a pass/fail criterion of weight 0.\n`,
		tableMarkdown(models, summary, { Standing: 'Rank' }),
		`${h} Criteria\n`,
		tableMarkdown(criteriaTable(view), [0, 1, 2, 3, 4, 5, 6])
	].join('\n');
}

export function boardMarkdown(view: BoardView, info: VersionInfo, members: readonly MemberRef[] = []): string {
	return [`# ${escapeMarkdown(info.board)}\n`, infoLines(info), '', gridsMarkdown(view, members)].join('\n');
}

export function changesMarkdown(diff: BoardDiff, attribution: DiffAttribution): string {
	const lines = boardDiff.diffLines(diff);
	if (lines.length === 0) return '_No changes._\n';
	const row = (cells: readonly string[]) => `| ${cells.map((c) => escapeMarkdown(c) || ' ').join(' | ')} |`;
	return (
		[
			row(['Grid', 'Change', 'Row', 'Column', 'From', 'To', 'Changed by']),
			'| --- | --- | --- | --- | --- | --- | --- |',
			...lines.map((l) => {
				const by = attribution[l.path];
				return row([l.grid, l.change, l.row, l.column, l.from, l.to, by ? `${by.name}, ${utc(by.at)}` : '']);
			})
		].join('\n') + '\n'
	);
}

export function compareMarkdown(
	board: string,
	fromLabel: string,
	toLabel: string,
	diff: BoardDiff,
	attribution: DiffAttribution,
	exportedAt: Date
): string {
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
	/** Each model's status changes up to this version, oldest first. */
	history?: readonly StatusEntry[];
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
		previous
			? `Compared with ${escapeMarkdown(previous.label)}.\n\n${changesMarkdown(previous.diff, previous.attribution)}`
			: '_This is the first minuted version of the board._\n',
		gridsMarkdown(input.view, input.members),
		'## Status history of the models\n',
		statusHistoryMarkdown(input.view, input.history ?? [])
	].join('\n');
}

/** The long list to short list audit trail: per model, who set each status, when and why. */
export function statusHistoryMarkdown(view: BoardView, history: readonly StatusEntry[]): string {
	if (history.length === 0) return '_No status changes recorded._\n';
	const row = (cells: readonly string[]) => `| ${cells.map((c) => escapeMarkdown(c) || ' ').join(' | ')} |`;
	const name = new Map(view.models.rows.map((m) => [m.id, m.name || 'Untitled model']));
	const ordered = [...history].sort((a, b) => (name.get(a.modelId) ?? '').localeCompare(name.get(b.modelId) ?? '') || a.at - b.at);
	return (
		[
			row(['Model', 'Status', 'Reason', 'By', 'When']),
			'| --- | --- | --- | --- | --- |',
			...ordered.map((e) =>
				row([
					name.get(e.modelId) ?? 'A model since deleted',
					`${boardDiff.STATUS_LABELS[e.status]}${e.override ? ' (knock-out overridden)' : ''}`,
					e.reason,
					e.by,
					utc(e.at)
				])
			)
		].join('\n') + '\n'
	);
}
