import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { Block, Paper, PaperTable, Stamp } from './paper.ts';

/**
 * A paper as PDF (pdfmake on pdfkit): A4, the grids on landscape pages, a
 * header with the paper's stamp and a footer with "Page n of m" on every page,
 * illustrative rows shaded and marked in words (the mark survives a grey-scale
 * photocopy). Fonts are Roboto from the pdfmake package, read from disk once;
 * the paper never loads a URL or any other file.
 */

const FONT_FILES = {
	normal: 'Roboto-Regular.ttf',
	bold: 'Roboto-Medium.ttf',
	italics: 'Roboto-Italic.ttf',
	bolditalics: 'Roboto-MediumItalic.ttf'
} as const;

let ready = false;
function setUp(): void {
	if (ready) return;
	const require = createRequire(import.meta.url);
	for (const file of Object.values(FONT_FILES)) {
		pdfmake.virtualfs.writeFileSync(file, readFileSync(require.resolve(`pdfmake/fonts/Roboto/${file}`)));
	}
	pdfmake.addFonts({ Roboto: { ...FONT_FILES } });
	pdfmake.setUrlAccessPolicy(() => false);
	pdfmake.setLocalAccessPolicy(() => false);
	ready = true;
}

const MARGIN = 40;
const WIDTH = { portrait: 595.28 - 2 * MARGIN, landscape: 841.89 - 2 * MARGIN };
const CELL_PADDING = 9;
const STAMP_COLOUR: Record<Stamp, string> = { DRAFT: '#b91c1c', AGREED: '#15803d', PUBLISHED: '#1d4ed8' };

/** Column widths that fill the page: long-text and name columns take two and a half shares, the rest one. */
function widths(table: PaperTable, available: number): number[] {
	const shares = table.headers.map((_, i) => (table.wide.has(i) ? 2.5 : 1));
	const total = shares.reduce((a, b) => a + b, 0);
	return shares.map((share) => Math.max(24, (available * share) / total - CELL_PADDING));
}

function tableContent(table: PaperTable, available: number, fontSize: number): Record<string, unknown> {
	return {
		table: {
			headerRows: 1,
			dontBreakRows: true,
			widths: widths(table, available),
			body: [
				table.headers.map((h) => ({ text: h, bold: true, fillColor: '#e2e8f0' })),
				...table.rows.map((row, r) =>
					row.map((cell, c) => ({
						text: cell,
						...(table.numeric.has(c) ? { alignment: 'right' } : {}),
						...(table.marked.has(r) ? { italics: true, fillColor: '#f1f5f9', color: '#334155' } : {})
					}))
				)
			]
		},
		layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#94a3b8', vLineColor: () => '#94a3b8' },
		fontSize,
		margin: [0, 4, 0, 8]
	};
}

function blockContent(block: Block, available: number, landscape: boolean): Record<string, unknown> {
	switch (block.kind) {
		case 'text':
			return { text: block.text, margin: [0, 2, 0, 6] };
		case 'heading':
			return { text: block.text, style: 'subheading' };
		case 'details':
			return {
				table: {
					widths: [110, available - 110 - 2 * CELL_PADDING],
					body: block.rows.map(([label, value]) => [{ text: label, bold: true }, value])
				},
				layout: 'noBorders',
				margin: [0, 2, 0, 8]
			};
		case 'table':
			return tableContent(block.table, available, landscape ? 7 : 8);
	}
}

function definition(paper: Paper): Record<string, unknown> {
	const colour = STAMP_COLOUR[paper.stamp];
	const content: Record<string, unknown>[] = [
		{ text: paper.title, style: 'title' },
		{ text: paper.subtitle, style: 'subtitle' },
		{
			table: {
				widths: ['auto', '*'],
				body: [
					[
						{ text: paper.stamp, bold: true, fontSize: 16, color: colour },
						{ text: paper.stampNote, margin: [0, 4, 0, 0] }
					]
				]
			},
			layout: { hLineColor: () => colour, vLineColor: () => colour },
			margin: [0, 6, 0, 12]
		}
	];
	let orientation: 'portrait' | 'landscape' = 'portrait';
	for (const section of paper.sections) {
		const wanted = section.landscape ? 'landscape' : 'portrait';
		const turn = wanted !== orientation;
		orientation = wanted;
		content.push({ text: section.heading, style: 'heading', ...(turn ? { pageBreak: 'before', pageOrientation: wanted } : {}) });
		for (const block of section.blocks) content.push(blockContent(block, WIDTH[wanted], wanted === 'landscape'));
	}
	return {
		pageSize: 'A4',
		pageOrientation: 'portrait',
		pageMargins: [MARGIN, 48, MARGIN, 44],
		info: { title: `${paper.title} – ${paper.subtitle}`, creator: 'trustboard', producer: 'trustboard' },
		watermark: { text: paper.stamp, color: colour, opacity: 0.07, bold: true },
		header: () => ({
			columns: [
				{ text: paper.subtitle, color: '#475569' },
				{ text: paper.stamp, alignment: 'right', bold: true, color: colour }
			],
			fontSize: 8,
			margin: [MARGIN, 20, MARGIN, 0]
		}),
		footer: (page: number, pages: number) => ({
			columns: [
				{ text: paper.footer, color: '#475569' },
				{ text: `Page ${page} of ${pages}`, alignment: 'right' }
			],
			fontSize: 8,
			margin: [MARGIN, 12, MARGIN, 0]
		}),
		content,
		defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
		styles: {
			title: { fontSize: 20, bold: true },
			subtitle: { fontSize: 13, color: '#334155', margin: [0, 2, 0, 0] },
			heading: { fontSize: 14, bold: true, margin: [0, 14, 0, 6] },
			subheading: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] }
		}
	};
}

export async function paperToPdf(paper: Paper): Promise<Uint8Array> {
	setUp();
	const buffer = await pdfmake.createPdf(definition(paper)).getBuffer();
	return new Uint8Array(buffer);
}
