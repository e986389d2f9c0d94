import { error, json } from '@sveltejs/kit';
import * as Y from 'yjs';
import * as read from '../board/read.ts';
import * as scores from '../board/scores.ts';
import type { BoardView } from '../board/read.ts';
import { can } from '../roles.ts';
import type { Role } from './db/schema.ts';
import * as boardSettings from './board-settings.ts';
import type { AppContext } from './context.ts';
import * as interests from './interests.ts';
import * as roundEvents from './round-events.ts';
import * as rounds from './rounds.ts';

/**
 * The JSON endpoints of scoring rounds and the register of interests (see docs/scoring-together.md). Every
 * input is validated here; every refusal is a 4xx with a message, and what a member may not see never
 * leaves this module: other members' private scores go out only through `rounds.view` after a reveal.
 */

export interface Caller {
	userId: string;
	/** Shown in the live event that tells the board what this member did. */
	name: string;
	role: Role;
	boardId: string;
	archived: boolean;
}

async function body(request: Request): Promise<Record<string, unknown>> {
	let parsed: unknown;
	try {
		parsed = await request.json();
	} catch {
		error(400, 'Send a JSON object.');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) error(400, 'Send a JSON object.');
	return parsed as Record<string, unknown>;
}

function text(value: unknown, max: number, what: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') error(400, `${what} must be text.`);
	const cleaned = value.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' ? c : ' ')).trim();
	if (cleaned.length > max) error(400, `${what} must be at most ${max} characters.`);
	return cleaned;
}

function id(value: unknown, what: string): string {
	if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) error(400, `${what} is missing or malformed.`);
	return value;
}

function requireWriter(caller: Caller, action: 'edit' | 'manageMembers'): void {
	if (caller.archived) error(403, 'This board is archived and read-only.');
	if (!can(caller.role, action)) error(403, 'Your role on this board does not allow that.');
}

async function boardView(context: AppContext, boardId: string): Promise<BoardView> {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, await context.collab.state(boardId));
		return read.readBoard(doc);
	} finally {
		doc.destroy();
	}
}

/** The cells a scope names, on the board as it is now. */
export function cellsOf(view: BoardView, scope: { kind: string; id: string | null }): rounds.Cell[] | null {
	const { criteria, rows, groups } = view.models;
	let picked = criteria;
	let models = rows;
	if (scope.kind === 'criterion') picked = criteria.filter((c) => c.id === scope.id);
	else if (scope.kind === 'heading') {
		if (!groups.some((g) => g.id === scope.id)) return null;
		picked = criteria.filter((c) => c.groupId === scope.id);
	} else if (scope.kind === 'model') models = rows.filter((m) => m.id === scope.id);
	else if (scope.kind !== 'grid') return null;
	if (picked.length === 0 || models.length === 0) return null;
	return models.flatMap((m) => picked.map((c) => ({ modelId: m.id, criterionId: c.id })));
}

async function barred(context: AppContext, boardId: string) {
	return interests.barredModels(await interests.register(context.database.db, boardId));
}

export async function listRounds(context: AppContext, caller: Caller): Promise<Response> {
	const db = context.database.db;
	const bars = await barred(context, caller.boardId);
	const views = [];
	for (const round of await rounds.list(db, caller.boardId)) views.push(await rounds.view(db, round, caller.userId, bars));
	const { anonymousReveal } = await boardSettings.get(db, caller.boardId);
	return json({ rounds: views, barredModels: [...(bars.get(caller.userId) ?? [])], anonymousReveal });
}

export async function openRound(context: AppContext, caller: Caller, request: Request): Promise<Response> {
	requireWriter(caller, 'manageMembers');
	const input = await body(request);
	const scope = input.scope as { kind?: unknown; id?: unknown } | undefined;
	if (typeof scope !== 'object' || scope === null || typeof scope.kind !== 'string') error(400, 'Say which cells: scope.kind.');
	const scopeId = scope.kind === 'grid' ? null : id(scope.id, 'scope.id');
	const view = await boardView(context, caller.boardId);
	const cells = cellsOf(view, { kind: scope.kind, id: scopeId });
	if (!cells) error(400, 'That scope names no cells on this board.');
	if (cells.length > rounds.CELLS_MAX) error(400, `A round can hold at most ${rounds.CELLS_MAX} cells.`);
	let deadlineAt: number | null = null;
	if (input.deadline !== undefined && input.deadline !== null && input.deadline !== '') {
		deadlineAt = typeof input.deadline === 'string' ? Date.parse(input.deadline) : NaN;
		if (!Number.isFinite(deadlineAt) || deadlineAt <= Date.now()) error(400, 'The deadline must be a time in the future.');
	}
	const title = text(input.title, rounds.TITLE_MAX, 'The title') || defaultTitle(view, scope.kind, scopeId);
	const round = await rounds.open(context.database.db, {
		boardId: caller.boardId,
		title,
		cells,
		// Provisional: the board's setting at the moment of the reveal is the one that counts.
		anonymous: (await boardSettings.get(context.database.db, caller.boardId)).anonymousReveal,
		deadlineAt,
		openedBy: caller.userId
	});
	const opened = await rounds.view(context.database.db, round, caller.userId, new Map());
	await roundEvents.announce(
		caller.boardId,
		by(caller),
		'round-opened',
		`${caller.name} opened a scoring round: “${round.title}”.`,
		opened
	);
	return json({ round: opened }, { status: 201 });
}

const by = (caller: Caller): roundEvents.Actor => ({ id: caller.userId, name: caller.name });

function defaultTitle(view: BoardView, kind: string, scopeId: string | null): string {
	const name =
		kind === 'criterion'
			? view.models.criteria.find((c) => c.id === scopeId)?.name
			: kind === 'heading'
				? view.models.groups.find((g) => g.id === scopeId)?.name
				: kind === 'model'
					? view.models.rows.find((m) => m.id === scopeId)?.name
					: 'the whole grid';
	return `Scoring ${name || kind}`.slice(0, rounds.TITLE_MAX);
}

export async function actOnRound(context: AppContext, caller: Caller, roundId: string, request: Request): Promise<Response> {
	const db = context.database.db;
	const round = await rounds.get(db, caller.boardId, roundId);
	if (!round) error(404, 'Not found');
	const input = await body(request);
	const status = rounds.statusOf(round);
	// What to tell the board once the change is stored: who did what, never a score.
	let event: { kind: roundEvents.RoundEventKind; text: string } | null = null;
	const named = `“${round.title}”`;
	switch (input.action) {
		case 'score': {
			requireWriter(caller, 'edit');
			if (status !== 'open') error(409, 'This round is closed: scores can no longer change.');
			const cell = { modelId: id(input.modelId, 'modelId'), criterionId: id(input.criterionId, 'criterionId') };
			if (!rounds.hasCell(round, cell)) error(400, 'That cell is not part of this round.');
			if ((await barred(context, caller.boardId)).get(caller.userId)?.has(cell.modelId))
				error(403, 'Your declared interest means you may not score this model.');
			const score = input.score === null ? null : await checkScore(context, caller.boardId, input.score);
			const startedBefore = await rounds.hasStarted(db, roundId, caller.userId);
			await rounds.setScore(db, {
				roundId,
				userId: caller.userId,
				...cell,
				score,
				rationale: text(input.rationale, rounds.RATIONALE_MAX, 'The rationale')
			});
			// Only a change in who has started is news; each further score is not announced.
			const startedAfter = await rounds.hasStarted(db, roundId, caller.userId);
			if (startedAfter !== startedBefore)
				event = {
					kind: 'round-started',
					text: startedAfter ? `${caller.name} started scoring ${named}.` : `${caller.name} cleared their scores in ${named}.`
				};
			break;
		}
		case 'finish':
			requireWriter(caller, 'edit');
			if (status !== 'open') error(409, 'This round is closed.');
			await rounds.setFinished(db, roundId, caller.userId, input.finished !== false);
			event = {
				kind: 'round-finished',
				text:
					input.finished !== false
						? `${caller.name} has finished scoring ${named}.`
						: `${caller.name} is not finished with ${named} after all.`
			};
			break;
		case 'close':
			requireWriter(caller, 'manageMembers');
			if (status === 'revealed') error(409, 'This round is already revealed.');
			await rounds.close(db, roundId);
			event = { kind: 'round-closed', text: `${caller.name} closed the scoring round ${named}.` };
			break;
		case 'reveal': {
			requireWriter(caller, 'manageMembers');
			if (status === 'revealed') error(409, 'This round is already revealed.');
			const { anonymousReveal } = await boardSettings.get(db, caller.boardId);
			await rounds.reveal(db, roundId, anonymousReveal);
			event = {
				kind: 'round-revealed',
				text: `${caller.name} revealed the scores of ${named}${anonymousReveal ? ', without names' : ''}.`
			};
			break;
		}
		case 'agree': {
			requireWriter(caller, 'edit');
			if (status !== 'revealed') error(409, 'Reveal the round before agreeing scores.');
			const cell = { modelId: id(input.modelId, 'modelId'), criterionId: id(input.criterionId, 'criterionId') };
			if (!rounds.hasCell(round, cell)) error(400, 'That cell is not part of this round.');
			const score = await checkScore(context, caller.boardId, input.score);
			const rationale = text(input.rationale, rounds.RATIONALE_MAX, 'The rationale');
			if (!rationale) error(400, 'Say why the board agreed this score.');
			// The agreed score becomes the shared one, through the live board so every member sees it at once.
			await context.collab.change(caller.boardId, caller.userId, (doc) => {
				doc.transact(() => {
					scores.setScore(doc, cell.modelId, cell.criterionId, score);
					scores.setRationale(doc, cell.modelId, cell.criterionId, rationale);
				});
			});
			await rounds.agree(db, { roundId, ...cell, score, rationale, agreedBy: caller.userId });
			event = { kind: 'round-agreed', text: `${caller.name} entered an agreed score from ${named}.` };
			break;
		}
		default:
			error(400, 'Unknown action: use score, finish, close, reveal or agree.');
	}
	const fresh = await rounds.get(db, caller.boardId, roundId);
	const view = fresh && (await rounds.view(db, fresh, caller.userId, await barred(context, caller.boardId)));
	if (event && view) await roundEvents.announce(caller.boardId, by(caller), event.kind, event.text, view);
	return json({ round: view });
}

async function checkScore(context: AppContext, boardId: string, value: unknown): Promise<number> {
	const { scale } = await boardView(context, boardId);
	if (typeof value !== 'number' || !Number.isInteger(value) || value < scale.min || value > scale.max)
		error(400, `A score is a whole number from ${scale.min} to ${scale.max}.`);
	return value;
}

export async function listInterests(context: AppContext, caller: Caller): Promise<Response> {
	return json({ interests: await interests.register(context.database.db, caller.boardId) });
}

export async function changeInterests(context: AppContext, caller: Caller, request: Request): Promise<Response> {
	if (caller.archived) error(403, 'This board is archived and read-only.');
	const db = context.database.db;
	const input = await body(request);
	if (input.action === 'declare') {
		// Any member, observers included, may declare their own interest.
		const kind = input.subjectKind;
		if (!interests.SUBJECT_KINDS.includes(kind as interests.SubjectKind)) error(400, 'subjectKind must be model, scopeRow or general.');
		const subjectId = kind === 'general' ? null : id(input.subjectId, 'subjectId');
		const declared = text(input.text, interests.TEXT_MAX, 'The declaration');
		if (!declared) error(400, 'Say what the interest is.');
		if (subjectId !== null) {
			const view = await boardView(context, caller.boardId);
			const known = kind === 'model' ? view.models.rows.some((m) => m.id === subjectId) : view.scope.rows.some((r) => r.id === subjectId);
			if (!known) error(400, 'That model or scope row is not on this board.');
		}
		const interestId = await interests.declare(db, {
			boardId: caller.boardId,
			userId: caller.userId,
			subjectKind: kind as interests.SubjectKind,
			subjectId,
			text: declared
		});
		await roundEvents.announce(caller.boardId, by(caller), 'interests-changed', `${caller.name} declared an interest.`);
		return json({ interest: await interests.get(db, caller.boardId, interestId) }, { status: 201 });
	}
	const interestId = id(input.interestId, 'interestId');
	const existing = await interests.get(db, caller.boardId, interestId);
	if (!existing) error(404, 'Not found');
	if (input.action === 'outcome') {
		if (!can(caller.role, 'manageMembers')) error(403, 'Only the chair records what follows from an interest.');
		if (!interests.OUTCOMES.includes(input.outcome as interests.Outcome)) error(400, 'outcome must be maySpeak, mayNotScore or withdraws.');
		await interests.record(db, {
			boardId: caller.boardId,
			interestId,
			byUserId: caller.userId,
			kind: 'outcome',
			outcome: input.outcome as interests.Outcome,
			note: text(input.note, interests.TEXT_MAX, 'The note')
		});
	} else if (input.action === 'withdraw') {
		if (existing.userId !== caller.userId && !can(caller.role, 'manageMembers'))
			error(403, 'Only the member who declared it, or the chair, can take a declaration back.');
		await interests.record(db, {
			boardId: caller.boardId,
			interestId,
			byUserId: caller.userId,
			kind: 'withdrawn',
			outcome: null,
			note: text(input.note, interests.TEXT_MAX, 'The note')
		});
	} else error(400, 'Unknown action: use declare, outcome or withdraw.');
	const what = input.action === 'outcome' ? 'recorded what follows from an interest' : 'took back a declaration of interest';
	await roundEvents.announce(caller.boardId, by(caller), 'interests-changed', `${caller.name} ${what}.`);
	return json({ interest: await interests.get(db, caller.boardId, interestId) });
}
