import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	Header,
	HeadingLevel,
	Packer,
	PageNumber,
	PageOrientation,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type ISectionOptions
} from 'docx';
import type { Block, Paper, PaperTable, Stamp } from './paper.ts';

/**
 * A paper as a Word document, for pasting into a council report template:
 * built-in Title and Heading styles (so a template's own styles take over),
 * real tables with a repeating header row, A4 with the grids in landscape
 * sections, the stamp in every page header and "Page n of m" in every footer.
 */

// A4 in twentieths of a point; margins of 2 cm.
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
const STAMP_COLOUR: Record<Stamp, string> = { DRAFT: 'B91C1C', AGREED: '15803D', PUBLISHED: '1D4ED8' };

/** Text with its line breaks kept. */
function runs(text: string, style: { bold?: boolean; italics?: boolean; size?: number; color?: string } = {}): TextRun[] {
	return text.split(/\r\n|\r|\n/).map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...style }));
}

function cell(
	text: string,
	options: { bold?: boolean; italics?: boolean; fill?: string; width: number; size: number; right?: boolean }
): TableCell {
	return new TableCell({
		width: { size: options.width, type: WidthType.DXA },
		shading: options.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } : undefined,
		children: [
			new Paragraph({
				alignment: options.right ? AlignmentType.RIGHT : undefined,
				children: runs(text, { bold: options.bold, italics: options.italics, size: options.size })
			})
		]
	});
}

function table(data: PaperTable, available: number, size: number): Table {
	const shares = data.headers.map((_, i) => (data.wide.has(i) ? 2.5 : 1));
	const total = shares.reduce((a, b) => a + b, 0);
	const widths = shares.map((share) => Math.floor((available * share) / total));
	return new Table({
		width: { size: available, type: WidthType.DXA },
		columnWidths: widths,
		rows: [
			new TableRow({
				tableHeader: true,
				cantSplit: true,
				children: data.headers.map((h, i) => cell(h, { bold: true, fill: 'E2E8F0', width: widths[i] ?? 0, size }))
			}),
			...data.rows.map(
				(row, r) =>
					new TableRow({
						cantSplit: true,
						children: row.map((text, i) =>
							cell(text, {
								italics: data.marked.has(r),
								fill: data.marked.has(r) ? 'F1F5F9' : undefined,
								width: widths[i] ?? 0,
								size,
								right: data.numeric.has(i)
							})
						)
					})
			)
		]
	});
}

function details(rows: readonly (readonly [string, string])[], available: number): Table {
	const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
	const label = Math.floor(available * 0.25);
	return new Table({
		width: { size: available, type: WidthType.DXA },
		columnWidths: [label, available - label],
		borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
		rows: rows.map(
			([name, value]) =>
				new TableRow({
					children: [cell(name, { bold: true, width: label, size: 20 }), cell(value, { width: available - label, size: 20 })]
				})
		)
	});
}

function blockParts(block: Block, available: number, landscape: boolean): (Paragraph | Table)[] {
	switch (block.kind) {
		case 'text':
			return [new Paragraph({ children: runs(block.text), spacing: { after: 120 } })];
		case 'heading':
			return [new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2 })];
		case 'details':
			return [details(block.rows, available), new Paragraph({})];
		case 'table':
			return [table(block.table, available, landscape ? 14 : 16), new Paragraph({})];
	}
}

export async function paperToDocx(paper: Paper): Promise<Uint8Array> {
	const colour = STAMP_COLOUR[paper.stamp];
	const header = new Header({
		children: [
			new Paragraph({
				alignment: AlignmentType.RIGHT,
				children: [
					new TextRun({ text: `${paper.subtitle}    `, size: 16, color: '475569' }),
					new TextRun({ text: paper.stamp, bold: true, size: 16, color: colour })
				]
			})
		]
	});
	const footer = new Footer({
		children: [
			new Paragraph({
				children: [
					new TextRun({ text: `${paper.footer}    `, size: 16, color: '475569' }),
					new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 16 })
				]
			})
		]
	});
	const front: (Paragraph | Table)[] = [
		new Paragraph({ text: paper.title, heading: HeadingLevel.TITLE }),
		new Paragraph({ children: runs(paper.subtitle, { size: 28, color: '334155' }), spacing: { after: 200 } }),
		new Paragraph({
			children: [new TextRun({ text: paper.stamp, bold: true, size: 32, color: colour }), new TextRun({ text: `  ${paper.stampNote}` })],
			border: { top: { style: BorderStyle.SINGLE, size: 8, color: colour }, bottom: { style: BorderStyle.SINGLE, size: 8, color: colour } },
			spacing: { after: 240 }
		})
	];
	const sections: ISectionOptions[] = [];
	let current: { landscape: boolean; children: (Paragraph | Table)[] } = { landscape: false, children: front };
	const flush = () =>
		sections.push({
			properties: {
				page: {
					size: { ...A4, orientation: current.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
					margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }
				}
			},
			headers: { default: header },
			footers: { default: footer },
			children: current.children
		});
	for (const section of paper.sections) {
		const landscape = Boolean(section.landscape);
		if (landscape !== current.landscape) {
			flush();
			current = { landscape, children: [] };
		}
		const available = (landscape ? A4.height : A4.width) - 2 * MARGIN;
		current.children.push(new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_1 }));
		for (const block of section.blocks) current.children.push(...blockParts(block, available, landscape));
	}
	flush();
	const document = new Document({ creator: 'trustboard', title: `${paper.title} – ${paper.subtitle}`, sections });
	return new Uint8Array(await Packer.toBuffer(document));
}
