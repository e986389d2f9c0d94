/**
 * Every date and time a person reads (screens, papers, downloads, audit CSVs)
 * is written here: the UK way, in UK local time (Europe/London), whichever
 * zone the server or browser runs in. The zone's name (GMT or BST) goes with
 * every time of day, so an hour on the night the clocks change is never
 * ambiguous in a paper. Money is written by format.ts, also shared by all.
 */

export const UK_TIME_ZONE = 'Europe/London';

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: UK_TIME_ZONE });
const shortDayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: UK_TIME_ZONE });
const clockFormat = new Intl.DateTimeFormat('en-GB', {
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23',
	timeZone: UK_TIME_ZONE,
	timeZoneName: 'short'
});
const partsFormat = new Intl.DateTimeFormat('en-GB', {
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23',
	timeZone: UK_TIME_ZONE
});

type Time = number | Date;

function parts(time: Time): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
	const out = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
	for (const part of partsFormat.formatToParts(time)) if (part.type in out) out[part.type as keyof typeof out] = part.value;
	return out;
}

/** 14:05 BST (or GMT in winter). */
export function formatClock(time: Time): string {
	return clockFormat.format(time).replace(/\bUTC\b/, 'GMT');
}

/** 7 December 2026: the UK day the moment fell on. */
export function formatDay(time: Time): string {
	return dayFormat.format(time);
}

/** 7 Dec 2026, 14:05 GMT: for tables, history lists and paper headers. */
export function formatDateTime(time: Time): string {
	return `${shortDayFormat.format(time)}, ${formatClock(time)}`;
}

/** 7 December 2026 at 14:05 GMT: for running text (minutes, notices). */
export function formatDateTimeLong(time: Time): string {
	return `${formatDay(time)} at ${formatClock(time)}`;
}

/** 2026-12-07: the UK day as a sortable key (file names, date ranges). */
export function ukIsoDay(time: Time): string {
	const p = parts(time);
	return `${p.year}-${p.month}-${p.day}`;
}

/** 2026-12-07 14:05:09: UK local time for spreadsheets and CSVs, whose cells carry no zone. */
export function ukLocalStamp(time: Time): string {
	const p = parts(time);
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * The UK wall-clock time as a Date whose UTC fields read as London's clock:
 * for spreadsheet cells, which hold a zone-less date and time and show the
 * UTC fields of whatever Date they are given.
 */
export function ukWallClock(time: Time): Date {
	const p = parts(time);
	return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)));
}

/** Whether the UK is on summer time (BST) at that moment; CSV columns say which. */
export function isBritishSummerTime(time: Time): boolean {
	return formatClock(time).endsWith('BST');
}

/**
 * The first moment of a UK calendar day (yyyy-mm-dd), as epoch ms: midnight
 * London time, which is 23:00 UTC the day before in summer. Used to turn a
 * date range someone typed into the times it covers. Null for a bad date.
 */
export function startOfUkDay(isoDay: string): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
	if (!match) return null;
	const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const utcMidnight = Date.UTC(y, m - 1, d);
	if (new Date(utcMidnight).getUTCDate() !== d || new Date(utcMidnight).getUTCMonth() !== m - 1) return null;
	// The UK is at UTC+0 or UTC+1; midnight in London is whichever candidate reads as 00:00 there.
	for (const offset of [0, 3600_000]) {
		const candidate = utcMidnight - offset;
		const p = parts(candidate);
		if (p.hour === '00' && p.minute === '00' && `${p.year}-${p.month}-${p.day}` === isoDay) return candidate;
	}
	return null;
}
