import * as Y from 'yjs';
import { newId, isId } from './ids.ts';
import { compareOrdered, keyBetween } from './order.ts';
import { entries, keysForInsert, moveEntry, type Entry } from './ordered.ts';
import {
	BoardError,
	DEFAULT_SCALE,
	LIMITS,
	MODEL_STATUSES,
	SCALE_BOUNDS,
	childMap,
	isOneOf,
	roots,
	type ModelStatus,
	type YMap
} from './schema.ts';
import { rescaleThreshold } from './scoring.ts';
import { newText, replaceText } from './text.ts';

/** Writes to the delivery model comparison grid: criteria (columns), groups and models (rows). */

export interface Scale {
	readonly min: number;
	readonly max: number;
}

export function isScale(value: unknown): value is Scale {
	if (typeof value !== 'object' || value === null) return false;
	const { min, max } = value as Record<string, unknown>;
	return (
		Number.isInteger(min) &&
		Number.isInteger(max) &&
		(min as number) >= SCALE_BOUNDS.min &&
		(max as number) <= SCALE_BOUNDS.max &&
		(min as number) < (max as number) &&
		Object.keys(value).length === 2
	);
}

export function readScale(doc: Y.Doc): Scale {
	const scale = roots(doc).meta.get('scale');
	return isScale(scale) ? { min: scale.min, max: scale.max } : { ...DEFAULT_SCALE };
}

function checkName(name: string, what = 'name', limit: number = LIMITS.name): string {
	if (typeof name !== 'string') throw new BoardError('invalidName', `${what} must be text`);
	const trimmed = name.trim();
	if (trimmed.length > limit) throw new BoardError('tooLong', `${what} longer than ${limit} characters`);
	return trimmed;
}

/** Weight 0 is allowed: on a knock-out it makes a gate (pass/fail only, adding nothing to totals). */
export function isWeight(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= LIMITS.weight;
}

function checkWeight(weight: number): number {
	if (!isWeight(weight)) throw new BoardError('invalidWeight', 'weight must be a number from 0 up');
	return weight;
}

function checkThreshold(threshold: number): number {
	if (!Number.isInteger(threshold) || threshold < SCALE_BOUNDS.min || threshold > SCALE_BOUNDS.max)
		throw new BoardError('invalidThreshold', 'knock-out threshold must be a whole number on the scale');
	return threshold;
}

/**
 * A knock-out threshold must be able to fail something (above the bottom of the
 * scale) and let something pass (at most the top): otherwise the board would
 * read a screen that screens nothing, or everything.
 */
function checkKnockoutThreshold(threshold: number, scale: Scale): number {
	if (!Number.isInteger(threshold) || threshold <= scale.min || threshold > scale.max)
		throw new BoardError(
			'inertKnockout',
			`a knock-out pass mark must be a whole number from ${scale.min + 1} to ${scale.max}: at ${scale.min} or below it could never fail`
		);
	return threshold;
}

// ---- groups -----------------------------------------------------------------

export function addGroup(doc: Y.Doc, name: string, at?: number, origin: unknown = null, id: string = newId()): string {
	const checked = checkName(name, 'group name');
	if (!isId(id)) throw new BoardError('invalidId', `bad group id ${id}`);
	doc.transact(() => {
		const { criterionGroups } = roots(doc);
		const sorted = entries(criterionGroups);
		const [order] = keysForInsert(sorted, at ?? sorted.length, 1);
		const group = new Y.Map<unknown>();
		group.set('name', checked);
		group.set('order', order);
		criterionGroups.set(id, group);
	}, origin);
	return id;
}

export function renameGroup(doc: Y.Doc, groupId: string, name: string, origin: unknown = null): void {
	const checked = checkName(name, 'group name');
	doc.transact(() => {
		const group = childMap(roots(doc).criterionGroups, groupId);
		if (!group) throw new BoardError('unknownGroup', `no group ${groupId}`);
		group.set('name', checked);
	}, origin);
}

export function moveGroup(doc: Y.Doc, groupId: string, index: number, origin: unknown = null): boolean {
	return doc.transact(() => moveEntry(entries(roots(doc).criterionGroups), groupId, index), origin);
}

/** Its criteria stay, ungrouped. */
export function deleteGroup(doc: Y.Doc, groupId: string, origin: unknown = null): void {
	doc.transact(() => {
		const { criterionGroups, criteria } = roots(doc);
		criterionGroups.delete(groupId);
		criteria.forEach((c) => {
			if (c instanceof Y.Map && c.get('groupId') === groupId) c.delete('groupId');
		});
	}, origin);
}

// ---- criteria ---------------------------------------------------------------

export interface CriterionSpec {
	readonly name: string;
	readonly groupId?: string | null;
	readonly weight?: number;
	readonly knockout?: boolean;
	readonly threshold?: number;
	readonly description?: string;
	/** The weight is a starting value nobody has set yet (the template's); cleared by setWeight. */
	readonly weightPlaceholder?: boolean;
	readonly id?: string;
}

export interface CriterionEntry extends Entry {
	/** The group, or null if it has none or its group was deleted. */
	readonly groupId: string | null;
}

/**
 * Criteria in display order: by group (in group order), then by their own
 * order within the group; ungrouped criteria come last. Grouping first keeps
 * each heading's criteria contiguous whatever keys concurrent moves produced.
 */
export function orderedCriteria(doc: Y.Doc): CriterionEntry[] {
	const { criterionGroups, criteria } = roots(doc);
	const groups = entries(criterionGroups);
	const rank = new Map(groups.map((g, i) => [g.id, i]));
	return entries(criteria)
		.map((e) => {
			const g = e.map.get('groupId');
			return { ...e, groupId: typeof g === 'string' && rank.has(g) ? g : null };
		})
		.sort((a, b) => {
			const ga = a.groupId === null ? groups.length : (rank.get(a.groupId) ?? groups.length);
			const gb = b.groupId === null ? groups.length : (rank.get(b.groupId) ?? groups.length);
			return ga !== gb ? ga - gb : compareOrdered(a, b);
		});
}

function criterion(doc: Y.Doc, criterionId: string): YMap {
	const map = childMap(roots(doc).criteria, criterionId);
	if (!map) throw new BoardError('unknownCriterion', `no criterion ${criterionId}`);
	return map;
}

function checkGroupId(doc: Y.Doc, groupId: string | null | undefined): string | null {
	if (groupId === null || groupId === undefined) return null;
	if (!childMap(roots(doc).criterionGroups, groupId)) throw new BoardError('unknownGroup', `no group ${groupId}`);
	return groupId;
}

/** `at` is the index within the criterion's group. */
export function addCriterion(doc: Y.Doc, spec: CriterionSpec, at?: number, origin: unknown = null): string {
	const name = checkName(spec.name);
	const weight = checkWeight(spec.weight ?? 1);
	const threshold =
		spec.threshold === undefined
			? undefined
			: spec.knockout
				? checkKnockoutThreshold(spec.threshold, readScale(doc))
				: checkThreshold(spec.threshold);
	const description = spec.description === undefined ? '' : checkName(spec.description, 'description', LIMITS.criterionDescription);
	if (spec.id !== undefined && !isId(spec.id)) throw new BoardError('invalidId', `bad criterion id ${spec.id}`);
	const id = spec.id ?? newId();
	doc.transact(() => {
		const groupId = checkGroupId(doc, spec.groupId);
		const { criteria, models } = roots(doc);
		const siblings = orderedCriteria(doc).filter((c) => c.groupId === groupId);
		const [order] = keysForInsert(siblings, at ?? siblings.length, 1);
		const c = new Y.Map<unknown>();
		c.set('name', name);
		c.set('order', order);
		if (groupId) c.set('groupId', groupId);
		c.set('weight', weight);
		if (spec.weightPlaceholder) c.set('weightPlaceholder', true);
		if (spec.knockout) c.set('knockout', true);
		if (threshold !== undefined) c.set('threshold', threshold);
		if (description) c.set('description', description);
		criteria.set(id, c);
		models.forEach((m) => {
			const rationales = m instanceof Y.Map ? childMap(m as YMap, 'rationales') : null;
			if (rationales && !(rationales.get(id) instanceof Y.Text)) rationales.set(id, newText());
		});
	}, origin);
	return id;
}

export function renameCriterion(doc: Y.Doc, criterionId: string, name: string, origin: unknown = null): void {
	const checked = checkName(name);
	doc.transact(() => criterion(doc, criterionId).set('name', checked), origin);
}

export function setCriterionDescription(doc: Y.Doc, criterionId: string, text: string, origin: unknown = null): void {
	const checked = checkName(text, 'description', LIMITS.criterionDescription);
	doc.transact(() => {
		const c = criterion(doc, criterionId);
		if (checked) c.set('description', checked);
		else c.delete('description');
	}, origin);
}

export function setWeight(doc: Y.Doc, criterionId: string, weight: number, origin: unknown = null): void {
	const checked = checkWeight(weight);
	doc.transact(() => {
		const c = criterion(doc, criterionId);
		c.set('weight', checked);
		c.delete('weightPlaceholder');
	}, origin);
}

/** Where the appraisal's rows come from and what is illustrative, shown above the model grid and in papers. */
export function setAppraisalNote(doc: Y.Doc, note: string, origin: unknown = null): void {
	const checked = checkName(note, 'note', LIMITS.criterionDescription);
	doc.transact(() => {
		if (checked) roots(doc).meta.set('appraisalNote', checked);
		else roots(doc).meta.delete('appraisalNote');
	}, origin);
}

/**
 * A knock-out criterion fails a model whose score is below `threshold`; with
 * weight 0 it is a gate. Refused when the pass mark could never fail a model
 * (at or below the bottom of the scale) or nothing could pass it.
 */
export function setKnockout(
	doc: Y.Doc,
	criterionId: string,
	knockout: boolean,
	threshold?: number,
	origin: unknown = null
): void {
	const scale = readScale(doc);
	const checked =
		threshold === undefined ? undefined : knockout ? checkKnockoutThreshold(threshold, scale) : checkThreshold(threshold);
	doc.transact(() => {
		const c = criterion(doc, criterionId);
		if (knockout) {
			const stored = c.get('threshold');
			const effective = checked ?? (Number.isInteger(stored) ? (stored as number) : scale.min + 1);
			checkKnockoutThreshold(effective, scale);
			c.set('knockout', true);
			c.set('threshold', effective);
		} else {
			c.delete('knockout');
			if (checked !== undefined) c.set('threshold', checked);
		}
	}, origin);
}

export function setCriterionGroup(
	doc: Y.Doc,
	criterionId: string,
	groupId: string | null,
	origin: unknown = null
): void {
	doc.transact(() => {
		const target = checkGroupId(doc, groupId);
		const c = criterion(doc, criterionId);
		const siblings = orderedCriteria(doc).filter((e) => e.groupId === target && e.id !== criterionId);
		const [order] = keysForInsert(siblings, siblings.length, 1);
		if (target) c.set('groupId', target);
		else c.delete('groupId');
		c.set('order', order);
	}, origin);
}

/**
 * Move to `index` in the flat display order. Dropped next to another group's
 * criteria, a criterion joins that group (the one before the drop point wins),
 * as it does when dragging a column across a heading in the grid.
 */
export function moveCriterion(doc: Y.Doc, criterionId: string, index: number, origin: unknown = null): boolean {
	return doc.transact(() => {
		const flat = orderedCriteria(doc);
		const self = flat.find((c) => c.id === criterionId);
		if (!self) return false;
		const others = flat.filter((c) => c.id !== criterionId);
		const at = Math.max(0, Math.min(index, others.length));
		const target = others[at - 1]?.groupId ?? others[at]?.groupId ?? self.groupId;
		const siblings = others.filter((c) => c.groupId === target);
		const position = others.slice(0, at).filter((c) => c.groupId === target).length;
		const [order] = keysForInsert(siblings, position, 1);
		if (target !== self.groupId) {
			if (target) self.map.set('groupId', target);
			else self.map.delete('groupId');
		}
		self.map.set('order', order);
		return true;
	}, origin);
}

/** Also removes the criterion's scores, rationales and evidence from every model. */
export function deleteCriterion(doc: Y.Doc, criterionId: string, origin: unknown = null): void {
	doc.transact(() => {
		const { criteria, models } = roots(doc);
		criteria.delete(criterionId);
		models.forEach((m) => {
			if (!(m instanceof Y.Map)) return;
			childMap(m as YMap, 'scores')?.delete(criterionId);
			childMap(m as YMap, 'rationales')?.delete(criterionId);
			const evidence = childMap(m as YMap, 'evidence');
			for (const key of Array.from(evidence?.keys() ?? []))
				if (key.startsWith(`${criterionId}/`)) evidence?.delete(key);
		});
	}, origin);
}

// ---- models -----------------------------------------------------------------

export interface ModelSpec {
	readonly name: string;
	readonly description?: string;
	readonly illustrative?: boolean;
	readonly id?: string;
}

function model(doc: Y.Doc, modelId: string): YMap | null {
	return childMap(roots(doc).models, modelId);
}

export function addModel(doc: Y.Doc, spec: ModelSpec, at?: number, origin: unknown = null): string {
	const name = checkName(spec.name);
	const description = checkName(spec.description ?? '', 'description', LIMITS.modelDescription);
	if (spec.id !== undefined && !isId(spec.id)) throw new BoardError('invalidId', `bad model id ${spec.id}`);
	const id = spec.id ?? newId();
	doc.transact(() => {
		const { models, criteria } = roots(doc);
		const sorted = entries(models);
		const [order] = keysForInsert(sorted, at ?? sorted.length, 1);
		const m = new Y.Map<unknown>();
		m.set('order', order);
		m.set('name', name);
		m.set('description', newText(description));
		m.set('status', 'longList');
		if (spec.illustrative) m.set('illustrative', true);
		m.set('scores', new Y.Map<unknown>());
		// Rationales exist from the start for the same reason as long text cells.
		const rationales = new Y.Map<unknown>();
		criteria.forEach((_c, criterionId) => rationales.set(criterionId, newText()));
		m.set('rationales', rationales);
		m.set('evidence', new Y.Map<unknown>());
		models.set(id, m);
	}, origin);
	return id;
}

export function moveModel(doc: Y.Doc, modelId: string, index: number, origin: unknown = null): boolean {
	return doc.transact(() => moveEntry(entries(roots(doc).models), modelId, index), origin);
}

export function deleteModel(doc: Y.Doc, modelId: string, origin: unknown = null): void {
	doc.transact(() => roots(doc).models.delete(modelId), origin);
}

export function setModelName(doc: Y.Doc, modelId: string, name: string, origin: unknown = null): boolean {
	const checked = checkName(name);
	return doc.transact(() => {
		const m = model(doc, modelId);
		m?.set('name', checked);
		return m !== null;
	}, origin);
}

export function setIllustrative(doc: Y.Doc, modelId: string, illustrative: boolean, origin: unknown = null): boolean {
	return doc.transact(() => {
		const m = model(doc, modelId);
		if (illustrative) m?.set('illustrative', true);
		else m?.delete('illustrative');
		return m !== null;
	}, origin);
}

/** The Y.Text of a model's description, for a collaborative editor. */
export function modelDescriptionText(doc: Y.Doc, modelId: string, origin: unknown = null): Y.Text | null {
	return doc.transact(() => {
		const m = model(doc, modelId);
		if (!m) return null;
		const existing = m.get('description');
		if (existing instanceof Y.Text) return existing;
		const text = newText();
		m.set('description', text);
		return text;
	}, origin);
}

export function setModelDescription(doc: Y.Doc, modelId: string, text: string, origin: unknown = null): boolean {
	const checked = checkName(text, 'description', LIMITS.modelDescription);
	return doc.transact(() => {
		const t = modelDescriptionText(doc, modelId, origin);
		if (t) replaceText(t, checked);
		return t !== null;
	}, origin);
}

/** The knock-outs a model fails now, read straight from the document (scores below the pass mark). */
export function failedKnockouts(doc: Y.Doc, modelId: string): string[] {
	const m = model(doc, modelId);
	const scores = m && childMap(m, 'scores');
	if (!scores) return [];
	const scale = readScale(doc);
	const failed: string[] = [];
	roots(doc).criteria.forEach((c, id) => {
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
export function setModelStatus(
	doc: Y.Doc,
	modelId: string,
	status: ModelStatus,
	change: StatusChange,
	origin: unknown = null
): boolean {
	if (!isOneOf(MODEL_STATUSES, status)) throw new BoardError('invalidStatus', `unknown status ${String(status)}`);
	const reason = checkName(change?.reason ?? '', 'reason', LIMITS.discountReason);
	if (!reason)
		throw new BoardError('reasonRequired', status === 'discounted' ? 'a discounted model needs a recorded reason' : 'a change of status needs a recorded reason');
	return doc.transact(() => {
		const m = model(doc, modelId);
		if (!m) return false;
		// The Green Book keeps a business-as-usual benchmark on the short list: it leaves only when discounted.
		if (status === 'longList' && roots(doc).meta.get('benchmark') === modelId)
			throw new BoardError('benchmarkOnShortList', 'the benchmark stays on the short list unless it is discounted with a reason');
		const keeping = status === 'shortlisted' || status === 'preferred';
		if (keeping && failedKnockouts(doc, modelId).length > 0 && !change.override)
			throw new BoardError('overrideRequired', 'this model fails a knock-out: keeping it needs an explicit override with a reason');
		if (keeping && change.override) m.set('knockoutOverride', true);
		else m.delete('knockoutOverride');
		m.set('statusReason', reason);
		m.set('status', status);
		return true;
	}, origin);
}

/** Correct the recorded reason for the current status (not a change of status). */
export function setStatusReason(doc: Y.Doc, modelId: string, reason: string, origin: unknown = null): boolean {
	const checked = checkName(reason, 'reason', LIMITS.discountReason);
	if (!checked) throw new BoardError('reasonRequired', 'a status needs a recorded reason');
	return doc.transact(() => {
		const m = model(doc, modelId);
		m?.set('statusReason', checked);
		return m !== null;
	}, origin);
}

/**
 * Mark (or with null, unmark) the business-as-usual / do-minimum benchmark. A
 * benchmark on the long list moves to the short list, which must keep one.
 */
export function setBenchmark(doc: Y.Doc, modelId: string | null, origin: unknown = null): boolean {
	return doc.transact(() => {
		const { meta } = roots(doc);
		if (modelId === null) {
			meta.delete('benchmark');
			return true;
		}
		const m = model(doc, modelId);
		if (!m) return false;
		meta.set('benchmark', modelId);
		if (m.get('status') === 'longList' || m.get('status') === undefined)
			setModelStatus(doc, modelId, 'shortlisted', { reason: 'Kept on the short list as the business-as-usual benchmark.' }, origin);
		return true;
	}, origin);
}

export function readBenchmark(doc: Y.Doc): string | null {
	const id = roots(doc).meta.get('benchmark');
	return typeof id === 'string' && model(doc, id) ? id : null;
}

// ---- cells: score, rationale, evidence --------------------------------------

export function setScore(
	doc: Y.Doc,
	modelId: string,
	criterionId: string,
	score: number | null,
	origin: unknown = null
): boolean {
	const scale = readScale(doc);
	if (score !== null && (!Number.isInteger(score) || score < scale.min || score > scale.max))
		throw new BoardError('invalidScore', `score must be a whole number from ${scale.min} to ${scale.max}`);
	return doc.transact(() => {
		criterion(doc, criterionId);
		const m = model(doc, modelId);
		const scores = m && childMap(m, 'scores');
		if (!scores) return false;
		if (score === null) scores.delete(criterionId);
		else scores.set(criterionId, score);
		return true;
	}, origin);
}

export function rationaleText(doc: Y.Doc, modelId: string, criterionId: string, origin: unknown = null): Y.Text | null {
	return doc.transact(() => {
		const m = model(doc, modelId);
		const rationales = m && childMap(m, 'rationales');
		if (!rationales || !childMap(roots(doc).criteria, criterionId)) return null;
		const existing = rationales.get(criterionId);
		if (existing instanceof Y.Text) return existing;
		const text = newText();
		rationales.set(criterionId, text);
		return text;
	}, origin);
}

export function setRationale(
	doc: Y.Doc,
	modelId: string,
	criterionId: string,
	text: string,
	origin: unknown = null
): boolean {
	if (text.length > LIMITS.longText) throw new BoardError('tooLong', `rationale longer than ${LIMITS.longText} characters`);
	return doc.transact(() => {
		const t = rationaleText(doc, modelId, criterionId, origin);
		if (t) replaceText(t, text);
		return t !== null;
	}, origin);
}

export interface EvidenceLink {
	readonly url: string;
	readonly label: string;
}

/** Only absolute http(s) links: evidence is opened from the board, so no javascript: or data: urls. */
export function isEvidenceUrl(url: unknown): url is string {
	if (typeof url !== 'string' || url.length > LIMITS.url || url.trim() !== url) return false;
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:';
	} catch {
		return false;
	}
}

export function addEvidence(
	doc: Y.Doc,
	modelId: string,
	criterionId: string,
	link: EvidenceLink,
	origin: unknown = null
): string | null {
	const url = link.url.trim();
	if (!isEvidenceUrl(url)) throw new BoardError('invalidUrl', 'evidence must be an http or https link');
	const label = checkName(link.label, 'label', LIMITS.linkLabel);
	const linkId = newId();
	return doc.transact(() => {
		criterion(doc, criterionId);
		const m = model(doc, modelId);
		const evidence = m && childMap(m, 'evidence');
		if (!evidence) return null;
		// Evidence of all criteria shares one flat map keyed criterion/link, so
		// no nested list has to be created lazily (and raced over) per cell.
		const siblings = Array.from(evidence.entries())
			.filter(([k]) => k.startsWith(`${criterionId}/`))
			.map(([k, v]) => ({ id: k, order: (v as { order?: string }).order ?? 'V' }))
			.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
		const order = keyBetween(siblings.at(-1)?.order ?? null, null);
		evidence.set(`${criterionId}/${linkId}`, { url, label, order });
		return linkId;
	}, origin);
}

export function removeEvidence(
	doc: Y.Doc,
	modelId: string,
	criterionId: string,
	linkId: string,
	origin: unknown = null
): void {
	doc.transact(() => {
		const m = model(doc, modelId);
		if (m) childMap(m, 'evidence')?.delete(`${criterionId}/${linkId}`);
	}, origin);
}

/**
 * Change the scoring scale; refused while any score lies outside the new range.
 * Every knock-out pass mark is re-expressed on the new scale at the same
 * relative position (rounded up), so a knock-out keeps failing what it failed.
 */
export function setScale(doc: Y.Doc, scale: Scale, origin: unknown = null): void {
	const next = { min: scale.min, max: scale.max };
	if (!isScale(next)) throw new BoardError('invalidScale', 'scale needs whole numbers with min below max');
	const previous = readScale(doc);
	doc.transact(() => {
		if (previous.min !== next.min || previous.max !== next.max)
			roots(doc).criteria.forEach((c) => {
				if (!(c instanceof Y.Map) || c.get('knockout') !== true) return;
				const stored = c.get('threshold');
				const threshold = Number.isInteger(stored) ? (stored as number) : previous.min + 1;
				c.set('threshold', rescaleThreshold(threshold, previous, next));
			});
		roots(doc).models.forEach((m) => {
			const scores = m instanceof Y.Map ? childMap(m as YMap, 'scores') : null;
			scores?.forEach((s) => {
				if (typeof s === 'number' && (s < next.min || s > next.max))
					throw new BoardError('scoresOutOfRange', 'some scores lie outside the new scale');
			});
		});
		roots(doc).meta.set('scale', next);
	}, origin);
}
