import type { CurrencyUnit, Rag } from './schema.ts';

/**
 * How cell values read on screen, in the compare view and in change reports
 * (copy uses the plain stored text instead, so it pastes back). Plain Intl, so
 * the server's downloads format exactly as the grid does.
 */

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function formatNumber(value: number): string {
	return grouped.format(value);
}

const SUFFIX: Record<CurrencyUnit, string> = { pounds: '', thousands: 'k', millions: 'm' };

/** £1,250k for 1250 in a thousands column; negatives as −£40k. */
export function formatCurrency(value: number, unit: CurrencyUnit | null): string {
	const text = `£${grouped.format(Math.abs(value))}${SUFFIX[unit ?? 'pounds']}`;
	return value < 0 ? `−${text}` : text;
}

/** What one unit of a currency column means, for headers and screen readers. */
export function unitLabel(unit: CurrencyUnit | null): string {
	return unit === 'thousands' ? 'GBP thousands' : unit === 'millions' ? 'GBP millions' : 'GBP';
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** 2016-09-07 as 7 Sep 2016 (UK order, unambiguous month). */
export function formatDate(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	if (!y || !m || !d) return iso;
	return longDate.format(new Date(Date.UTC(y, m - 1, d)));
}

export const RAG_LABELS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

/** The first line of a long text, for a one-line cell. */
export function firstLine(text: string): string {
	const newline = text.indexOf('\n');
	return newline < 0 ? text : `${text.slice(0, newline)} …`;
}
