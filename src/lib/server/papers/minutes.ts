import * as format from '../../board/format.ts';
import * as datetime from '../../board/datetime.ts';
import type { BoardDiff, DiffAttribution } from '../../board/diff.ts';
import type { BoardView } from '../../board/read.ts';
import type { MemberRef } from '../../board/values.ts';
import type { VersionInfo } from '../export/xlsx.ts';
import { changesBlock, gridSections, type StampInfo } from './build.ts';
import { plainTable, type Block, type Paper, type PaperSection } from './paper.ts';

/**
 * The minutes pack as a paper: the meeting, who was there, declarations of
 * interest, decisions and actions, what changed since the previous minutes
 * and the board as agreed. Each part of the record is its own section
 * builder, so a part added later (the agenda, the interests register) is one
 * more entry in `MinutesRecord` and one more section here.
 */

export interface Attendance {
	attendees: readonly string[];
	apologies: readonly string[];
	/** e.g. "Quorate: 6 of 9 members present (quorum 5)". */
	quorum: string;
}

/** A decision as the minutes print it, every field already in words. */
export interface MinutedDecision {
	/** "D3" */
	number: string;
	agendaItem: string;
	resolution: string;
	rationale: string;
	parts: readonly string[];
	proposer: string;
	seconder: string;
	/** "Agreed by consensus" or "Carried by vote: 5 for, 1 against, 0 abstentions" */
	how: string;
	/** The snapshot taken with it, by title, or ''. */
	snapshot: string;
}

export interface MinutedAction {
	description: string;
	owner: string;
	/** As the UK writes it: 7 Sept 2027 */
	due: string;
	status: string;
	/** "D3", a board part, or '' */
	linkedTo: string;
}

/** An agenda item as the minutes print it. */
export interface MinutedAgendaItem {
	title: string;
	/** "20 min" */
	allowed: string;
	/** "24 min", or '' when the meeting never reached it. */
	taken: string;
	parts: readonly string[];
}

export interface MinutesRecord {
	info: VersionInfo;
	view: BoardView;
	members: readonly MemberRef[];
	stamp: StampInfo;
	/** Recorded by the chair at sign-off; null while the pack is a draft. */
	attendance: Attendance | null;
	/** The meeting's agenda, in order, with the time each item was allowed and took. */
	agenda: readonly MinutedAgendaItem[];
	/** Declarations of interest made at the meeting, one line each; null where the board keeps no register. */
	declarations: readonly string[] | null;
	/** Decisions made at this meeting, in the order recorded. */
	decisions: readonly MinutedDecision[];
	/** Actions arising: those of these decisions and those recorded on the meeting day. */
	actions: readonly MinutedAction[];
	/** The previous minuted version and what changed since; null for the first minutes. */
	previous: { label: string; diff: BoardDiff; attribution: DiffAttribution } | null;
}

function list(items: readonly string[], none: string): Block {
	return { kind: 'text', text: items.length ? items.join('\n') : none };
}

function meetingSection(record: MinutesRecord): PaperSection {
	const { info } = record;
	const rows: [string, string][] = [
		['Board', info.board],
		['Meeting', info.meeting],
		['Date', info.meetingDate ? format.formatDate(info.meetingDate) : ''],
		['Version of record', info.version],
		['Taken', info.takenAt ? `${datetime.formatDateTime(info.takenAt)} by ${info.takenBy}` : ''],
		['Status', `${record.stamp.stamp}: ${record.stamp.note}`],
		['Note', info.note],
		['Pack produced', datetime.formatDateTime(info.exportedAt)]
	];
	return { heading: 'The meeting', blocks: [{ kind: 'details', rows: rows.filter(([, value]) => value !== '') }] };
}

function attendanceSection(attendance: Attendance | null): PaperSection {
	if (!attendance) {
		return {
			heading: 'Attendance',
			blocks: [{ kind: 'text', text: 'Not yet recorded: the chair records attendees, apologies and quorum when signing off the minutes.' }]
		};
	}
	return {
		heading: 'Attendance',
		blocks: [
			{ kind: 'heading', text: 'Present' },
			list(attendance.attendees, 'None recorded.'),
			{ kind: 'heading', text: 'Apologies' },
			list(attendance.apologies, 'None.'),
			{ kind: 'text', text: attendance.quorum }
		]
	};
}

function agendaSection(agenda: readonly MinutedAgendaItem[]): PaperSection {
	if (agenda.length === 0)
		return { heading: 'Agenda', blocks: [{ kind: 'text', text: 'No agenda was set for this meeting on the board.' }] };
	return {
		heading: 'Agenda',
		blocks: [
			{
				kind: 'table',
				table: plainTable(
					['Item', 'Time allowed', 'Time taken', 'About'],
					agenda.map((item, i) => [`${i + 1}. ${item.title}`, item.allowed, item.taken || 'Not reached', item.parts.join('; ')]),
					[0, 3]
				)
			}
		]
	};
}

function declarationsSection(declarations: readonly string[] | null): PaperSection {
	return {
		heading: 'Declarations of interest',
		blocks: [
			list(
				declarations ?? [],
				declarations === null ? 'No register of interests is kept on this board; declarations are minuted separately.' : 'None declared.'
			)
		]
	};
}

function decisionsSection(decisions: readonly MinutedDecision[]): PaperSection {
	if (decisions.length === 0)
		return { heading: 'Decisions', blocks: [{ kind: 'text', text: 'No decisions were recorded at this meeting.' }] };
	return {
		heading: 'Decisions',
		blocks: decisions.flatMap((d): Block[] => [
			{ kind: 'heading', text: `${d.number}. ${d.agendaItem || 'Decision'}` },
			{
				kind: 'details',
				rows: (
					[
						['Resolved', d.resolution],
						['Rationale', d.rationale],
						['Concerns', d.parts.join('\n')],
						['Proposed by', d.proposer],
						['Seconded by', d.seconder],
						['How reached', d.how],
						['Snapshot', d.snapshot]
					] as [string, string][]
				).filter(([, value]) => value !== '')
			}
		])
	};
}

function actionsSection(actions: readonly MinutedAction[]): PaperSection {
	if (actions.length === 0) return { heading: 'Actions', blocks: [{ kind: 'text', text: 'No actions arising.' }] };
	return {
		heading: 'Actions',
		blocks: [
			{
				kind: 'table',
				table: plainTable(
					['Action', 'Owner', 'Due', 'Status', 'Arising from'],
					actions.map((a) => [a.description, a.owner, a.due, a.status, a.linkedTo]),
					[0]
				)
			}
		]
	};
}

function changesSection(previous: MinutesRecord['previous']): PaperSection {
	if (!previous)
		return {
			heading: 'Changes since the previous minutes',
			blocks: [{ kind: 'text', text: 'This is the first minuted version of the board.' }]
		};
	return {
		heading: 'Changes since the previous minutes',
		landscape: true,
		blocks: [{ kind: 'text', text: `Compared with ${previous.label}.` }, changesBlock(previous.diff, previous.attribution)]
	};
}

export function minutesPaper(record: MinutesRecord): Paper {
	const { info } = record;
	return {
		title: `Minutes pack: ${info.meeting || info.version}`,
		subtitle: info.board,
		stamp: record.stamp.stamp,
		stampNote: record.stamp.note,
		sections: [
			meetingSection(record),
			attendanceSection(record.attendance),
			agendaSection(record.agenda),
			declarationsSection(record.declarations),
			decisionsSection(record.decisions),
			actionsSection(record.actions),
			changesSection(record.previous),
			...gridSections(record.view, record.members)
		],
		footer: `${info.board}: minutes of ${info.meeting || info.version}`
	};
}
