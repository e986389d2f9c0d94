import * as Y from 'yjs';
import * as boardModels from '../../../src/lib/board/models.ts';
import * as scope from '../../../src/lib/board/scope.ts';
import * as meta from '../../../src/lib/board/meta.ts';
import * as scores from '../../../src/lib/board/scores.ts';
import * as read from '../../../src/lib/board/read.ts';
import * as schema from '../../../src/lib/board/schema.ts';
import type { BoardView } from '../../../src/lib/board/read.ts';
import type { Rng } from './rng.ts';

/**
 * Random edits to both grids through the board model API, with an oracle of what each edit must leave behind.
 * Each writer only edits rows and models it created itself (and appends to shared texts), so every edit has
 * one right answer even though writers run concurrently: a later write by someone else never legitimately
 * replaces it.
 */

const CRITERIA = ['crit-scope', 'crit-independence', 'crit-split', 'crit-focus', 'crit-vat', 'crit-shadow'] as const;
const DECISIONS = ['transfer', 'retain', 'shared', 'undecided'] as const;
const RAG = ['red', 'amber', 'green'] as const;
type Value = string | number | undefined;

interface History {
	seq: number;
	value: Value;
}

interface Token {
	seq: number;
	token: string;
}

interface RowRecord {
	added: number;
	deleted?: number;
	cells: Map<string, History[]>;
	notes: Token[];
}

interface ModelRecord {
	added: number;
	name: History[];
	scores: Map<string, History[]>;
	rationale: Token[];
	criterion: string;
}

export class Writer {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly #rng: Rng;
	/** Number of edits made so far; edit n has seq n (from 1). */
	seq = 0;
	readonly rows = new Map<string, RowRecord>();
	readonly models = new Map<string, ModelRecord>();
	readonly description: Token[] = [];

	readonly #editsDescription: boolean;

	/**
	 * `editsDescription: false` for a writer that never sees the others' edits: the description is the one
	 * field shared by everyone, and its length limit can only be respected by a writer that sees all of it.
	 */
	constructor(name: string, doc: Y.Doc, rng: Rng, { editsDescription = true } = {}) {
		this.name = name;
		this.doc = doc;
		this.#rng = rng;
		this.#editsDescription = editsDescription;
	}

	/** One random edit. */
	edit(): void {
		const rng = this.#rng;
		const liveRows = [...this.rows.entries()].filter(([, r]) => r.deleted === undefined);
		const models = [...this.models.keys()];
		const roll = rng.next();
		if (liveRows.length === 0 || roll < 0.12) return this.#addRow();
		if (models.length === 0 || roll < 0.2) return this.#addModel();
		if (roll < 0.25 && liveRows.length > 2) return this.#deleteRow(rng.pick(liveRows)[0]);
		if (roll < 0.45) return this.#setCell(rng.pick(liveRows)[0]);
		if (roll < 0.55) return this.#appendNotes(rng.pick(liveRows)[0]);
		if (roll < 0.7) return this.#setScore(rng.pick(models));
		if (roll < 0.78) return this.#renameModel(rng.pick(models));
		// The page stops typing at the description's limit (maxlength) and the server truncates past it; writers stay
		// well inside it, leaving room for what the other writers have typed but not yet synced.
		if (roll < 0.88 || !this.#editsDescription || meta.boardDescriptionText(this.doc).length > schema.LIMITS.boardDescription / 2) {
			return this.#appendRationale(rng.pick(models));
		}
		return this.#appendDescription();
	}

	#token(): string {
		return `[${this.name}.${this.seq}]`;
	}

	#addRow(): void {
		const seq = ++this.seq;
		const service = `svc ${this.name}.${seq}`;
		const id = scope.addRow(this.doc, { values: { 'col-service': service } });
		this.rows.set(id, { added: seq, cells: new Map([['col-service', [{ seq, value: service }]]]), notes: [] });
	}

	#deleteRow(id: string): void {
		const seq = ++this.seq;
		scope.deleteRow(this.doc, id);
		this.rows.get(id)!.deleted = seq;
	}

	#setCell(id: string): void {
		const rng = this.#rng;
		const seq = ++this.seq;
		const [column, value] = rng.pick<[string, Value]>([
			['col-service', `svc ${this.name}.${seq}`],
			['col-staff', rng.int(0, 500)],
			['col-budget', rng.int(-10_000, 1_000_000) / 4],
			['col-decision', rng.pick(DECISIONS)],
			['col-risk', rng.pick(RAG)],
			['col-risk', undefined]
		]);
		scope.setCell(this.doc, id, column, value ?? null);
		const row = this.rows.get(id)!;
		const history = row.cells.get(column) ?? [];
		history.push({ seq, value });
		row.cells.set(column, history);
	}

	#appendNotes(id: string): void {
		const seq = ++this.seq;
		const token = this.#token();
		const text = scope.cellText(this.doc, id, 'col-notes');
		if (!text) throw new Error(`${this.name}: row ${id} has no notes text`);
		text.insert(text.length, token);
		this.rows.get(id)!.notes.push({ seq, token });
	}

	#addModel(): void {
		const seq = ++this.seq;
		const name = `model ${this.name}.${seq}`;
		const id = boardModels.add(this.doc, { name });
		this.models.set(id, {
			added: seq,
			name: [{ seq, value: name }],
			scores: new Map(),
			rationale: [],
			criterion: this.#rng.pick(CRITERIA)
		});
	}

	#setScore(id: string): void {
		const seq = ++this.seq;
		const criterion = this.#rng.pick(CRITERIA);
		const score = this.#rng.chance(0.1) ? null : this.#rng.int(0, 5);
		scores.setScore(this.doc, id, criterion, score);
		const model = this.models.get(id)!;
		const history = model.scores.get(criterion) ?? [];
		history.push({ seq, value: score ?? undefined });
		model.scores.set(criterion, history);
	}

	#renameModel(id: string): void {
		const seq = ++this.seq;
		const name = `model ${this.name}.${seq}`;
		boardModels.setName(this.doc, id, name);
		this.models.get(id)!.name.push({ seq, value: name });
	}

	#appendRationale(id: string): void {
		const seq = ++this.seq;
		const model = this.models.get(id)!;
		const text = scores.rationaleText(this.doc, id, model.criterion);
		if (!text) throw new Error(`${this.name}: model ${id} has no rationale text`);
		const token = this.#token();
		text.insert(text.length, token);
		model.rationale.push({ seq, token });
	}

	#appendDescription(): void {
		const seq = ++this.seq;
		const token = this.#token();
		const text = meta.boardDescriptionText(this.doc);
		text.insert(text.length, token);
		this.description.push({ seq, token });
	}

	/**
	 * What is wrong with `view` given that edits 1..confirmed are durable. Edits after `confirmed` may or may
	 * not be there, but nothing may appear twice and no value may appear that was never written. With
	 * `confirmed = this.seq` it is the exact check that a converged board holds every edit once.
	 */
	check(view: BoardView, confirmed: number): string[] {
		const problems: string[] = [];
		const rowViews = new Map(view.scope.rows.map((r) => [r.id, r]));
		for (const [id, row] of this.rows) {
			const present = rowViews.get(id);
			const deletedDurably = row.deleted !== undefined && row.deleted <= confirmed;
			const mayBeGone = row.added > confirmed || row.deleted !== undefined;
			if (deletedDurably) {
				if (present) problems.push(`${this.name}: row ${id} deleted at ${row.deleted} is back`);
				continue;
			}
			if (!present) {
				if (!mayBeGone) problems.push(`${this.name}: row ${id} added at ${row.added} is missing`);
				continue;
			}
			for (const [column, history] of row.cells) {
				const problem = checkValue(history, present.cells[column] as Value, confirmed);
				if (problem) problems.push(`${this.name}: row ${id} ${column}: ${problem}`);
			}
			problems.push(...checkTokens(`${this.name}: row ${id} notes`, row.notes, String(present.cells['col-notes'] ?? ''), confirmed));
		}
		const modelViews = new Map(view.models.rows.map((m) => [m.id, m]));
		for (const [id, model] of this.models) {
			const present = modelViews.get(id);
			if (!present) {
				if (model.added <= confirmed) problems.push(`${this.name}: model ${id} added at ${model.added} is missing`);
				continue;
			}
			const nameProblem = checkValue(model.name, present.name, confirmed);
			if (nameProblem) problems.push(`${this.name}: model ${id} name: ${nameProblem}`);
			for (const [criterion, history] of model.scores) {
				const problem = checkValue(history, present.cells[criterion]?.score ?? undefined, confirmed);
				if (problem) problems.push(`${this.name}: model ${id} score ${criterion}: ${problem}`);
			}
			const rationale = present.cells[model.criterion]?.rationale ?? '';
			problems.push(...checkTokens(`${this.name}: model ${id} rationale`, model.rationale, rationale, confirmed));
		}
		problems.push(...checkTokens(`${this.name}: description`, this.description, view.description, confirmed));
		return problems;
	}
}

export function view(doc: Y.Doc): BoardView {
	return read.readBoard(doc);
}

/** The value must be the last durable one or one written after it; before anything durable, empty also fits. */
function checkValue(history: History[], actual: Value, confirmed: number): string | null {
	let last = -1;
	history.forEach((h, i) => {
		if (h.seq <= confirmed) last = i;
	});
	const allowed = (last < 0 ? [undefined, ...history.map((h) => h.value)] : history.slice(last).map((h) => h.value)).map(normalise);
	if (allowed.includes(normalise(actual))) return null;
	const lastValue = last < 0 ? 'nothing' : JSON.stringify(history[last]!.value);
	return `holds ${JSON.stringify(actual)}, expected ${lastValue} (confirmed at ${last < 0 ? '-' : history[last]!.seq}) or a later write`;
}

function normalise(value: Value | null): Value {
	return value === null || value === '' ? undefined : value;
}

function checkTokens(what: string, tokens: Token[], text: string, confirmed: number): string[] {
	const problems: string[] = [];
	for (const { seq, token } of tokens) {
		const count = text.split(token).length - 1;
		if (count > 1) problems.push(`${what}: ${token} appears ${count} times`);
		else if (count === 0 && seq <= confirmed) problems.push(`${what}: confirmed ${token} is missing`);
	}
	return problems;
}
