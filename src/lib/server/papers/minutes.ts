import type { BoardDiff, BoardView, DiffAttribution, MemberRef } from '../../board/index.ts';
import { formatDate } from '../../board/format.ts';
import { formatDateTime } from '../../board/datetime.ts';
import type { VersionInfo } from '../export/xlsx.ts';
import { changesBlock, gridSections, type StampInfo } from './build.ts';
import type { Block, Paper, PaperSection } from './paper.ts';

/**
 * The minutes pack as a paper: the meeting, who was there, declarations of
 * interest, what changed since the previous minutes and the board as agreed.
 * Each part of the record is its own section builder, so a part added later
 * (the agenda, decisions and actions, the interests register) is one more
 * entry in `MinutesRecord` and one more section here.
 */

export interface Attendance {
	attendees: readonly string[];
	apologies: readonly string[];
	/** e.g. "Quorate: 6 of 9 members present (quorum 5)". */
	quorum: string;
}

export interface MinutesRecord {
	info: VersionInfo;
	view: BoardView;
	members: readonly MemberRef[];
	stamp: StampInfo;
	/** Recorded by the chair at sign-off; null while the pack is a draft. */
	attendance: Attendance | null;
	/** Declarations of interest made at the meeting, one line each; null where the board keeps no register. */
	declarations: readonly string[] | null;
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
		['Date', info.meetingDate ? formatDate(info.meetingDate) : ''],
		['Version of record', info.version],
		['Taken', info.takenAt ? `${formatDateTime(info.takenAt)} by ${info.takenBy}` : ''],
		['Status', `${record.stamp.stamp}: ${record.stamp.note}`],
		['Note', info.note],
		['Pack produced', formatDateTime(info.exportedAt)]
	];
	return { heading: 'The meeting', blocks: [{ kind: 'details', rows: rows.filter(([, value]) => value !== '') }] };
}

function attendanceSection(attendance: Attendance | null): PaperSection {
	if (!attendance) {
		return { heading: 'Attendance', blocks: [{ kind: 'text', text: 'Not yet recorded: the chair records attendees, apologies and quorum when signing off the minutes.' }] };
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

function declarationsSection(declarations: readonly string[] | null): PaperSection {
	return {
		heading: 'Declarations of interest',
		blocks: [list(declarations ?? [], declarations === null ? 'No register of interests is kept on this board; declarations are minuted separately.' : 'None declared.')]
	};
}

function changesSection(previous: MinutesRecord['previous']): PaperSection {
	if (!previous) return { heading: 'Changes since the previous minutes', blocks: [{ kind: 'text', text: 'This is the first minuted version of the board.' }] };
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
			declarationsSection(record.declarations),
			changesSection(record.previous),
			...gridSections(record.view, record.members)
		],
		footer: `${info.board}: minutes of ${info.meeting || info.version}`
	};
}
