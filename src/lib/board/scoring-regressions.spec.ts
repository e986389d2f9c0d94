import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as init from './init.ts';
import * as jsonImport from './json-import.ts';
import * as jsonExport from './json-export.ts';
import * as migrations from './migrations.ts';
import * as migrationStatusReasons from './migration-status-reasons.ts';
import * as boardCriteria from './criteria.ts';
import * as boardModels from './models.ts';
import * as boardScores from './scores.ts';
import * as read from './read.ts';
import * as schema from './schema.ts';
import * as scoring from './scoring.ts';
import * as validate from './validate.ts';

/** One test per way the appraisal could once mislead a cabinet paper. */

function board() {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Appraisal' });
	const quality = boardCriteria.add(doc, { name: 'Quality', weight: 1 });
	const cost = boardCriteria.add(doc, { name: 'Cost', weight: 1 });
	const vat = boardCriteria.add(doc, { name: 'VAT recoverable in time', weight: 0, knockout: true, threshold: 1 });
	const score = () => {
		const view = read.readBoard(doc);
		return { view, result: scoring.scoreModels({ ...view.models, scale: view.scale }) };
	};
	return { doc, quality, cost, vat, score };
}

function byName(doc: Y.Doc, result: ReturnType<typeof scoring.scoreModels>, name: string) {
	const id = read.readBoard(doc).models.rows.find((r) => r.name === name)!.id;
	return result.models.find((m) => m.modelId === id)!;
}

describe('incomplete models', () => {
	it('gives a model scored on some criteria no plain rank, and leaves the complete models ranked as before', () => {
		const { doc, quality, cost, vat, score } = board();
		const a = boardModels.add(doc, { name: 'Complete A' });
		const b = boardModels.add(doc, { name: 'Complete B' });
		for (const [m, q, c] of [
			[a, 3, 3],
			[b, 2, 2]
		] as const) {
			boardScores.setScore(doc, m, quality, q);
			boardScores.setScore(doc, m, cost, c);
			boardScores.setScore(doc, m, vat, 5);
		}
		const before = score().result;
		const partial = boardModels.add(doc, { name: 'Half scored' });
		boardScores.setScore(doc, partial, quality, 5);
		boardScores.setScore(doc, partial, cost, 5);
		const { result } = score();
		const half = byName(doc, result, 'Half scored');
		expect(half.rank).toBeNull();
		expect(scoring.standingText(half)).toBe('Not ranked: 2 of 3 scored');
		expect(byName(doc, result, 'Complete A').rank).toBe(byName(doc, before, 'Complete A').rank);
		expect(byName(doc, result, 'Complete B').rank).toBe(2);
		expect(result.ranking.at(-1)).toBe(partial);
	});
});

describe('gates', () => {
	it('accepts weight 0 on a knock-out: it fails a model and adds nothing to any total or maximum', () => {
		const { doc, quality, cost, vat, score } = board();
		const m = boardModels.add(doc, { name: 'Mutual' });
		boardScores.setScore(doc, m, quality, 4);
		boardScores.setScore(doc, m, cost, 4);
		boardScores.setScore(doc, m, vat, 5);
		const passing = score().result;
		expect(scoring.formatScore(passing.models[0]!.total)).toBe('8');
		expect(scoring.formatScore(passing.maxTotal)).toBe('10');
		expect(passing.weights.find((w) => w.criterionId === vat)).toMatchObject({ gate: true, display: '0.0' });
		boardScores.setScore(doc, m, vat, 0);
		const failing = score().result;
		expect(scoring.formatScore(failing.models[0]!.total)).toBe('8');
		expect(failing.models[0]!.knockedOut).toBe(true);
		boardCriteria.setWeight(doc, vat, 0);
		expect(validate.validateBoard(doc)).toEqual([]);
	});

	it('imports a weight-0 knock-out from a version-1 board file as a gate', () => {
		const { doc, quality, cost, vat } = board();
		const m = boardModels.add(doc, { name: 'Mutual' });
		boardScores.setScore(doc, m, quality, 4);
		boardScores.setScore(doc, m, cost, 4);
		boardScores.setScore(doc, m, vat, 0);
		const file = jsonExport.boardToJson(doc) as unknown as {
			version: number;
			board: Record<string, unknown> & { models: Record<string, unknown> & { rows: Record<string, unknown>[] } };
		};
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
		const imported = jsonImport.boardFromJson(file);
		const view = read.readBoard(imported);
		expect(view.schemaVersion).toBe(schema.CURRENT_SCHEMA_VERSION);
		const gate = view.models.criteria.find((c) => c.id === vat)!;
		expect([gate.weight, gate.knockout]).toEqual([0, true]);
		const result = scoring.scoreModels({ ...view.models, scale: view.scale });
		expect(scoring.formatScore(result.models[0]!.total)).toBe('8');
		expect(result.models[0]!.status).toBe('discounted');
	});
});

describe('thresholds follow the scale', () => {
	it('re-expresses a knock-out pass mark when the scale changes, so a failing model still fails', () => {
		const { doc, quality, cost, vat, score } = board();
		const m = boardModels.add(doc, { name: 'Shared service' });
		boardScores.setScore(doc, m, quality, 5);
		boardScores.setScore(doc, m, cost, 5);
		boardScores.setScore(doc, m, vat, 0);
		boardCriteria.setScale(doc, { min: 0, max: 10 });
		const { view, result } = score();
		expect(view.models.criteria.find((c) => c.id === vat)!.threshold).toBe(2);
		expect(result.models[0]!.knockedOut).toBe(true);
		boardCriteria.setScale(doc, { min: 0, max: 100 });
		expect(score().view.models.criteria.find((c) => c.id === vat)!.threshold).toBe(20);
		expect(score().result.models[0]!.knockedOut).toBe(true);
	});

	it('refuses a knock-out that could never fail, and flags one that arrives that way', () => {
		const { doc, vat, score } = board();
		expect(() => boardCriteria.setKnockout(doc, vat, true, 0)).toThrow(/could never fail/);
		expect(() => boardCriteria.setKnockout(doc, vat, true, 6)).toThrow(/could never fail|from 1 to 5/);
		(schema.roots(doc).criteria.get(vat) as Y.Map<unknown>).set('threshold', 0);
		expect(score().result.inertKnockouts).toEqual([vat]);
	});

	it('reads all-minimum scores as 0 % and all-top as 100 % on any scale', () => {
		const { doc, quality, cost, vat, score } = board();
		boardCriteria.setScale(doc, { min: 1, max: 5 });
		const low = boardModels.add(doc, { name: 'Low' });
		const high = boardModels.add(doc, { name: 'High' });
		for (const c of [quality, cost]) {
			boardScores.setScore(doc, low, c, 1);
			boardScores.setScore(doc, high, c, 5);
		}
		boardScores.setScore(doc, low, vat, 5);
		boardScores.setScore(doc, high, vat, 5);
		const { result } = score();
		expect(result.models.map((m) => scoring.formatPercent(m.percent))).toEqual(['0.0%', '100.0%']);
	});
});

describe('knocked out means discounted', () => {
	it('reads a knocked-out model as discounted with a reason naming the criterion, and needs an override to keep it', () => {
		const { doc, quality, cost, vat, score } = board();
		const m = boardModels.add(doc, { name: 'Outsourcing' });
		boardScores.setScore(doc, m, quality, 5);
		boardScores.setScore(doc, m, cost, 5);
		boardScores.setScore(doc, m, vat, 0);
		let result = score().result.models[0]!;
		expect(result.status).toBe('discounted');
		expect(result.autoReason).toContain('VAT recoverable in time');
		expect(result.rank).toBeNull();
		expect(() => boardModels.setStatus(doc, m, 'shortlisted', { reason: 'Strong on quality' })).toThrow(/override/);
		expect(() => boardModels.setStatus(doc, m, 'preferred', { reason: 'Strong on quality' })).toThrow(/override/);
		boardModels.setStatus(doc, m, 'shortlisted', { reason: 'VAT ruling expected before April', override: true });
		result = score().result.models[0]!;
		expect(result.status).toBe('shortlisted');
		expect(result.autoReason).toBeNull();
		expect(result.knockedOut).toBe(true);
		expect(result.rank).toBeNull();
		expect(read.readBoard(doc).models.rows[0]!.knockoutOverride).toBe(true);
	});
});

describe('benchmark', () => {
	it('shows every model against the business-as-usual benchmark, which moves onto the short list', () => {
		const { doc, quality, cost, vat, score } = board();
		const bau = boardModels.add(doc, { name: 'In-house (business as usual)' });
		const other = boardModels.add(doc, { name: 'Company' });
		for (const [m, s] of [
			[bau, 2],
			[other, 4]
		] as const) {
			boardScores.setScore(doc, m, quality, s);
			boardScores.setScore(doc, m, cost, s);
			boardScores.setScore(doc, m, vat, 5);
		}
		boardModels.setBenchmark(doc, bau);
		const { view, result } = score();
		expect(view.models.benchmarkId).toBe(bau);
		expect(view.models.rows.find((r) => r.id === bau)!.status).toBe('shortlisted');
		expect(result.models.find((m) => m.modelId === bau)!).toMatchObject({ benchmark: true, vsBenchmark: null });
		expect(scoring.formatDifference(result.models.find((m) => m.modelId === other)!.vsBenchmark)).toBe('+4');
		// It stays on the short list unless discounted with a reason.
		expect(() => boardModels.setStatus(doc, bau, 'longList', { reason: 'Tidying up' })).toThrow(/short list/);
		boardModels.setStatus(doc, bau, 'discounted', { reason: 'Cannot meet the strategic objectives' });
		expect(read.readBoard(doc).models.rows.find((r) => r.id === bau)!.status).toBe('discounted');
	});
});

describe('schema 1 boards', () => {
	it('migrate: the discount reason becomes the status reason, kept knock-out failures become overrides, template weights placeholders', () => {
		const doc = new Y.Doc();
		const { meta, criteria, models } = schema.roots(doc);
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
		migrations.migrate(doc);
		expect(validate.validateBoard(doc)).toEqual([]);
		const view = read.readBoard(doc);
		expect(view.models.rows.map((r) => [r.statusReason, r.knockoutOverride])).toEqual([
			['Too slow', false],
			[migrationStatusReasons.LEGACY_REASON, true]
		]);
		expect(view.models.criteria[0]!.weightPlaceholder).toBe(true);
		const result = scoring.scoreModels({ ...view.models, scale: view.scale });
		expect(result.models[1]!.status).toBe('shortlisted');
	});
});
