import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as read from '../board/read.ts';
import { render } from './export/download.ts';
import { hostileBoard } from './export/testing.ts';
import { createOffload } from './offload.ts';
import { DRAFT } from './papers/build.ts';
import type { Paper } from './papers/paper.ts';
import type { StoredVersion } from './versions.ts';

const offload = createOffload(1);
afterAll(() => offload.close());

const members = [{ id: 'user-1', name: 'Alex Lead' }];
const exportedAt = new Date('2017-01-13T09:00:00Z');

function stored(doc: Y.Doc): StoredVersion {
	return { ref: 'live', meta: null, state: Y.encodeStateAsUpdate(doc), uptoSeq: 7 };
}

async function sheets(bytes: Uint8Array): Promise<unknown[]> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	return book.worksheets.map((sheet) => ({ name: sheet.name, rows: sheet.getSheetValues() }));
}

describe('offload: work done in a worker thread', () => {
	it('writes every download format exactly as this thread would', async () => {
		const version = stored(hostileBoard());
		for (const format of ['csv-scope', 'csv-models', 'md', 'json', 'xlsx'] as const) {
			const there = await offload.renderVersion({ format, boardTitle: 'Board', version, members, exportedAt, stamp: DRAFT });
			const here = await render(format, 'Board', { ...version, view: read.readBoard(hostileBoard()) }, members, exportedAt, DRAFT);
			expect({ name: there.name, type: there.type }).toEqual({ name: here.name, type: here.type });
			if (typeof here.body === 'string') expect(there.body).toBe(here.body);
			// An XLSX is a zip whose entries carry the time of writing: its sheets are compared cell by cell.
			else expect(await sheets(there.body as Uint8Array)).toEqual(await sheets(here.body));
		}
	}, 60_000);

	it('lays out papers as PDF and DOCX', async () => {
		const paper: Paper = {
			title: 'Minutes pack: Workshop 3',
			subtitle: 'Board',
			stamp: 'DRAFT',
			stampNote: 'Not yet agreed',
			sections: [{ heading: 'Decisions', blocks: [{ kind: 'text', text: 'No decisions were recorded.' }] }],
			footer: 'Board'
		};
		const pdf = await offload.renderPaper(paper, 'pdf');
		expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
		const docx = await offload.renderPaper(paper, 'docx');
		expect(Buffer.from(docx.subarray(0, 2)).toString('latin1')).toBe('PK');
	}, 30_000);

	it('merges a stored state and its log into one state holding all of it', async () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const text = doc.getText('t');
		for (let i = 0; i < 200; i++) text.insert(text.length, `line ${i}\n`);
		text.delete(0, 50);
		const merged = await offload.mergeUpdates(updates);
		const loaded = new Y.Doc();
		Y.applyUpdate(loaded, merged);
		expect(loaded.getText('t').toString()).toBe(text.toString());
	});

	it('prepares a cold load: the merged state whole, and in slices that give the same board', async () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const text = doc.getText('t');
		// Typed at the start each time, so the lines stay separate structs.
		for (let i = 0; i < 300; i++) text.insert(0, `line ${i}\n`);
		const prepared = await offload.prepareLoad(updates, { structs: 20, content: 1_000 });
		expect(prepared.slices.length).toBeGreaterThan(2);
		const whole = new Y.Doc();
		Y.applyUpdate(whole, prepared.state);
		const sliced = new Y.Doc();
		for (const slice of prepared.slices) Y.applyUpdate(sliced, slice);
		expect(whole.getText('t').toString()).toBe(text.toString());
		expect(sliced.getText('t').toString()).toBe(text.toString());
	});

	it('fails a task on bad bytes and keeps serving the next one', async () => {
		await expect(offload.mergeUpdates([new Uint8Array([255, 255, 255, 255]), new Uint8Array([1, 2, 3])])).rejects.toThrow();
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'still here');
		const merged = await offload.mergeUpdates([Y.encodeStateAsUpdate(doc)]);
		const loaded = new Y.Doc();
		Y.applyUpdate(loaded, merged);
		expect(loaded.getText('t').toString()).toBe('still here');
	}, 30_000);
});
