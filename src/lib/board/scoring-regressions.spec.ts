import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard } from './init.ts';
import { boardFromJson, boardToJson } from './json.ts';
import { migrate } from './migrations.ts';
import { LEGACY_REASON } from './migration-status-reasons.ts';
import {
	addCriterion,
	addModel,
	setBenchmark,
	setKnockout,
	setModelStatus,
	setScale,
	setScore,
	setWeight
} from './models.ts';
import { readBoard } from './read.ts';
import { CURRENT_SCHEMA_VERSION, roots } from './schema.ts';
import { formatDifference, formatPercent, formatScore, scoreModels, standingText } from './scoring.ts';
import { validateBoard } from './validate.ts';

/** One test per way the appraisal could once mislead a cabinet paper. */

function board() {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Appraisal' });
	const quality = addCriterion(doc, { name: 'Quality', weight: 1 });
	const cost = addCriterion(doc, { name: 'Cost', weight: 1 });
	const vat = addCriterion(doc, { name: 'VAT recoverable in time', weight: 0, knockout: true, threshold: 1 });
	const score = () => {
		const view = readBoard(doc);
		return { view, result: scoreModels({ ...view.models, scale: view.scale }) };
	};
	return { doc, quality, cost, vat, score };
}

function byName(doc: Y.Doc, result: ReturnType<typeof scoreModels>, name: string) {
	const id = readBoard(doc).models.rows.find((r) => r.name === name)!.id;
	return result.models.find((m) => m.modelId === id)!;
}

describe('incomplete models', () => {
	it('gives a model scored on some criteria no plain rank, and leaves the complete models ranked as before', () => {
		const { doc, quality, cost, vat, score } = board();
		const a = addModel(doc, { name: 'Complete A' });
		const b = addModel(doc, { name: 'Complete B' });
		for (const [m, q, c] of [[a, 3, 3], [b, 2, 2]] as const) {
			setScore(doc, m, quality, q);
			setScore(doc, m, cost, c);
			setScore(doc, m, vat, 5);
		}
		const before = score().result;
		const partial = addModel(doc, { name: 'Half scored' });
		setScore(doc, partial, quality, 5);
		setScore(doc, partial, cost, 5);
		const { result } = score();
		const half = byName(doc, result, 'Half scored');
		expect(half.rank).toBeNull();
		expect(standingText(half)).toBe('Not ranked: 2 of 3 scored');
		expect(byName(doc, result, 'Complete A').rank).toBe(byName(doc, before, 'Complete A').rank);
		expect(byName(doc, result, 'Complete B').rank).toBe(2);
		expect(result.ranking.at(-1)).toBe(partial);
	});
});

describe('gates', () => {
	it('accepts weight 0 on a knock-out: it fails a model and adds nothing to any total or maximum', () => {
		const { doc, quality, cost, vat, score } = board();
		const m = addModel(doc, { name: 'Mutual' });
		setScore(doc, m, quality, 4);
		setScore(doc, m, cost, 4);
		setScore(doc, m, vat, 5);
		const passing = score().result;
		expect(formatScore(passing.models[0]!.total)).toBe('8');
		expect(formatScore(passing.maxTotal)).toBe('10');
		expect(passing.weights.find((w) => w.criterionId === vat)).toMatchObject({ gate: true, display: '0.0' });
		setScore(doc, m, vat, 0);
		const failing = score().result;
		expect(formatScore(failing.models[0]!.total)).toBe('8');
		expect(failing.models[0]!.knockedOut).toBe(true);
		setWeight(doc, vat, 0);
		expect(validateBoard(doc)).toEqual([]);
	});

	it('imports a weight-0 knock-out from a version-1 board file as a gate', () => {
		const { doc, quality, cost, vat } = board();
		const m = addModel(doc, { name: 'Mutual' });
		setScore(doc, m, quality, 4);
		setScore(doc, m, cost, 4);
		setScore(doc, m, vat, 0);
		const file = boardToJson(doc) as unknown as { version: number; board: Record<string, unknown> & { models: Record<string, unknown> & { rows: Record<string, unknown>[] } } };
		// As trustboard wrote it before format version 2.
		file.version = 1;
		file.board.schemaVersion = 1;
		delete file.board.models.benchmarkId;
		delete file.board.models.note;
		for (const row of file.board.models.rows) {
			delete row.statusReason;
			delete row.knockoutOverride;
			row.discountReason = '';
		}
		for (const c of (file.board.models as unknown as { criteria: Record<string, unknown>[] }).criteria) delete c.weightPlaceholder;
		const imported = boardFromJson(file);
		const view = readBoard(imported);
		expect(view.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
		const gate = view.models.criteria.find((c) => c.id === vat)!;
		expect([gate.weight, gate.knockout]).toEqual([0, true]);
		const result = scoreModels({ ...view.models, scale: view.scale });
		expect(formatScore(result.models[0]!.total)).toBe('8');
		expect(result.models[0]!.status).toBe('discounted');
	});
});

describe('thresholds follow the scale', () => {
	it('re-expresses a knock-out pass mark when the scale changes, so a failing model still fails', () => {
		const { doc, quality, cost, vat, score } = board();
		const m = addModel(doc, { name: 'Shared service' });
		setScore(doc, m, quality, 5);
		setScore(doc, m, cost, 5);
		setScore(doc, m, vat, 0);
		setScale(doc, { min: 0, max: 10 });
		const { view, result } = score();
		expect(view.models.criteria.find((c) => c.id === vat)!.threshold).toBe(2);
		expect(result.models[0]!.knockedOut).toBe(true);
		setScale(doc, { min: 0, max: 100 });
		expect(score().view.models.criteria.find((c) => c.id === vat)!.threshold).toBe(20);
		expect(score().result.models[0]!.knockedOut).toBe(true);
	});

	it('refuses a knock-out that could never fail, and flags one that arrives that way', () => {
		const { doc, vat, score } = board();
		expect(() => setKnockout(doc, vat, true, 0)).toThrow(/could never fail/);
		expect(() => setKnockout(doc, vat, true, 6)).toThrow(/could never fail|from 1 to 5/);
		(roots(doc).criteria.get(vat) as Y.Map<unknown>).set('threshold', 0);
		expect(score().result.inertKnockouts).toEqual([vat]);
	});

	it('reads all-minimum scores as 0 % and all-top as 100 % on any scale', () => {
		const { doc, quality, cost, vat, score } = board();
		setScale(doc, { min: 1, max: 5 });
		const low = addModel(doc, { name: 'Low' });
		const high = addModel(doc, { name: 'High' });
		for (const c of [quality, cost]) {
			setScore(doc, low, c, 1);
			setScore(doc, high, c, 5);
		}
		setScore(doc, low, vat, 5);
		setScore(doc, high, vat, 5);
		const { result } = score();
		expect(result.models.map((m) => formatPercent(m.percent))).toEqual(['0.0%', '100.0%']);
	});
});

describe('knocked out means discounted', () => {
	it('reads a knocked-out model as discounted with a reason naming the criterion, and needs an override to keep it', () => {
		const { doc, quality, cost, vat, score } = board();
		const m = addModel(doc, { name: 'Outsourcing' });
		setScore(doc, m, quality, 5);
		setScore(doc, m, cost, 5);
		setScore(doc, m, vat, 0);
		let result = score().result.models[0]!;
		expect(result.status).toBe('discounted');
		expect(result.autoReason).toContain('VAT recoverable in time');
		expect(result.rank).toBeNull();
		expect(() => setModelStatus(doc, m, 'shortlisted', { reason: 'Strong on quality' })).toThrow(/override/);
		expect(() => setModelStatus(doc, m, 'preferred', { reason: 'Strong on quality' })).toThrow(/override/);
		setModelStatus(doc, m, 'shortlisted', { reason: 'VAT ruling expected before April', override: true });
		result = score().result.models[0]!;
		expect(result.status).toBe('shortlisted');
		expect(result.autoReason).toBeNull();
		expect(result.knockedOut).toBe(true);
		expect(result.rank).toBeNull();
		expect(readBoard(doc).models.rows[0]!.knockoutOverride).toBe(true);
	});
});

describe('benchmark', () => {
	it('shows every model against the business-as-usual benchmark, which moves onto the short list', () => {
		const { doc, quality, cost, vat, score } = board();
		const bau = addModel(doc, { name: 'In-house (business as usual)' });
		const other = addModel(doc, { name: 'Company' });
		for (const [m, s] of [[bau, 2], [other, 4]] as const) {
			setScore(doc, m, quality, s);
			setScore(doc, m, cost, s);
			setScore(doc, m, vat, 5);
		}
		setBenchmark(doc, bau);
		const { view, result } = score();
		expect(view.models.benchmarkId).toBe(bau);
		expect(view.models.rows.find((r) => r.id === bau)!.status).toBe('shortlisted');
		expect(result.models.find((m) => m.modelId === bau)!).toMatchObject({ benchmark: true, vsBenchmark: null });
		expect(formatDifference(result.models.find((m) => m.modelId === other)!.vsBenchmark)).toBe('+4');
		// It stays on the short list unless discounted with a reason.
		expect(() => setModelStatus(doc, bau, 'longList', { reason: 'Tidying up' })).toThrow(/short list/);
		setModelStatus(doc, bau, 'discounted', { reason: 'Cannot meet the strategic objectives' });
		expect(readBoard(doc).models.rows.find((r) => r.id === bau)!.status).toBe('discounted');
	});
});

describe('schema 1 boards', () => {
	it('migrate: the discount reason becomes the status reason, kept knock-out failures become overrides, template weights placeholders', () => {
		const doc = new Y.Doc();
		const { meta, criteria, models } = roots(doc);
		doc.transact(() => {
			meta.set('schemaVersion', 1);
			meta.set('title', new Y.Text('Old'));
			meta.set('description', new Y.Text(''));
			meta.set('scale', { min: 0, max: 5 });
			const vat = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ name: 'VAT', order: 'V', weight: 1, knockout: true, threshold: 1 })) vat.set(k, v);
			criteria.set('crit-vat', vat);
			const model = (status: string, extra: Record<string, unknown>, score: number) => {
				const m = new Y.Map<unknown>();
				for (const [k, v] of Object.entries({ order: 'V', name: status, status, ...extra })) m.set(k, v);
				m.set('description', new Y.Text(''));
				const scores = new Y.Map<unknown>();
				scores.set('crit-vat', score);
				m.set('scores', scores);
				m.set('rationales', new Y.Map());
				m.set('evidence', new Y.Map());
				return m;
			};
			models.set('m1', model('discounted', { discountReason: 'Too slow' }, 3));
			models.set('m2', model('shortlisted', {}, 0));
		});
		migrate(doc);
		expect(validateBoard(doc)).toEqual([]);
		const view = readBoard(doc);
		expect(view.models.rows.map((r) => [r.statusReason, r.knockoutOverride])).toEqual([
			['Too slow', false],
			[LEGACY_REASON, true]
		]);
		expect(view.models.criteria[0]!.weightPlaceholder).toBe(true);
		const result = scoreModels({ ...view.models, scale: view.scale });
		expect(result.models[1]!.status).toBe('shortlisted');
	});
});
