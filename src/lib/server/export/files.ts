import type { Version } from '../versions.ts';
import type { VersionInfo } from './xlsx.ts';

/**
 * What a route needs to answer with a file, without the writers themselves (download.ts, which loads exceljs,
 * pdfmake and docx): those load in the worker threads only, so the first download does not stall the event loop
 * for seconds while they are read and compiled.
 */

export { FORMATS, isFormat, type Format } from '../../downloads/formats.ts';

export interface Download {
	body: Uint8Array | string;
	type: string;
	name: string;
}

export function versionInfo(boardTitle: string, version: Version, exportedAt: Date): VersionInfo {
	const meta = version.meta;
	return {
		board: boardTitle,
		version: meta ? meta.title : 'Live board',
		kind: meta ? (meta.kind === 'named' ? 'Named snapshot' : 'Automatic checkpoint') : 'The live board at the time of export',
		takenBy: meta ? (meta.createdByName ?? 'trustboard') : '',
		takenAt: meta ? new Date(meta.createdAt) : null,
		meeting: meta?.meeting?.title ?? '',
		meetingDate: meta?.meeting?.date ?? '',
		note: meta?.note ?? '',
		exportedAt
	};
}

export interface Download {
	body: Uint8Array | string;
	type: string;
	name: string;
}

/** Headers every download gets: a file, never rendered inline, never cached (versions can be deleted). */
export function downloadHeaders(download: Pick<Download, 'type' | 'name'>): Record<string, string> {
	return {
		'Content-Type': download.type,
		'Content-Disposition': `attachment; filename="${download.name}"`,
		'X-Content-Type-Options': 'nosniff',
		'Cache-Control': 'no-store'
	};
}
