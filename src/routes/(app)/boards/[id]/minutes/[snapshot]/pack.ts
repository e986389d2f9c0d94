import { formatDate } from '$lib/board/format';
import { MINUTES_FORMATS, type MinutesFormat } from '$lib/downloads/formats';
import { versionInfo, type Download } from '$lib/server/export/download';
import { fileName } from '$lib/server/export/filename';
import { escapeMarkdown, minutesMarkdown } from '$lib/server/export/markdown';
import { paperToDocx } from '$lib/server/papers/docx';
import { minutesPaper, type MinutesRecord } from '$lib/server/papers/minutes';
import { paperToPdf } from '$lib/server/papers/pdf';
import * as signoff from '$lib/server/signoff';
import type { loadMinutes } from './minutes';

/** The minutes pack as a file: PDF and DOCX papers, or Markdown for the archive; every one stamped. */
export async function renderPack(format: MinutesFormat, boardTitle: string, loaded: Awaited<ReturnType<typeof loadMinutes>>, now = new Date()): Promise<Download> {
	const { version, meta, members, previous, signOff } = loaded;
	const info = versionInfo(boardTitle, version, now);
	const stamp = signoff.stampOf(signOff);
	const previousLabel = previous && `${previous.meta.meeting?.title ?? previous.meta.title}${previous.meta.meeting ? ` (${formatDate(previous.meta.meeting.date)})` : ''}`;
	const status = signoff.status(signOff);
	const name = fileName([boardTitle, 'minutes', meta.meeting?.title ?? meta.title, ...(status === 'draft' ? ['draft'] : [status]), meta.meeting?.date ?? ''], MINUTES_FORMATS[format].extension);
	const { type } = MINUTES_FORMATS[format];
	if (format === 'md') {
		const body = minutesMarkdown({ info, view: version.view, members, previous: previous && { label: previousLabel ?? '', diff: previous.diff, attribution: previous.attribution } });
		return { body: `> **${stamp.stamp}**: ${escapeMarkdown(stamp.note)}\n\n${body}`, type, name };
	}
	const record: MinutesRecord = {
		info,
		view: version.view,
		members,
		stamp,
		attendance: signOff && { attendees: signOff.attendees, apologies: signOff.apologies, quorum: signoff.quorumText(signOff) },
		// The board keeps no register of interests yet: the pack says declarations are minuted separately.
		declarations: null,
		previous: previous && { label: previousLabel ?? '', diff: previous.diff, attribution: previous.attribution }
	};
	const paper = minutesPaper(record);
	return { body: format === 'pdf' ? await paperToPdf(paper) : await paperToDocx(paper), type, name };
}
