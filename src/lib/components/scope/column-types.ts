import type { ColumnType } from '$lib/board/schema';

export const COLUMN_TYPE_LABELS: Record<ColumnType, string> = {
	text: 'Text',
	longText: 'Long text',
	number: 'Number',
	currency: 'Money (£)',
	select: 'Choice',
	rag: 'RAG status',
	member: 'Board member',
	date: 'Date',
	checkbox: 'Yes / no'
};

/** Default widths in rem: wide enough for typical content at projector size. */
export function columnWidth(type: ColumnType, role: string | null): number {
	// Narrow enough that service, decision, budget and staff fit beside the side panel on a 1366 px laptop.
	if (role === 'service') return 14;
	if (role === 'statutoryBasis') return 13;
	// The decision shows where it stands beside it (Proposed, Consulted on, Agreed).
	if (role === 'decision') return 14;
	switch (type) {
		case 'longText':
			return 15;
		case 'select':
			return 11.5;
		case 'member':
			return 10;
		case 'rag':
		case 'checkbox':
			return 6.5;
		case 'number':
		case 'currency':
		case 'date':
			return 7.5;
		default:
			return 11;
	}
}
