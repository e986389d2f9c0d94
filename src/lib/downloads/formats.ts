/**
 * The download formats of a board version, as named in its URL
 * (`/boards/<board>/export/<version>/<format>`). The one list: the download
 * menu shows it in this order and the export route accepts exactly these.
 */
export const FORMATS = {
	pdf: { label: 'Paper (PDF)', type: 'application/pdf', extension: 'pdf' },
	docx: {
		label: 'Word document (DOCX)',
		type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		extension: 'docx'
	},
	xlsx: { label: 'Spreadsheet (XLSX)', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
	'csv-scope': { label: 'Scope of services (CSV)', type: 'text/csv; charset=utf-8', extension: 'csv' },
	'csv-models': { label: 'Delivery models (CSV)', type: 'text/csv; charset=utf-8', extension: 'csv' },
	md: { label: 'Markdown', type: 'text/markdown; charset=utf-8', extension: 'md' },
	json: { label: 'Archive (JSON)', type: 'application/json; charset=utf-8', extension: 'json' }
} as const;

export type Format = keyof typeof FORMATS;

export function isFormat(value: string): value is Format {
	return Object.hasOwn(FORMATS, value);
}

/** The minutes pack's own downloads (`/boards/<board>/minutes/<snapshot>/download/<format>`). */
export const MINUTES_FORMATS = {
	pdf: FORMATS.pdf,
	docx: FORMATS.docx,
	md: FORMATS.md
} as const;

export type MinutesFormat = keyof typeof MINUTES_FORMATS;

export function isMinutesFormat(value: string): value is MinutesFormat {
	return Object.hasOwn(MINUTES_FORMATS, value);
}

/** The changes between two versions (`/boards/<board>/compare/<format>?from=..&to=..`). */
export const COMPARE_FORMATS = {
	csv: { label: 'CSV', type: 'text/csv; charset=utf-8', extension: 'csv' },
	md: FORMATS.md,
	json: { label: 'JSON', type: 'application/json; charset=utf-8', extension: 'json' }
} as const;

export type CompareFormat = keyof typeof COMPARE_FORMATS;

export function isCompareFormat(value: string): value is CompareFormat {
	return Object.hasOwn(COMPARE_FORMATS, value);
}

/** A list of formats as links, in the list's order: what every download menu and row of buttons shows. */
export function downloadLinks<F extends string, H extends string = string>(
	formats: Record<F, { readonly label: string }>,
	href: (format: F) => H
): { href: H; label: string }[] {
	return (Object.keys(formats) as F[]).map((format) => ({ href: href(format), label: formats[format].label }));
}
