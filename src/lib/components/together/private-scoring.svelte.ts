import { getContext, setContext } from 'svelte';
import type { Scale } from '$lib/board/criteria';
import type { PasteSkip } from '$lib/board/paste';
import type { RoundView } from '$lib/server/rounds';
import type { TogetherClient } from './together-client.svelte';

/** What one score cell of the model grid is while I enter private scores. */
export type PrivateCell =
	| { kind: 'mine'; score: number | null; rationale: string }
	/** Not one of the round's cells: the board's shared score shows, dimmed. */
	| { kind: 'outside' }
	/** A declared interest bars me from scoring this model. */
	| { kind: 'barred' };

const key = (modelId: string, criterionId: string) => `${modelId}:${criterionId}`;

/**
 * "Your private score" mode of the model grid. While it is on, the cells of an open round show and edit my
 * private score instead of the board's shared one. Private scores go only to the rounds endpoint (through
 * the client), never into the board document, so nobody else can see them until the chair reveals.
 */
export class PrivateScoring {
	readonly client: TogetherClient;
	/** I asked to see and enter my private scores in the grid. */
	on = $state(false);
	#roundId = $state<string | null>(null);
	/** What I entered and the server has not yet answered, so the grid shows it at once. */
	#pending = $state<Record<string, { score: number | null; rationale: string }>>({});
	readonly #may: () => { meId: string; canScore: boolean };

	constructor(client: TogetherClient, may: () => { meId: string; canScore: boolean }) {
		this.client = client;
		this.#may = may;
	}

	get canScore(): boolean {
		return this.#may().canScore;
	}

	/** Open rounds I may score, newest first. */
	get openRounds(): RoundView[] {
		return this.canScore ? this.client.rounds.filter((r) => r.status === 'open') : [];
	}

	/** The round the grid is scoring: the one I chose while it stays open, else the newest open one. */
	get round(): RoundView | null {
		const open = this.openRounds;
		return open.find((r) => r.id === this.#roundId) ?? open[0] ?? null;
	}

	/** The grid shows private scores: asked for, and a round is open that I may score. */
	get active(): boolean {
		return this.on && this.round !== null;
	}

	start(roundId?: string): void {
		if (roundId) this.#roundId = roundId;
		this.on = true;
	}

	stop(): void {
		this.on = false;
	}

	choose(roundId: string): void {
		this.#roundId = roundId;
	}

	get barred(): ReadonlySet<string> {
		return new Set(this.client.barredModels);
	}

	cell(modelId: string, criterionId: string): PrivateCell {
		const round = this.round;
		if (!round || !round.cells.some((c) => c.modelId === modelId && c.criterionId === criterionId)) return { kind: 'outside' };
		if (this.barred.has(modelId)) return { kind: 'barred' };
		const pending = this.#pending[key(modelId, criterionId)];
		if (pending) return { kind: 'mine', ...pending };
		const mine = round.mine.find((s) => s.modelId === modelId && s.criterionId === criterionId);
		return { kind: 'mine', score: mine?.score ?? null, rationale: mine?.rationale ?? '' };
	}

	/** My private score on a cell, or null (none yet, or not a cell I may score). */
	scoreOf(modelId: string, criterionId: string): number | null {
		const now = this.cell(modelId, criterionId);
		return now.kind === 'mine' ? now.score : null;
	}

	/** How many of the cells I may score have a score from me. */
	get progress(): { scored: number; total: number } {
		const round = this.round;
		if (!round) return { scored: 0, total: 0 };
		const mine = round.cells.filter((c) => !this.barred.has(c.modelId));
		return { scored: mine.filter((c) => this.scoreOf(c.modelId, c.criterionId) !== null).length, total: mine.length };
	}

	get finished(): boolean {
		return this.round?.finished.includes(this.#may().meId) ?? false;
	}

	setFinished(finished: boolean): Promise<boolean> {
		const round = this.round;
		return round ? this.client.send(`rounds/${round.id}`, { action: 'finish', finished }) : Promise.resolve(false);
	}

	/** Sends my score (null clears it) keeping my rationale, or my rationale keeping my score. */
	async #save(modelId: string, criterionId: string, change: { score?: number | null; rationale?: string }): Promise<boolean> {
		const round = this.round;
		const now = this.cell(modelId, criterionId);
		if (!round || now.kind !== 'mine') return false;
		const next = { score: change.score === undefined ? now.score : change.score, rationale: change.rationale ?? now.rationale };
		const k = key(modelId, criterionId);
		this.#pending = { ...this.#pending, [k]: next };
		const ok = await this.client.send(`rounds/${round.id}`, { action: 'score', modelId, criterionId, ...next });
		// The answer carries the round as stored (or the refusal); either way the grid shows the server's word.
		if (this.#pending[k] === next) {
			const { [k]: _, ...rest } = this.#pending;
			this.#pending = rest;
		}
		return ok;
	}

	score(modelId: string, criterionId: string, score: number | null): Promise<boolean> {
		return this.#save(modelId, criterionId, { score });
	}

	explain(modelId: string, criterionId: string, rationale: string): Promise<boolean> {
		if (this.cell(modelId, criterionId).kind !== 'mine') return Promise.resolve(false);
		return this.#save(modelId, criterionId, { rationale });
	}

	/** A typed private score: blank clears it; anything but a whole number on the scale is refused with the reason. */
	commitText(modelId: string, criterionId: string, text: string, scale: Scale): string | null {
		const value = parseScore(text, scale);
		if (typeof value === 'string') return value;
		const now = this.cell(modelId, criterionId);
		if (now.kind === 'mine' && now.score !== value) void this.score(modelId, criterionId, value);
		return null;
	}

	/** Delete on a selection: clears my private scores in it. */
	clear(cells: readonly { rowId: string; colId: string }[]): void {
		for (const c of cells) {
			const now = this.cell(c.rowId, c.colId);
			if (now.kind === 'mine' && now.score !== null) void this.score(c.rowId, c.colId, null);
		}
	}

	/** A block pasted from a spreadsheet, written as my private scores; cells I may not score are skipped with why. */
	paste(
		anchor: { rowId: string; colId: string },
		block: string[][],
		shown: { rowIds: string[]; columnIds: string[] },
		scale: Scale
	): { written: number; skipped: PasteSkip[] } {
		const top = shown.rowIds.indexOf(anchor.rowId);
		const left = shown.columnIds.indexOf(anchor.colId);
		const skipped: PasteSkip[] = [];
		let written = 0;
		block.forEach((line, row) =>
			line.forEach((text, column) => {
				const rowId = shown.rowIds[top + row];
				const colId = shown.columnIds[left + column];
				const skip = (reason: string) => skipped.push({ row, column, reason });
				if (rowId === undefined || colId === undefined) return skip('outside the grid');
				const now = this.cell(rowId, colId);
				if (now.kind === 'outside') return skip('not in this round');
				if (now.kind === 'barred') return skip('your declared interest bars you from this model');
				const value = parseScore(text, scale);
				if (typeof value === 'string') return skip(value);
				if (value !== now.score) void this.score(rowId, colId, value);
				written++;
			})
		);
		return { written, skipped };
	}
}

function parseScore(text: string, scale: Scale): number | null | string {
	const t = text.trim();
	if (t === '') return null;
	const n = Number(t);
	if (!Number.isInteger(n) || n < scale.min || n > scale.max) return `Score a whole number from ${scale.min} to ${scale.max}.`;
	return n;
}

const CONTEXT = Symbol('private-scoring');

export function setPrivateScoring(scoring: PrivateScoring): PrivateScoring {
	return setContext(CONTEXT, scoring);
}

/** Null where rounds do not apply (a saved version of the board). */
export function getPrivateScoring(): PrivateScoring | null {
	return getContext<PrivateScoring | undefined>(CONTEXT) ?? null;
}
