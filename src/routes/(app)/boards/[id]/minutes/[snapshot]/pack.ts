import * as datetime from '$lib/board/datetime';
import * as boardFormat from '$lib/board/format';
import { MINUTES_FORMATS, type MinutesFormat } from '$lib/downloads/formats';
import { versionInfo, type Download } from '$lib/server/export/files';
import { fileName } from '$lib/server/export/filename';
import { escapeMarkdown, minutesMarkdown } from '$lib/server/export/markdown';
import { minutesPaper, type MinutesRecord } from '$lib/server/papers/minutes';
import type { Offload } from '$lib/server/offload';
import * as signoff from '$lib/server/signoff';
import { togetherMarkdown, type RegisterEntry } from '$lib/server/together-record';
import type { loadMinutes } from './minutes';

/** The meeting's agenda for the Markdown pack, before its decisions. */
function agendaMarkdown(agenda: Awaited<ReturnType<typeof loadMinutes>>['agenda']): string {
	const e = escapeMarkdown;
	const lines = ['## Agenda\n'];
	if (agenda.length === 0) return `${lines[0]}\n_No agenda was set for this meeting on the board._\n\n`;
	lines.push('| Item | Time allowed | Time taken | About |', '| --- | --- | --- | --- |');
	agenda.forEach((item, i) =>
		lines.push(
			`| ${[`${i + 1}. ${item.title}`, item.allowed, item.taken || 'Not reached', item.parts.join('; ')].map((v) => e(v) || ' ').join(' | ')} |`
		)
	);
	return `${lines.join('\n')}\n\n`;
}

/** Decisions and actions for the Markdown pack, after the grids (the pack's own layout is markdown.ts's). */
function recordMarkdown({ decisions, actions }: Awaited<ReturnType<typeof loadMinutes>>['record']): string {
	const e = escapeMarkdown;
	const lines = ['## Decisions\n'];
	if (decisions.length === 0) lines.push('_No decisions were recorded at this meeting._\n');
	for (const d of decisions) {
		lines.push(`### ${e(d.number)}. ${e(d.agendaItem || 'Decision')}\n`);
		for (const [label, value] of [
			['Resolved', d.resolution],
			['Rationale', d.rationale],
			['Concerns', d.parts.join('; ')],
			['Proposed by', d.proposer],
			['Seconded by', d.seconder],
			['How reached', d.how],
			['Snapshot', d.snapshot]
		] as const) {
			if (value) lines.push(`- **${label}:** ${e(value)}`);
		}
		lines.push('');
	}
	lines.push('## Actions\n');
	if (actions.length === 0) lines.push('_No actions arising._\n');
	else {
		lines.push('| Action | Owner | Due | Status | Arising from |', '| --- | --- | --- | --- | --- |');
		for (const a of actions) lines.push(`| ${[a.description, a.owner, a.due, a.status, a.linkedTo].map((v) => e(v) || ' ').join(' | ')} |`);
	}
	return `${lines.join('\n')}\n`;
}

/** One declaration as the papers list it: who, in what, what they said, and what the chair recorded. */
function declarationLine(entry: RegisterEntry): string {
	const outcome = entry.withdrawn ? `${entry.outcome} (withdrawn)` : entry.outcome;
	return `${entry.member}, interest in ${entry.subject}: ${entry.text} (${outcome}; declared ${datetime.formatDay(entry.declaredAt)})`;
}

/**
 * The minutes pack as a file: PDF and DOCX papers (laid out by a worker thread of `offload`), or Markdown for
 * the archive; every one stamped.
 */
export async function renderPack(
	format: MinutesFormat,
	boardTitle: string,
	loaded: Awaited<ReturnType<typeof loadMinutes>>,
	offload: Pick<Offload, 'renderPaper'>,
	now = new Date()
): Promise<Download> {
	const { version, meta, members, previous, history, signOff, record: minuted, together, agenda } = loaded;
	const info = versionInfo(boardTitle, version, now);
	const stamp = signoff.stampOf(signOff);
	const previousLabel =
		previous &&
		`${previous.meta.meeting?.title ?? previous.meta.title}${previous.meta.meeting ? ` (${boardFormat.formatDate(previous.meta.meeting.date)})` : ''}`;
	const status = signoff.status(signOff);
	const name = fileName(
		[boardTitle, 'minutes', meta.meeting?.title ?? meta.title, ...(status === 'draft' ? ['draft'] : [status]), meta.meeting?.date ?? ''],
		MINUTES_FORMATS[format].extension
	);
	const { type } = MINUTES_FORMATS[format];
	if (format === 'md') {
		const body = minutesMarkdown({
			info,
			view: version.view,
			members,
			history,
			previous: previous && { label: previousLabel ?? '', diff: previous.diff, attribution: previous.attribution }
		});
		return {
			body: `> **${stamp.stamp}**: ${escapeMarkdown(stamp.note)}\n\n${body}\n${togetherMarkdown(together)}\n${agendaMarkdown(agenda)}${recordMarkdown(minuted)}`,
			type,
			name
		};
	}
	const record: MinutesRecord = {
		info,
		view: version.view,
		members,
		stamp,
		attendance: signOff && { attendees: signOff.attendees, apologies: signOff.apologies, quorum: signoff.quorumText(signOff) },
		agenda,
		declarations: together.register.map(declarationLine),
		decisions: minuted.decisions,
		actions: minuted.actions,
		previous: previous && { label: previousLabel ?? '', diff: previous.diff, attribution: previous.attribution }
	};
	const paper = minutesPaper(record);
	return { body: await offload.renderPaper(paper, format), type, name };
}
