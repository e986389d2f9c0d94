import * as Y from 'yjs';
import * as ids from './ids.ts';
import * as ordered from './ordered.ts';
import * as schema from './schema.ts';
import * as boardCriteria from './criteria.ts';
import * as boardText from './text.ts';
import type { ModelStatus, YMap } from './schema.ts';
/** Writes to the models of the delivery model comparison grid (its rows): names, descriptions, status and the benchmark. */

export interface ModelSpec {
	readonly name: string;
	readonly description?: string;
	readonly illustrative?: boolean;
	readonly id?: string;
}

export function modelMap(doc: Y.Doc, modelId: string): YMap | null {
	return schema.childMap(schema.roots(doc).models, modelId);
}

export function add(doc: Y.Doc, spec: ModelSpec, at?: number): string {
	const name = boardText.checkName(spec.name);
	const description = boardText.checkName(spec.description ?? '', 'description', schema.LIMITS.modelDescription);
	if (spec.id !== undefined && !ids.isId(spec.id)) throw new schema.BoardError('invalidId', `bad model id ${spec.id}`);
	const id = spec.id ?? ids.newId();
	doc.transact(() => {
		const { models, criteria } = schema.roots(doc);
		const sorted = ordered.entries(models);
		const [order] = ordered.keysForInsert(sorted, at ?? sorted.length, 1);
		const m = new Y.Map<unknown>();
		m.set('order', order);
		m.set('name', name);
		m.set('description', boardText.newText(description));
		m.set('status', 'longList');
		if (spec.illustrative) m.set('illustrative', true);
		m.set('scores', new Y.Map<unknown>());
		// Rationales exist from the start for the same reason as long text cells.
		const rationales = new Y.Map<unknown>();
		criteria.forEach((_c, criterionId) => rationales.set(criterionId, boardText.newText()));
		m.set('rationales', rationales);
		m.set('evidence', new Y.Map<unknown>());
		models.set(id, m);
	});
	return id;
}

export function move(doc: Y.Doc, modelId: string, index: number): boolean {
	return doc.transact(() => ordered.moveEntry(ordered.entries(schema.roots(doc).models), modelId, index));
}

export function remove(doc: Y.Doc, modelId: string): void {
	doc.transact(() => schema.roots(doc).models.delete(modelId));
}

export function setName(doc: Y.Doc, modelId: string, name: string): boolean {
	const checked = boardText.checkName(name);
	return doc.transact(() => {
		const m = modelMap(doc, modelId);
		m?.set('name', checked);
		return m !== null;
	});
}

export function setIllustrative(doc: Y.Doc, modelId: string, illustrative: boolean): boolean {
	return doc.transact(() => {
		const m = modelMap(doc, modelId);
		if (illustrative) m?.set('illustrative', true);
		else m?.delete('illustrative');
		return m !== null;
	});
}

/** The Y.Text of a model's description, for a collaborative editor. */
export function descriptionText(doc: Y.Doc, modelId: string): Y.Text | null {
	return doc.transact(() => {
		const m = modelMap(doc, modelId);
		if (!m) return null;
		const existing = m.get('description');
		if (existing instanceof Y.Text) return existing;
		const text = boardText.newText();
		m.set('description', text);
		return text;
	});
}

export function setDescription(doc: Y.Doc, modelId: string, text: string): boolean {
	const checked = boardText.checkName(text, 'description', schema.LIMITS.modelDescription);
	return doc.transact(() => {
		const t = descriptionText(doc, modelId);
		if (t) boardText.replaceText(t, checked);
		return t !== null;
	});
}

/** The knock-outs a model fails now, read straight from the document (scores below the pass mark). */
export function failedKnockouts(doc: Y.Doc, modelId: string): string[] {
	const m = modelMap(doc, modelId);
	const scores = m && schema.childMap(m, 'scores');
	if (!scores) return [];
	const scale = boardCriteria.readScale(doc);
	const failed: string[] = [];
	schema.roots(doc).criteria.forEach((c, id) => {
		if (!(c instanceof Y.Map) || c.get('knockout') !== true) return;
		const stored = c.get('threshold');
		const threshold = Number.isInteger(stored) ? (stored as number) : scale.min + 1;
		const score = scores.get(id);
		if (Number.isInteger(score) && (score as number) >= scale.min && (score as number) <= scale.max && (score as number) < threshold)
			failed.push(id);
	});
	return failed;
}

export interface StatusChange {
	/** Why: every status change is recorded with one (the long list to short list audit trail). */
	readonly reason: string;
	/** Keep a model that fails a knock-out on the short list or as preferred, knowingly. */
	readonly override?: boolean;
}

/**
 * Set a model's status with the reason for it. A model failing a knock-out
 * reads as discounted; it can be shortlisted or preferred only with
 * `override: true`, which is recorded with the reason.
 */
export function setStatus(doc: Y.Doc, modelId: string, status: ModelStatus, change: StatusChange): boolean {
	if (!schema.isOneOf(schema.MODEL_STATUSES, status)) throw new schema.BoardError('invalidStatus', `unknown status ${String(status)}`);
	const reason = boardText.checkName(change?.reason ?? '', 'reason', schema.LIMITS.discountReason);
	if (!reason)
		throw new schema.BoardError(
			'reasonRequired',
			status === 'discounted' ? 'a discounted model needs a recorded reason' : 'a change of status needs a recorded reason'
		);
	return doc.transact(() => {
		const m = modelMap(doc, modelId);
		if (!m) return false;
		// The Green Book keeps a business-as-usual benchmark on the short list: it leaves only when discounted.
		if (status === 'longList' && schema.roots(doc).meta.get('benchmark') === modelId)
			throw new schema.BoardError('benchmarkOnShortList', 'the benchmark stays on the short list unless it is discounted with a reason');
		const keeping = status === 'shortlisted' || status === 'preferred';
		if (keeping && failedKnockouts(doc, modelId).length > 0 && !change.override)
			throw new schema.BoardError('overrideRequired', 'this model fails a knock-out: keeping it needs an explicit override with a reason');
		if (keeping && change.override) m.set('knockoutOverride', true);
		else m.delete('knockoutOverride');
		m.set('statusReason', reason);
		m.set('status', status);
		return true;
	});
}

/** Correct the recorded reason for the current status (not a change of status). */
export function setStatusReason(doc: Y.Doc, modelId: string, reason: string): boolean {
	const checked = boardText.checkName(reason, 'reason', schema.LIMITS.discountReason);
	if (!checked) throw new schema.BoardError('reasonRequired', 'a status needs a recorded reason');
	return doc.transact(() => {
		const m = modelMap(doc, modelId);
		m?.set('statusReason', checked);
		return m !== null;
	});
}

/**
 * Mark (or with null, unmark) the business-as-usual / do-minimum benchmark. A
 * benchmark on the long list moves to the short list, which must keep one.
 */
export function setBenchmark(doc: Y.Doc, modelId: string | null): boolean {
	return doc.transact(() => {
		const { meta } = schema.roots(doc);
		if (modelId === null) {
			meta.delete('benchmark');
			return true;
		}
		const m = modelMap(doc, modelId);
		if (!m) return false;
		meta.set('benchmark', modelId);
		if (m.get('status') === 'longList' || m.get('status') === undefined)
			setStatus(doc, modelId, 'shortlisted', { reason: 'Kept on the short list as the business-as-usual benchmark.' });
		return true;
	});
}

export function readBenchmark(doc: Y.Doc): string | null {
	const id = schema.roots(doc).meta.get('benchmark');
	return typeof id === 'string' && modelMap(doc, id) ? id : null;
}
