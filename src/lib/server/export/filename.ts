import * as datetime from '../../board/datetime.ts';

/**
 * Download file names: board, version and date, in plain ASCII so every
 * browser, mail client and file system takes them as they are (no quotes,
 * slashes, control characters or header injection possible).
 */
function slug(text: string, max = 60): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/£/g, 'GBP')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, max)
		.replace(/-+$/, '');
}

/** e.g. `Shadow-trust-board_Workshop-3-agreed-scope_2017-01-12.xlsx` */
export function fileName(parts: readonly string[], extension: string): string {
	const named = parts.map((p) => slug(p)).filter(Boolean);
	return `${(named.length ? named : ['trustboard']).join('_')}.${extension}`;
}

/** `yyyy-mm-dd` of a time: the UK day, as the paper inside the file dates it, wherever it is downloaded. */
export function isoDay(ms: number): string {
	return datetime.ukIsoDay(ms);
}
