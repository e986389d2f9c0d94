import type { Kysely } from 'kysely';
import * as scoring from '../board/scoring.ts';
import * as boardSensitivity from '../board/sensitivity.ts';
import * as boardSpread from '../board/spread.ts';
import type { BoardView } from '../board/read.ts';
import type { Schema } from './db/schema.ts';
import * as interests from './interests.ts';
import { escapeMarkdown as esc } from './export/markdown.ts';
import * as rounds from './rounds.ts';

/**
 * What the minutes pack (and a snapshot's page) records of scoring together, as it stood when the snapshot
 * was taken: the register of interests, the spread each agreed score came from (revealed rounds only), and
 * how far the weights can move before the order changes. Plain data, so the page and the Markdown agree.
 */

export interface RegisterEntry {
	member: string;
	subject: string;
	text: string;
	declaredAt: number;
	outcome: string;
	withdrawn: boolean;
	/** Each change, attributed: "Declared by X", "Chair Y recorded ...". */
	history: { at: number; by: string; what: string }[];
}

export interface AgreedSpread {
	round: string;
	model: string;
	criterion: string;
	agreed: number;
	rationale: string;
	count: number;
	min: number | null;
	median: string | null;
	max: number | null;
	disagreement: boolean;
	excluded: number;
}

export interface SensitivityRow {
	what: string;
	weight: string;
	/** "0.5 to 3", "any weight from 0.5" */
	holds: string;
}

export interface TogetherRecord {
	register: RegisterEntry[];
	agreed: AgreedSpread[];
	sentence: string;
	sensitivity: SensitivityRow[];
}

export async function togetherRecord(
	db: Kysely<Schema>,
	boardId: string,
	view: BoardView,
	asOf: number,
	memberName: (id: string) => string
): Promise<TogetherRecord> {
	const modelName = (id: string) => view.models.rows.find((m) => m.id === id)?.name || 'a removed model';
	const criterionName = (id: string) => view.models.criteria.find((c) => c.id === id)?.name || 'a removed criterion';
	const headingName = (id: string | null) =>
		id === null ? 'Other criteria' : view.models.groups.find((g) => g.id === id)?.name || 'a removed heading';
	const scopeRowName = (id: string) => {
		const first = view.scope.columns[0];
		const value = first ? view.scope.rows.find((r) => r.id === id)?.cells[first.id] : undefined;
		return typeof value === 'string' && value ? value : 'a scope row';
	};

	const entries = await interests.register(db, boardId, asOf);
	const register = entries.map((i) => ({
		member: memberName(i.userId),
		subject:
			i.subjectKind === 'model'
				? `Model: ${modelName(i.subjectId ?? '')}`
				: i.subjectKind === 'scopeRow'
					? `Service: ${scopeRowName(i.subjectId ?? '')}`
					: 'General',
		text: i.text,
		declaredAt: i.declaredAt,
		outcome: i.outcome ? interests.OUTCOME_LABELS[i.outcome] : 'Not yet considered',
		withdrawn: i.withdrawn,
		history: i.history.map((e) => ({
			at: e.at,
			by: memberName(e.byUserId),
			what:
				e.kind === 'declared'
					? 'declared'
					: e.kind === 'withdrawn'
						? 'took the declaration back'
						: `recorded: ${e.outcome ? interests.OUTCOME_LABELS[e.outcome] : ''}${e.note ? ` (${e.note})` : ''}`
		}))
	}));
	const bars = interests.barredModels(entries);

	const agreed: AgreedSpread[] = [];
	for (const round of await rounds.list(db, boardId)) {
		if (round.revealedAt === null || round.revealedAt > asOf) continue;
		const all = await db.selectFrom('round_scores').selectAll().where('round_id', '=', round.id).execute();
		const consensus = await db
			.selectFrom('round_consensus')
			.selectAll()
			.where('round_id', '=', round.id)
			.where('agreed_at', '<=', asOf)
			.execute();
		for (const c of consensus) {
			const scores = all
				.filter((s) => s.model_id === c.model_id && s.criterion_id === c.criterion_id)
				.map((s) => ({ score: s.score, excluded: bars.get(s.user_id)?.has(s.model_id) ?? false }));
			const { spread, counted, excluded } = boardSpread.countedSpread(scores, view.scale);
			agreed.push({
				round: round.title,
				model: modelName(c.model_id),
				criterion: criterionName(c.criterion_id),
				agreed: c.score,
				rationale: c.rationale,
				count: counted,
				min: spread?.min ?? null,
				median: spread ? scoring.formatScore(spread.median) : null,
				max: spread?.max ?? null,
				disagreement: spread?.disagreement ?? false,
				excluded
			});
		}
	}

	const shortlist = view.models.rows.filter((m) => m.status === 'shortlisted' || m.status === 'preferred').map((m) => m.id);
	const analysis = boardSensitivity.analyseSensitivity({ ...view.models, scale: view.scale }, { shortlist });
	const sentence = boardSensitivity.leaderSentence(analysis, { model: modelName, criterion: criterionName, heading: headingName });
	const sensitivity = [...analysis.criteria, ...analysis.headings].map((e) => ({
		what: e.kind === 'criterion' ? criterionName(e.id ?? '') : `Heading: ${headingName(e.id)}`,
		weight: boardSensitivity.formatWeight(e.weight),
		holds: rangeText(e.top.lower, e.top.upper)
	}));
	return { register, agreed, sentence, sensitivity };
}

export function rangeText(lower: { n: bigint; d: bigint }, upper: { n: bigint; d: bigint } | null): string {
	const from = lower.n === 0n ? null : boardSensitivity.formatWeight(lower);
	const to = upper === null ? null : boardSensitivity.formatWeight(upper);
	if (from === null && to === null) return 'any weight';
	if (from === null) return `up to ${to}`;
	if (to === null) return `from ${from} upwards`;
	return `${from} to ${to}`;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The same record as Markdown, appended to the minutes pack download. */
export function togetherMarkdown(record: TogetherRecord): string {
	const lines = ['## Declared interests\n'];
	if (record.register.length === 0) lines.push('_No interests declared._\n');
	else {
		lines.push('| Member | Interest in | Declaration | Declared | Outcome | Changes |', '| --- | --- | --- | --- | --- | --- |');
		for (const r of record.register)
			lines.push(
				`| ${esc(r.member)} | ${esc(r.subject)} | ${esc(r.text)} | ${day(r.declaredAt)} | ${esc(r.withdrawn ? `${r.outcome} (withdrawn)` : r.outcome)} | ${esc(r.history.map((h) => `${day(h.at)} ${h.by} ${h.what}`).join('; '))} |`
			);
		lines.push('');
	}
	lines.push('## Agreed scores and the spreads they came from\n');
	if (record.agreed.length === 0) lines.push('_No scores agreed from an independent round._\n');
	else {
		lines.push(
			'| Model | Criterion | Agreed | Scores | Min | Median | Max | Wide spread | Rationale |',
			'| --- | --- | --- | --- | --- | --- | --- | --- | --- |'
		);
		for (const a of record.agreed)
			lines.push(
				`| ${esc(a.model)} | ${esc(a.criterion)} | ${a.agreed} | ${a.count}${a.excluded ? ` (+${a.excluded} excluded: interest)` : ''} | ${a.min ?? '–'} | ${a.median ?? '–'} | ${a.max ?? '–'} | ${a.disagreement ? 'yes' : 'no'} | ${esc(a.rationale)} |`
			);
		lines.push('');
	}
	lines.push('## How far the weights can move\n', `${esc(record.sentence)}\n`);
	if (record.sensitivity.length) {
		lines.push('| Weight of | Now | Order of the top three holds for |', '| --- | --- | --- |');
		for (const s of record.sensitivity) lines.push(`| ${esc(s.what)} | ${esc(s.weight)} | ${esc(s.holds)} |`);
		lines.push('');
	}
	return lines.join('\n');
}
