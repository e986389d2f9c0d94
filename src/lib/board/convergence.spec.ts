import { afterEach, describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import * as comments from './comments.ts';
import * as boardGrid from './grid.ts';
import * as guard from './guard.ts';
import * as boardIds from './ids.ts';
import * as init from './init.ts';
import * as scores from './scores.ts';
import * as models from './models.ts';
import * as criteria from './criteria.ts';
import * as paste from './paste.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as scope from './scope.ts';
import * as template from './template.ts';
import * as validate from './validate.ts';
import type { BoardView } from './read.ts';
import type { ColumnType, Grid } from './schema.ts';

type Gen = prng.PRNG;
const NET = Symbol('network');

function pick<T>(gen: Gen, list: readonly T[]): T {
	return list[prng.int32(gen, 0, list.length - 1)] as T;
}

afterEach(() => boardIds.setIdSource(null));

/** A network that delivers in random order, sometimes twice, always eventually. */
class Network {
	private queue: { to: Y.Doc; update: Uint8Array; origin: unknown }[] = [];
	constructor(private gen: Gen) {}
	send(to: Y.Doc, update: Uint8Array, origin: unknown = NET): void {
		this.queue.push({ to, update, origin });
	}
	deliverSome(max: number): void {
		for (let i = prng.int32(this.gen, 0, max); i > 0 && this.queue.length; i--) this.deliverOne();
	}
	deliverOne(): void {
		const index = prng.int32(this.gen, 0, this.queue.length - 1);
		const [message] = this.queue.splice(index, 1);
		if (!message) return;
		Y.applyUpdate(message.to, message.update, message.origin);
		if (prng.real53(this.gen) < 0.1) this.queue.push(message); // duplicate, delivered later
	}
	drain(): void {
		while (this.queue.length) this.deliverOne();
	}
}

const WORDS = ['care', 'fostering', 'risk', 'budget', 'trust', 'council', 'VAT', 'pace', '12', '3.5', 'Red', 'yes', ''];

function randomValue(gen: Gen, view: BoardView, columnId: string): string | number | boolean | null {
	const column = view.scope.columns.find((c) => c.id === columnId);
	switch (column?.type) {
		case 'text':
		case 'longText':
			return prng.word(gen, 1, 12);
		case 'number':
		case 'currency':
			return prng.int32(gen, -1000, 100_000) / 4;
		case 'select':
			return column.options.length ? pick(gen, column.options).id : null;
		case 'rag':
			return prng.oneOf(gen, ['red', 'amber', 'green']);
		case 'member':
			return prng.oneOf(gen, ['user-1', 'user-2']);
		case 'date':
			return `2017-0${prng.int32(gen, 1, 9)}-1${prng.int32(gen, 0, 9)}`;
		case 'checkbox':
			return prng.bool(gen);
		default:
			return null;
	}
}

interface Tracking {
	deletedRows: Set<string>;
}

/** One random edit by one member, through the public API, as the UI would make it. */
function randomOp(gen: Gen, doc: Y.Doc, track: Tracking, allowRetype: boolean): void {
	const view = read.readBoard(doc);
	const grid: Grid = prng.bool(gen) ? 'scope' : 'models';
	const rows = grid === 'scope' ? view.scope.rows : view.models.rows;
	const columns = grid === 'scope' ? view.scope.columns : view.models.criteria;
	const row = rows.length ? pick<{ id: string }>(gen, rows) : null;
	const column = columns.length ? pick<{ id: string }>(gen, columns) : null;
	const index = (n: number) => prng.int32(gen, 0, n);
	const origin = doc.clientID;
	const op = prng.int32(gen, 0, 15);
	// Each operation is one transaction, tagged with the peer, as one person's edit would be.
	doc.transact(() => {
		switch (op) {
			case 0:
				boardGrid.addRow(doc, grid, index(rows.length));
				break;
			case 1:
				if (row) boardGrid.moveRow(doc, grid, row.id, index(rows.length - 1));
				break;
			case 2:
				if (row && rows.length > 4) {
					boardGrid.deleteRow(doc, grid, row.id);
					track.deletedRows.add(row.id);
				}
				break;
			case 3:
			case 4:
				if (!row || !column) break;
				if (grid === 'scope') boardGrid.setCell(doc, 'scope', row.id, column.id, randomValue(gen, view, column.id));
				else boardGrid.setCell(doc, 'models', row.id, column.id, prng.bool(gen) ? index(5) : null);
				break;
			case 5: {
				if (!row) break;
				const text =
					grid === 'scope'
						? (() => {
								const longText = view.scope.columns.filter((c) => c.type === 'longText');
								return longText.length ? scope.cellText(doc, row.id, pick(gen, longText).id) : null;
							})()
						: column && scores.rationaleText(doc, row.id, column.id);
				if (!text) break;
				doc.transact(() => {
					if (text.length > 3 && prng.bool(gen)) text.delete(index(text.length - 2), 2);
					else text.insert(index(text.length), prng.word(gen, 1, 6));
				});
				break;
			}
			case 6:
				if (columns.length < 25)
					if (grid === 'scope')
						boardGrid.addColumn(
							doc,
							'scope',
							{ name: prng.word(gen, 3, 8), type: prng.oneOf(gen, [...schema.COLUMN_TYPES]) },
							index(columns.length)
						);
					else
						boardGrid.addColumn(
							doc,
							'models',
							{ name: prng.word(gen, 3, 8), groupId: prng.oneOf(gen, [...view.models.groups.map((g) => g.id), null]) },
							undefined
						);
				break;
			case 7:
				if (column) boardGrid.moveColumn(doc, grid, column.id, index(columns.length - 1));
				break;
			case 8:
				if (column && columns.length > 6) boardGrid.deleteColumn(doc, grid, column.id);
				break;
			case 9:
				if (column) boardGrid.renameColumn(doc, grid, column.id, prng.word(gen, 2, 10));
				break;
			case 10: {
				if (!row || !column) break;
				const block = Array.from({ length: index(3) + 1 }, () =>
					Array.from({ length: index(3) + 1 }, () => (grid === 'scope' ? prng.oneOf(gen, WORDS) : String(index(6))))
				);
				const anchor = grid === 'models' && prng.bool(gen) ? boardGrid.MODEL_NAME_COLUMN : column.id;
				paste.pasteBlock(doc, grid, row.id, anchor, block);
				break;
			}
			case 11: {
				const selects = view.scope.columns.filter((c) => c.type === 'select');
				if (!selects.length) break;
				const select = pick(gen, selects);
				if (select.options.length > 3 && prng.bool(gen)) scope.deleteOption(doc, select.id, pick(gen, select.options).id);
				else scope.addOption(doc, select.id, { label: prng.word(gen, 4, 10) });
				break;
			}
			case 12:
				if (grid === 'models' && row)
					models.setStatus(doc, row.id, prng.oneOf(gen, ['longList', 'shortlisted', 'preferred', 'discounted'] as const), {
						reason: 'reason ' + prng.word(gen),
						override: true
					});
				else if (column && grid === 'models') criteria.setWeight(doc, column.id, index(20) / 4 + 0.25);
				break;
			case 13:
				if (row && column && grid === 'models')
					scores.addEvidence(doc, row.id, column.id, { url: `https://example.org/${prng.word(gen, 1, 5)}`, label: prng.word(gen) });
				break;
			case 14: {
				const member = { id: `user-${doc.clientID}`, name: `Member ${doc.clientID}` };
				const thread = view.threads.length && prng.bool(gen) ? pick(gen, view.threads) : null;
				if (thread && prng.bool(gen)) comments.resolveThread(doc, thread.id, prng.bool(gen), member, new Date(2017, 0, 1));
				else if (thread) comments.reply(doc, { threadId: thread.id, body: prng.word(gen), author: member });
				else if (row)
					comments.addComment(doc, { target: { grid, rowId: row.id, columnId: column?.id }, body: prng.word(gen), author: member });
				break;
			}
			case 15:
				if (allowRetype && grid === 'scope' && column)
					scope.retypeColumn(doc, column.id, prng.oneOf(gen, [...schema.COLUMN_TYPES] as ColumnType[]), {});
				break;
		}
	}, origin);
}

interface Options {
	clients: number;
	steps: number;
	/** Route everything through a server doc with the schema guard, and allow retyping columns. */
	server: boolean;
}

function simulate(seed: number, { clients, steps, server }: Options) {
	const gen = prng.create(seed);
	boardIds.setIdSource(() => prng.uint32(gen, 0, 0xffffffff));
	const net = new Network(gen);
	const docs = Array.from({ length: clients }, (_, i) => {
		const doc = new Y.Doc();
		doc.clientID = i + 1;
		return doc;
	});
	const hub = server ? new Y.Doc() : null;
	const track: Tracking = { deletedRows: new Set() };
	const seedDoc = hub ?? (docs[0] as Y.Doc);
	init.initBoard(seedDoc, { title: 'Convergence', template: 'shadow-trust' });
	const initial = Y.encodeStateAsUpdate(seedDoc);
	for (const doc of docs) if (doc !== seedDoc) Y.applyUpdate(doc, initial, NET);

	if (hub) {
		hub.clientID = 1000;
		guard.createBoardGuard(hub);
		docs.forEach((doc, i) => {
			doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin !== NET) net.send(hub, update, { from: i });
			});
		});
		hub.on('update', (update: Uint8Array, origin: unknown) => {
			const from = origin !== guard.GUARD_ORIGIN && typeof origin === 'object' && origin && 'from' in origin ? origin.from : -1;
			docs.forEach((doc, i) => i !== from && net.send(doc, update));
		});
	} else {
		docs.forEach((doc) => {
			doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin !== NET) for (const other of docs) if (other !== doc) net.send(other, update);
			});
		});
	}

	for (let step = 0; step < steps; step++) {
		if (prng.real53(gen) < 0.6) {
			try {
				randomOp(gen, prng.oneOf(gen, docs), track, server);
			} catch (error) {
				if (!(error instanceof schema.BoardError)) throw error;
			}
		} else net.deliverSome(4);
	}
	net.drain();
	return { docs: hub ? [hub, ...docs] : docs, track };
}

function expectConverged(docs: Y.Doc[], track: Tracking): BoardView {
	const first = docs[0] as Y.Doc;
	const view = read.readBoard(first);
	for (const doc of docs) {
		expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(first));
		expect(read.readBoard(doc)).toEqual(view);
		expect(validate.validateBoard(doc)).toEqual([]);
	}
	for (const list of [view.scope.rows, view.scope.columns, view.models.rows, view.models.criteria, view.models.groups]) {
		const ids = list.map((x) => x.id);
		expect(new Set(ids).size).toBe(ids.length);
	}
	const present = new Set([...view.scope.rows, ...view.models.rows].map((r) => r.id));
	for (const id of track.deletedRows) expect(present.has(id), `deleted row ${id} came back`).toBe(false);
	return view;
}

// Hundreds of random steps across several documents: CPU-bound, so the limit allows a busy machine.
describe('convergence under random concurrent edits', { timeout: 30_000 }, () => {
	for (const seed of [1, 2, 3, 4, 5, 6]) {
		it(`peers converge to one valid board (seed ${seed})`, () => {
			const { docs, track } = simulate(seed, { clients: 4, steps: 400, server: false });
			const view = expectConverged(docs, track);
			expect(track.deletedRows.size).toBeGreaterThan(0);
			expect(view.scope.rows.length + view.models.rows.length).toBeGreaterThan(10);
		});
	}

	for (const seed of [11, 12, 13, 14]) {
		it(`clients behind a guarded server converge, retypes included (seed ${seed})`, () => {
			const { docs, track } = simulate(seed, { clients: 3, steps: 400, server: true });
			expectConverged(docs, track);
		});
	}
});

describe('concurrent edits to the same row', () => {
	function pair() {
		const a = new Y.Doc();
		init.initBoard(a, { title: 'Pair', template: 'shadow-trust' });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const sync = () => {
			Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
			Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		};
		return { a, b, sync };
	}
	const ids = (doc: Y.Doc) => read.readBoard(doc).scope.rows.map((r) => r.id);

	it('keeps a cell edit made while someone else moved the row', () => {
		const { a, b, sync } = pair();
		boardGrid.moveRow(a, 'scope', 'svc-adoption', 0);
		boardGrid.setCell(b, 'scope', 'svc-adoption', 'col-budget', 2400);
		sync();
		expect(ids(a)[0]).toBe('svc-adoption');
		expect(read.readBoard(b).scope.rows[0]!.cells['col-budget']).toBe(2400);
		expect(read.readBoard(a)).toEqual(read.readBoard(b));
	});

	it('never duplicates a row two people moved at once', () => {
		const { a, b, sync } = pair();
		boardGrid.moveRow(a, 'scope', 'svc-lado', 0);
		boardGrid.moveRow(b, 'scope', 'svc-lado', 10);
		sync();
		expect(ids(a).filter((id) => id === 'svc-lado')).toHaveLength(1);
		expect(ids(a)).toEqual(ids(b));
		expect(ids(a)).toHaveLength(template.SCOPE_ROWS.length);
	});

	it('does not bring back a row deleted while someone edited it', () => {
		const { a, b, sync } = pair();
		boardGrid.deleteRow(a, 'scope', 'svc-fostering');
		boardGrid.setCell(b, 'scope', 'svc-fostering', 'col-risk', 'red');
		scope.cellText(b, 'svc-fostering', 'col-notes')!.insert(0, 'late note');
		boardGrid.moveRow(b, 'scope', 'svc-fostering', 3);
		sync();
		expect(ids(a)).not.toContain('svc-fostering');
		expect(ids(b)).not.toContain('svc-fostering');
		expect(validate.validateBoard(a)).toEqual([]);
	});

	it('keeps both rows inserted at the same place, in the same order everywhere', () => {
		const { a, b, sync } = pair();
		const x = boardGrid.addRow(a, 'scope', 2);
		const y = boardGrid.addRow(b, 'scope', 2);
		sync();
		expect(ids(a)).toEqual(ids(b));
		expect(ids(a).slice(2, 4).sort()).toEqual([x, y].sort());
		// And a later insert between the tied pair still lands where it was asked.
		const z = boardGrid.addRow(a, 'scope', 3);
		sync();
		expect(ids(b)[3]).toBe(z);
	});

	it('merges two people typing in the same rationale character by character', () => {
		const { a, b, sync } = pair();
		scores.rationaleText(a, 'model-cic', 'crit-scope')!.insert(0, 'Fits scope. ');
		sync();
		scores.rationaleText(a, 'model-cic', 'crit-scope')!.insert(0, 'Yes. ');
		const textB = scores.rationaleText(b, 'model-cic', 'crit-scope')!;
		textB.insert(textB.length, 'Needs legal advice.');
		sync();
		const rationale = read.readBoard(a).models.rows.find((r) => r.id === 'model-cic')!.cells['crit-scope']!.rationale;
		expect(rationale).toBe('Yes. Fits scope. Needs legal advice.');
	});
});
