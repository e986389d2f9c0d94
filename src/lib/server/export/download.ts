import * as Y from 'yjs';
import * as jsonExport from '../../board/json-export.ts';
import * as migrations from '../../board/migrations.ts';
import type { MemberRef } from '../../board/values.ts';
import type { Version } from '../versions.ts';
import { tableToCsv } from './csv.ts';
import { fileName, isoDay } from './filename.ts';
import { boardMarkdown, escapeMarkdown } from './markdown.ts';
import { modelsTable, scopeTable } from './tables.ts';
import { boardToXlsx } from './xlsx.ts';
import { versionInfo, type Download } from './files.ts';
import { FORMATS, type Format } from '../../downloads/formats.ts';
import { DRAFT, versionPaper, type StampInfo } from '../papers/build.ts';
import { paperToDocx } from '../papers/docx.ts';
import { paperToPdf } from '../papers/pdf.ts';

/**
 * `stamp` is where the version stands in sign-off: on every page of a PDF or DOCX, at the top of the
 * Markdown, in the XLSX's About sheet, and in the file name of agreed and published versions.
 */
export async function render(
	format: Format,
	boardTitle: string,
	version: Version,
	members: readonly MemberRef[],
	exportedAt = new Date(),
	stamp: StampInfo = DRAFT
): Promise<Download> {
	const info = versionInfo(boardTitle, version, exportedAt);
	const signed = stamp.stamp === 'DRAFT' ? [] : [stamp.stamp.toLowerCase()];
	const suffix = { pdf: [], docx: [], xlsx: [], 'csv-scope': ['scope'], 'csv-models': ['models'], json: [], md: [] }[format];
	const name = fileName(
		[boardTitle, info.version, ...signed, ...suffix, isoDay(version.meta?.createdAt ?? exportedAt.getTime())],
		FORMATS[format].extension
	);
	const { type } = FORMATS[format];
	switch (format) {
		case 'pdf':
			return { body: await paperToPdf(versionPaper(version.view, info, members, stamp)), type, name };
		case 'docx':
			return { body: await paperToDocx(versionPaper(version.view, info, members, stamp)), type, name };
		case 'xlsx':
			return {
				body: await boardToXlsx(version.view, { ...info, kind: `${info.kind} (${stamp.stamp}: ${stamp.note})` }, members),
				type,
				name
			};
		case 'csv-scope':
			return { body: tableToCsv(scopeTable(version.view, members)), type, name };
		case 'csv-models':
			return { body: tableToCsv(modelsTable(version.view)), type, name };
		case 'md':
			return { body: `> **${stamp.stamp}**: ${escapeMarkdown(stamp.note)}\n\n${boardMarkdown(version.view, info, members)}`, type, name };
		case 'json': {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, version.state);
			// A version taken before a schema change is exported as it now reads (its view is migrated too).
			migrations.migrate(doc);
			const file = jsonExport.boardToJson(doc, {
				exportedAt,
				source: {
					board: boardTitle,
					version: info.version,
					snapshotId: version.meta?.id ?? null,
					takenBy: info.takenBy || null,
					takenAt: info.takenAt?.toISOString() ?? null
				},
				people: Object.fromEntries(members.map((m) => [m.id, m.name]))
			});
			doc.destroy();
			return { body: JSON.stringify(file, null, '\t'), type, name };
		}
	}
}
