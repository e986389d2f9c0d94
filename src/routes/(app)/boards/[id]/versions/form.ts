import * as boardValues from '$lib/board/values';
import * as snapshot from '$lib/server/snapshot';

/** Reading the take-snapshot and mark-as-minutes forms: trimmed values, or what is wrong with each field. */

type Errors = Partial<Record<'title' | 'note' | 'meetingTitle' | 'meetingDate', string>>;

function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' ? c : ' ')).trim() : '';
}

export function readMeeting(form: FormData, required: boolean) {
	const values = { meetingTitle: text(form, 'meetingTitle').slice(0, 400), meetingDate: text(form, 'meetingDate').slice(0, 40) };
	const errors: Errors = {};
	const any = values.meetingTitle || values.meetingDate;
	if (required || any) {
		if (!values.meetingTitle) errors.meetingTitle = 'Name the meeting, for example “Shadow board, 12 January”.';
		else if (values.meetingTitle.length > snapshot.TITLE_MAX) errors.meetingTitle = `Keep it under ${snapshot.TITLE_MAX} characters.`;
		if (!boardValues.isIsoDate(values.meetingDate)) errors.meetingDate = 'Give the date of the meeting.';
	}
	const message = Object.values(errors)[0];
	if (message) return { ok: false as const, message, errors, values };
	return { ok: true as const, value: any ? { title: values.meetingTitle, date: values.meetingDate } : null, values };
}

export function readSnapshotForm(form: FormData) {
	const values = {
		title: text(form, 'title').slice(0, snapshot.TITLE_MAX * 2),
		note: text(form, 'note').slice(0, snapshot.NOTE_MAX * 2),
		isMinutes: form.get('isMinutes') === 'on'
	};
	const errors: Errors = {};
	if (!values.title) errors.title = 'Give the snapshot a title, for example “Workshop 3 – agreed scope”.';
	else if (values.title.length > snapshot.TITLE_MAX) errors.title = `Keep the title under ${snapshot.TITLE_MAX} characters.`;
	if (values.note.length > snapshot.NOTE_MAX) errors.note = `Keep the note under ${snapshot.NOTE_MAX} characters.`;
	const meeting = readMeeting(form, values.isMinutes);
	const all = { ...values, ...meeting.values };
	if (!meeting.ok || Object.keys(errors).length > 0) {
		const merged = { ...errors, ...(meeting.ok ? {} : meeting.errors) };
		return { ok: false as const, message: 'Check the highlighted fields.', errors: merged, values: all };
	}
	return {
		ok: true as const,
		value: { title: values.title, note: values.note, meeting: meeting.value, isMinutes: values.isMinutes && meeting.value !== null }
	};
}
