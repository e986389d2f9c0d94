import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import * as Y from 'yjs';
import { readBoard, type BoardView } from '../../src/lib/board/read.ts';
import { roots } from '../../src/lib/board/schema.ts';
import { TEMPLATE_COLUMN_IDS as C } from '../../src/lib/board/template.ts';
import { Fixtures, type TestUser } from '../support/fixtures.ts';
import { type ServerProcess, startApp } from '../support/server-process.ts';
import { TestClient, waitFor } from '../support/clients.ts';
import { Http, fileForm } from './support/app.ts';
import { keepLog, report } from './support/report.ts';
import { sleep, templateBoard } from './support/setup.ts';

/**
 * Ids named like JavaScript built-ins (issue 11): a modified client, a board file and a URL each try them. Every
 * edge refuses them, and a board's own downloads stay exact and re-import to the same board.
 */

const BUILT_INS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
let fixtures: Fixtures;
let server: ServerProcess;
let http: Http;
let admin: TestUser;
let chair: TestUser;
let editor: TestUser;
let boardId: string;
/** A board no test writes to, whose download every bad file below starts from. */
let cleanBoardId: string;

beforeAll(async () => {
	fixtures = await Fixtures.create();
	admin = await fixtures.user('Ada Admin');
	chair = await fixtures.user('Cath Chair');
	editor = await fixtures.user('Eddie Editor');
	boardId = await templateBoard(fixtures, chair, 'Built-in ids board');
	await fixtures.member(boardId, editor, 'editor');
	cleanBoardId = await templateBoard(fixtures, chair, 'Clean board');
	server = await startApp(fixtures.dataDir);
	http = new Http(server.origin);
});

beforeEach(() => {
	onTestFailed(() => console.log(`server output (tail):\n${server.output.slice(-3000)}`));
});

afterAll(async () => {
	if (server) keepLog('built-in-ids-server', server.output);
	if (server?.running) await server.stop();
	await fixtures?.close();
});

/** Every key under which the stored board keeps an entry of a collection, a cell, a score or a rationale. */
async function storedKeys(): Promise<string[]> {
	const doc = await fixtures.storedDoc(boardId);
	const r = roots(doc);
	const keys: string[] = [];
	for (const collection of [r.scopeColumns, r.scopeRows, r.criterionGroups, r.criteria, r.models, r.comments]) {
		for (const [key, entry] of collection.entries()) {
			keys.push(key);
			if (!(entry instanceof Y.Map)) continue;
			for (const inner of ['cells', 'scores', 'rationales'])
				if (entry.get(inner) instanceof Y.Map) keys.push(...(entry.get(inner) as Y.Map<unknown>).keys());
		}
	}
	doc.destroy();
	return keys;
}

describe('ids named like built-ins', () => {
	test('a modified client writing rows, columns, models and cells under built-in names: removed by the server, the rest kept', async () => {
		const hostile = new TestClient(server, boardId, editor);
		const honest = new TestClient(server, boardId, chair);
		try {
			await Promise.all([hostile.synced(), honest.synced()]);
			const firstRow = readBoard(hostile.doc).scope.rows[0]!.id;
			const firstModel = readBoard(hostile.doc).models.rows[0]!.id;
			hostile.doc.transact(() => {
				const r = roots(hostile.doc);
				for (const name of BUILT_INS) {
					const row = new Y.Map<unknown>();
					row.set('order', 'z');
					row.set('cells', new Y.Map());
					r.scopeRows.set(name, row);
					const column = new Y.Map<unknown>();
					column.set('name', `Column ${name}`);
					column.set('type', 'text');
					column.set('order', 'z');
					r.scopeColumns.set(name, column);
					const model = new Y.Map<unknown>();
					model.set('name', `Model ${name}`);
					model.set('order', 'z');
					r.models.set(name, model);
				}
				const cells = (r.scopeRows.get(firstRow) as Y.Map<Y.Map<unknown>>).get('cells')!;
				for (const name of BUILT_INS) cells.set(name, 'x');
				cells.set(C.notes, 'kept beside the built-ins');
				const scores = (r.models.get(firstModel) as Y.Map<Y.Map<unknown>>).get('scores');
				for (const name of BUILT_INS) scores?.set(name, 3);
			});
			await hostile.waitConfirmed();
			await waitFor(() => hostile.notices.some((n) => n.type === 'repaired'), 'the repaired notice');
			// The repair is stored like any edit, just after the update it repairs.
			let left: string[] = [];
			for (const deadline = Date.now() + 5_000; Date.now() < deadline; await sleep(100)) {
				left = (await storedKeys()).filter((key) => BUILT_INS.includes(key));
				if (left.length === 0) break;
			}
			expect(left).toEqual([]);
			// Both members hold what is stored: the built-ins gone, the honest cell kept.
			for (const client of [hostile, honest]) {
				await waitFor(() => readBoard(client.doc).scope.rows[0]?.cells[C.notes] === 'kept beside the built-ins', 'the kept cell');
				const r = roots(client.doc);
				await waitFor(
					() => [r.scopeRows, r.scopeColumns, r.models].every((map) => BUILT_INS.every((name) => !map.has(name))),
					'the repair to reach the member'
				);
			}
		} finally {
			hostile.destroy();
			honest.destroy();
		}
	});

	test('a board file using built-in names as ids is refused and creates no board', async () => {
		const exported = await http.get(`/boards/${cleanBoardId}/export/live/json`, chair);
		expect(exported.status).toBe(200);
		const boardsBefore = (await fixtures.db.selectFrom('boards').select('id').execute()).length;
		const refusals: Record<string, number> = {};
		for (const name of BUILT_INS) {
			for (const where of ['scope row', 'scope column', 'model', 'criterion'] as const) {
				const file = JSON.parse(exported.body) as {
					board: {
						scope: { rows: { id: string }[]; columns: { id: string }[] };
						models: { rows: { id: string }[]; criteria: { id: string }[] };
					};
				};
				const target = {
					'scope row': file.board.scope.rows,
					'scope column': file.board.scope.columns,
					model: file.board.models.rows,
					criterion: file.board.models.criteria
				}[where];
				target[0]!.id = name;
				const answer = await http.upload('/import', fileForm(JSON.stringify(file)), admin);
				refusals[`${where} ${name}`] = answer.status;
				expect(answer.status, `${where} ${name}`).toBe(400);
				// Refused for the id itself, not for something it broke further on.
				expect(answer.body, `${where} ${name}`).toContain('[0].id: expected an id');
			}
		}
		expect((await fixtures.db.selectFrom('boards').select('id').execute()).length).toBe(boardsBefore);
		report('built-in-ids-import', { refusals });
	});

	test('URLs naming built-ins are a plain 404, never a 500', async () => {
		const paths = BUILT_INS.flatMap((name) => [
			`/boards/${name}`,
			`/boards/${name}/settings`,
			`/boards/${boardId}/versions/${name}`,
			`/boards/${boardId}/export/${name}/json`,
			`/boards/${boardId}/export/live/${name}`,
			`/boards/${boardId}/compare/${name}?from=live`,
			`/boards/${boardId}/minutes/${name}`,
			`/boards/${boardId}/minutes/${name}/download/pdf`,
			`/invite/${name}`
		]);
		const answers: Record<string, number> = {};
		for (const path of paths) answers[path] = (await http.get(path, chair)).status;
		for (const name of BUILT_INS)
			answers[`POST rounds/${name}`] = (await http.postJson(`/boards/${boardId}/rounds/${name}`, { action: 'finish' }, chair)).status;
		expect(Object.entries(answers).filter(([, status]) => status !== 404)).toEqual([]);
	});

	test('a scoring round over a built-in name cannot be opened, nor scored in one', async () => {
		const view = readBoard(await fixtures.storedDoc(boardId));
		const criterionId = view.models.criteria[0]!.id;
		const opened = await http.postJson(`/boards/${boardId}/rounds`, { scope: { kind: 'criterion', id: criterionId } }, chair);
		expect(opened.status).toBe(201);
		const roundId = (opened.json?.round as { id: string }).id;
		const answers: Record<string, number> = {};
		for (const name of BUILT_INS) {
			answers[`open ${name}`] = (
				await http.postJson(`/boards/${boardId}/rounds`, { scope: { kind: 'criterion', id: name } }, chair)
			).status;
			for (const cell of [
				{ modelId: name, criterionId },
				{ modelId: view.models.rows[0]!.id, criterionId: name }
			])
				answers[`score ${JSON.stringify(cell)}`] = (
					await http.postJson(`/boards/${boardId}/rounds/${roundId}`, { action: 'score', ...cell, score: 3 }, chair)
				).status;
		}
		expect(Object.entries(answers).filter(([, status]) => status !== 400)).toEqual([]);
	});
});

describe("a board's own downloads", () => {
	async function download(format: string): Promise<Buffer> {
		const answer = await http.download(`/boards/${boardId}/export/live/${format}`, chair);
		expect(answer.status, format).toBe(200);
		return answer.bytes;
	}

	/** How each format writes a piece of text: CSV doubles quotes; the XLSX rows are read back as JSON here. */
	const written = {
		csv: (text: string) => text.replaceAll('"', '""'),
		xlsx: (text: string) => JSON.stringify(text).slice(1, -1),
		json: (text: string) => JSON.stringify(text).slice(1, -1)
	};

	test('CSV, XLSX and JSON hold every cell as it is, and the JSON re-imports to the same board', async () => {
		const original = readBoard(await fixtures.storedDoc(boardId));
		const csv = `${(await download('csv-scope')).toString('utf8')}\n${(await download('csv-models')).toString('utf8')}`;
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await download('xlsx')) as unknown as ArrayBuffer);
		const sheets: string[] = [];
		book.eachSheet((sheet) => sheet.eachRow((row) => sheets.push(JSON.stringify(row.values))));
		const json = (await download('json')).toString('utf8');
		for (const [format, text] of [
			['csv', csv],
			['xlsx', sheets.join('\n')],
			['json', json]
		] as const) {
			expect(text, format).not.toContain('[object Object]');
			expect(text, format).not.toContain('[native code]');
			for (const row of original.scope.rows) expect(text, `${format}: ${row.id}`).toContain(written[format](String(row.cells[C.service])));
			for (const model of original.models.rows) expect(text, `${format}: ${model.id}`).toContain(written[format](model.name));
			expect(text, format).toContain(written[format]('kept beside the built-ins'));
		}

		const imported = await http.upload('/import', fileForm(json), admin);
		expect(imported.status).toBe(303);
		const copyId = /^\/boards\/([a-z2-7]{16})$/.exec(imported.location ?? '')?.[1];
		expect(copyId).toBeDefined();
		const copy = readBoard(await fixtures.storedDoc(copyId!));
		const sameBoard = (view: BoardView) => ({ ...view, title: '' });
		expect(sameBoard(copy)).toEqual(sameBoard(original));
		report('built-in-ids-downloads', {
			scopeRows: original.scope.rows.length,
			models: original.models.rows.length,
			csvBytes: csv.length,
			jsonBytes: json.length
		});
	});
});
