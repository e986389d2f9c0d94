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
	if (role === 'service') return 16;
	if (role === 'statutoryBasis') return 16;
	// The decision shows where it stands beside it (Proposed, Consulted on, Agreed).
	if (role === 'decision') return 17;
	switch (type) {
		case 'longText':
			return 16;
		case 'select':
			return 13;
		case 'member':
			return 11;
		case 'rag':
		case 'checkbox':
			return 7.5;
		case 'number':
		case 'currency':
		case 'date':
			return 9.5;
		default:
			return 12;
	}
}
