import * as schema from './schema.ts';
import * as ids from './ids.ts';
import type { ColumnType } from './schema.ts';

/**
 * Cell values of the scope grid as stored and as read. Long text is stored as a
 * Y.Text but read (and pasted) as a string. Empty is `null` (key absent).
 */
export type CellValue = string | number | boolean | null;

export interface OptionRef {
	readonly id: string;
	readonly label: string;
}

export interface MemberRef {
	readonly id: string;
	readonly name: string;
}

/** What a parse needs to know beyond the type: select options, board members. */
export interface ParseContext {
	readonly options?: readonly OptionRef[];
	readonly members?: readonly MemberRef[];
}

export type ParseResult =
	| { readonly kind: 'value'; readonly value: CellValue }
	/** A select label not yet among the options: the caller may create it. */
	| { readonly kind: 'newOption'; readonly label: string }
	| { readonly kind: 'error'; readonly reason: string };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// Control characters other than tab, newline and carriage return, which pasted text legitimately holds.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function isIsoDate(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const m = DATE_PATTERN.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isMemberId(value: unknown): value is string {
	return (
		typeof value === 'string' &&
		value.length > 0 &&
		value.length <= schema.LIMITS.personId &&
		!CONTROL.test(value) &&
		value.trim() === value
	);
}

export function isFiniteInRange(value: unknown, limit: number): value is number {
	return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit;
}

/**
 * Why a stored (non-long-text) value does not fit a column type, or null if it
 * does. Select values are only checked for shape: an option deleted while
 * someone picked it is a normal concurrent outcome and simply reads as empty.
 */
export function valueProblem(type: ColumnType, value: unknown): string | null {
	switch (type) {
		case 'text':
			if (typeof value !== 'string') return 'text cell must be a string';
			return value.length > schema.LIMITS.shortText ? `text longer than ${schema.LIMITS.shortText} characters` : null;
		case 'longText':
			return 'long text cell must be a Y.Text';
		case 'number':
		case 'currency':
			return isFiniteInRange(value, schema.LIMITS.number) ? null : `${type} cell must be a finite number`;
		case 'select':
			return ids.isId(value) ? null : 'select cell must be an option id';
		case 'rag':
			return schema.isOneOf(schema.RAG_VALUES, value) ? null : 'RAG cell must be red, amber or green';
		case 'member':
			return isMemberId(value) ? null : 'member cell must be a user id';
		case 'date':
			return isIsoDate(value) ? null : 'date cell must be yyyy-mm-dd';
		case 'checkbox':
			return typeof value === 'boolean' ? null : 'checkbox cell must be true or false';
	}
}

/** Throws on a value that setCell must not write. */
export function assertValue(type: ColumnType, value: CellValue, ctx: ParseContext = {}): void {
	if (value === null) return;
	if (type === 'longText') {
		if (typeof value !== 'string') throw new schema.BoardError('invalidValue', 'long text cell must be a string');
		if (value.length > schema.LIMITS.longText)
			throw new schema.BoardError('tooLong', `long text longer than ${schema.LIMITS.longText} characters`);
		return;
	}
	const problem = valueProblem(type, value);
	if (problem) throw new schema.BoardError('invalidValue', problem);
	if (type === 'select' && ctx.options && !ctx.options.some((o) => o.id === value))
		throw new schema.BoardError('unknownOption', `no option ${String(value)}`);
}

// Accept the number formats spreadsheets put on the clipboard:
// 1234.5, 1,234.5, -12, (1,234) for negatives, with £ for currency.
const NUMBER_TEXT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(\.\d+)?$/;

function parseNumberText(raw: string, currency: boolean): number | null {
	let text = raw.trim().replace(/\s+/g, '');
	let negative = false;
	const paren = /^\((.*)\)$/.exec(text);
	if (paren) {
		negative = true;
		text = paren[1] ?? '';
	}
	if (text.startsWith('-')) {
		negative = !negative;
		text = text.slice(1);
	}
	if (currency) text = text.replace(/^£/, '').replace(/^GBP/i, '');
	const m = NUMBER_TEXT.exec(text);
	if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return null;
	const n = Number((m[2] ?? '').replace(/,/g, '') + (m[3] ?? ''));
	const value = (m[1] === '-') !== negative ? -n : n;
	return isFiniteInRange(value, schema.LIMITS.number) ? (Object.is(value, -0) ? 0 : value) : null;
}

function parseDateText(raw: string): string | null {
	const text = raw.trim();
	if (isIsoDate(text)) return text;
	// UK day-first, as typed by the people using this board.
	const m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
	if (!m) return null;
	const iso = `${m[3]}-${(m[2] ?? '').padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`;
	return isIsoDate(iso) ? iso : null;
}

const TRUE_TEXT = new Set(['true', 'yes', 'y', '1', 'x', '✓', '✔', 'on']);
const FALSE_TEXT = new Set(['false', 'no', 'n', '0', 'off']);
const RAG_TEXT: Record<string, (typeof schema.RAG_VALUES)[number]> = {
	red: 'red',
	r: 'red',
	amber: 'amber',
	a: 'amber',
	yellow: 'amber',
	green: 'green',
	g: 'green'
};

/** Text typed or pasted into a cell, as a typed value. Empty text clears the cell. */
export function parseCell(type: ColumnType, raw: string, ctx: ParseContext = {}): ParseResult {
	const text = raw.trim();
	if (text === '') return { kind: 'value', value: null };
	const error = (reason: string): ParseResult => ({ kind: 'error', reason });
	switch (type) {
		case 'text':
			return raw.length > schema.LIMITS.shortText
				? error(`longer than ${schema.LIMITS.shortText} characters`)
				: { kind: 'value', value: raw };
		case 'longText':
			return raw.length > schema.LIMITS.longText
				? error(`longer than ${schema.LIMITS.longText} characters`)
				: { kind: 'value', value: raw };
		case 'number':
		case 'currency': {
			const n = parseNumberText(text, type === 'currency');
			return n === null ? error(`"${text}" is not a number`) : { kind: 'value', value: n };
		}
		case 'select': {
			const wanted = text.toLowerCase();
			const option = ctx.options?.find((o) => o.label.trim().toLowerCase() === wanted) ?? ctx.options?.find((o) => o.id === text);
			if (option) return { kind: 'value', value: option.id };
			return text.length > schema.LIMITS.name ? error('option label too long') : { kind: 'newOption', label: text };
		}
		case 'rag': {
			const rag = RAG_TEXT[text.toLowerCase()];
			return rag ? { kind: 'value', value: rag } : error(`"${text}" is not red, amber or green`);
		}
		case 'member': {
			const wanted = text.toLowerCase();
			const member = ctx.members?.find((m) => m.id === text) ?? ctx.members?.find((m) => m.name.trim().toLowerCase() === wanted);
			return member ? { kind: 'value', value: member.id } : error(`"${text}" is not a board member`);
		}
		case 'date': {
			const date = parseDateText(text);
			return date ? { kind: 'value', value: date } : error(`"${text}" is not a date (yyyy-mm-dd or dd/mm/yyyy)`);
		}
		case 'checkbox': {
			const lower = text.toLowerCase();
			if (TRUE_TEXT.has(lower)) return { kind: 'value', value: true };
			if (FALSE_TEXT.has(lower)) return { kind: 'value', value: false };
			return error(`"${text}" is not yes or no`);
		}
	}
}

/** A stored value as text, the inverse of parseCell (used by copy and retype). */
export function cellToText(type: ColumnType, value: CellValue, ctx: ParseContext = {}): string {
	if (value === null) return '';
	switch (type) {
		case 'select':
			return ctx.options?.find((o) => o.id === value)?.label ?? '';
		case 'member':
			return ctx.members?.find((m) => m.id === value)?.name ?? String(value);
		case 'checkbox':
			return value === true ? 'yes' : 'no';
		default:
			return String(value);
	}
}
