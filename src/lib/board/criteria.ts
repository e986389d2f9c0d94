import * as Y from 'yjs';
import * as ids from './ids.ts';
import * as boardOrder from './order.ts';
import * as ordered from './ordered.ts';
import * as schema from './schema.ts';
import * as scoring from './scoring.ts';
import * as boardText from './text.ts';
import type { Entry } from './ordered.ts';
import type { YMap } from './schema.ts';
/** Writes to the criteria of the delivery model comparison grid (its columns), their groups, and the scoring scale. */

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
		(min as number) >= schema.SCALE_BOUNDS.min &&
		(max as number) <= schema.SCALE_BOUNDS.max &&
		(min as number) < (max as number) &&
		Object.keys(value).length === 2
	);
}

export function readScale(doc: Y.Doc): Scale {
	const scale = schema.roots(doc).meta.get('scale');
	return isScale(scale) ? { min: scale.min, max: scale.max } : { ...schema.DEFAULT_SCALE };
}

/** Weight 0 is allowed: on a knock-out it makes a gate (pass/fail only, adding nothing to totals). */
export function isWeight(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= schema.LIMITS.weight;
}

function checkWeight(weight: number): number {
	if (!isWeight(weight)) throw new schema.BoardError('invalidWeight', 'weight must be a number from 0 up');
	return weight;
}

function checkThreshold(threshold: number): number {
	if (!Number.isInteger(threshold) || threshold < schema.SCALE_BOUNDS.min || threshold > schema.SCALE_BOUNDS.max)
		throw new schema.BoardError('invalidThreshold', 'knock-out threshold must be a whole number on the scale');
	return threshold;
}

/**
 * A knock-out threshold must be able to fail something (above the bottom of the
 * scale) and let something pass (at most the top): otherwise the board would
 * read a screen that screens nothing, or everything.
 */
function checkKnockoutThreshold(threshold: number, scale: Scale): number {
	if (!Number.isInteger(threshold) || threshold <= scale.min || threshold > scale.max)
		throw new schema.BoardError(
			'inertKnockout',
			`a knock-out pass mark must be a whole number from ${scale.min + 1} to ${scale.max}: at ${scale.min} or below it could never fail`
		);
	return threshold;
}

// ---- groups -----------------------------------------------------------------

export function addGroup(doc: Y.Doc, name: string, at?: number, id: string = ids.newId()): string {
	const checked = boardText.checkName(name, 'group name');
	if (!ids.isId(id)) throw new schema.BoardError('invalidId', `bad group id ${id}`);
	doc.transact(() => {
		const { criterionGroups } = schema.roots(doc);
		const sorted = ordered.entries(criterionGroups);
		const [order] = ordered.keysForInsert(sorted, at ?? sorted.length, 1);
		const group = new Y.Map<unknown>();
		group.set('name', checked);
		group.set('order', order);
		criterionGroups.set(id, group);
	});
	return id;
}

export function renameGroup(doc: Y.Doc, groupId: string, name: string): void {
	const checked = boardText.checkName(name, 'group name');
	doc.transact(() => {
		const group = schema.childMap(schema.roots(doc).criterionGroups, groupId);
		if (!group) throw new schema.BoardError('unknownGroup', `no group ${groupId}`);
		group.set('name', checked);
	});
}

export function moveGroup(doc: Y.Doc, groupId: string, index: number): boolean {
	return doc.transact(() => ordered.moveEntry(ordered.entries(schema.roots(doc).criterionGroups), groupId, index));
}

/** Its criteria stay, ungrouped. */
export function deleteGroup(doc: Y.Doc, groupId: string): void {
	doc.transact(() => {
		const { criterionGroups, criteria } = schema.roots(doc);
		criterionGroups.delete(groupId);
		criteria.forEach((c) => {
			if (c instanceof Y.Map && c.get('groupId') === groupId) c.delete('groupId');
		});
	});
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
	const { criterionGroups, criteria } = schema.roots(doc);
	const groups = ordered.entries(criterionGroups);
	const rank = new Map(groups.map((g, i) => [g.id, i]));
	return ordered
		.entries(criteria)
		.map((e) => {
			const g = e.map.get('groupId');
			return { ...e, groupId: typeof g === 'string' && rank.has(g) ? g : null };
		})
		.sort((a, b) => {
			const ga = a.groupId === null ? groups.length : (rank.get(a.groupId) ?? groups.length);
			const gb = b.groupId === null ? groups.length : (rank.get(b.groupId) ?? groups.length);
			return ga !== gb ? ga - gb : boardOrder.compareOrdered(a, b);
		});
}

/** The criterion's map; an unknown criterion is refused. */
export function criterionMap(doc: Y.Doc, criterionId: string): YMap {
	const map = schema.childMap(schema.roots(doc).criteria, criterionId);
	if (!map) throw new schema.BoardError('unknownCriterion', `no criterion ${criterionId}`);
	return map;
}

function checkGroupId(doc: Y.Doc, groupId: string | null | undefined): string | null {
	if (groupId === null || groupId === undefined) return null;
	if (!schema.childMap(schema.roots(doc).criterionGroups, groupId)) throw new schema.BoardError('unknownGroup', `no group ${groupId}`);
	return groupId;
}

/** `at` is the index within the criterion's group. */
export function add(doc: Y.Doc, spec: CriterionSpec, at?: number): string {
	const name = boardText.checkName(spec.name);
	const weight = checkWeight(spec.weight ?? 1);
	const threshold =
		spec.threshold === undefined
			? undefined
			: spec.knockout
				? checkKnockoutThreshold(spec.threshold, readScale(doc))
				: checkThreshold(spec.threshold);
	const description =
		spec.description === undefined ? '' : boardText.checkName(spec.description, 'description', schema.LIMITS.criterionDescription);
	if (spec.id !== undefined && !ids.isId(spec.id)) throw new schema.BoardError('invalidId', `bad criterion id ${spec.id}`);
	const id = spec.id ?? ids.newId();
	doc.transact(() => {
		const groupId = checkGroupId(doc, spec.groupId);
		const { criteria, models } = schema.roots(doc);
		const siblings = orderedCriteria(doc).filter((c) => c.groupId === groupId);
		const [order] = ordered.keysForInsert(siblings, at ?? siblings.length, 1);
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
			const rationales = m instanceof Y.Map ? schema.childMap(m as YMap, 'rationales') : null;
			if (rationales && !(rationales.get(id) instanceof Y.Text)) rationales.set(id, boardText.newText());
		});
	});
	return id;
}

export function rename(doc: Y.Doc, criterionId: string, name: string): void {
	const checked = boardText.checkName(name);
	doc.transact(() => criterionMap(doc, criterionId).set('name', checked));
}

export function setDescription(doc: Y.Doc, criterionId: string, text: string): void {
	const checked = boardText.checkName(text, 'description', schema.LIMITS.criterionDescription);
	doc.transact(() => {
		const c = criterionMap(doc, criterionId);
		if (checked) c.set('description', checked);
		else c.delete('description');
	});
}

export function setWeight(doc: Y.Doc, criterionId: string, weight: number): void {
	const checked = checkWeight(weight);
	doc.transact(() => {
		const c = criterionMap(doc, criterionId);
		c.set('weight', checked);
		c.delete('weightPlaceholder');
	});
}

/** Where the appraisal's rows come from and what is illustrative, shown above the model grid and in papers. */
export function setAppraisalNote(doc: Y.Doc, note: string): void {
	const checked = boardText.checkName(note, 'note', schema.LIMITS.criterionDescription);
	doc.transact(() => {
		if (checked) schema.roots(doc).meta.set('appraisalNote', checked);
		else schema.roots(doc).meta.delete('appraisalNote');
	});
}

/**
 * A knock-out criterion fails a model whose score is below `threshold`; with
 * weight 0 it is a gate. Refused when the pass mark could never fail a model
 * (at or below the bottom of the scale) or nothing could pass it.
 */
export function setKnockout(doc: Y.Doc, criterionId: string, knockout: boolean, threshold?: number): void {
	const scale = readScale(doc);
	const checked = threshold === undefined ? undefined : knockout ? checkKnockoutThreshold(threshold, scale) : checkThreshold(threshold);
	doc.transact(() => {
		const c = criterionMap(doc, criterionId);
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
	});
}

export function setGroup(doc: Y.Doc, criterionId: string, groupId: string | null): void {
	doc.transact(() => {
		const target = checkGroupId(doc, groupId);
		const c = criterionMap(doc, criterionId);
		const siblings = orderedCriteria(doc).filter((e) => e.groupId === target && e.id !== criterionId);
		const [order] = ordered.keysForInsert(siblings, siblings.length, 1);
		if (target) c.set('groupId', target);
		else c.delete('groupId');
		c.set('order', order);
	});
}

/**
 * Move to `index` in the flat display order. Dropped next to another group's
 * criteria, a criterion joins that group (the one before the drop point wins),
 * as it does when dragging a column across a heading in the grid.
 */
export function move(doc: Y.Doc, criterionId: string, index: number): boolean {
	return doc.transact(() => {
		const flat = orderedCriteria(doc);
		const self = flat.find((c) => c.id === criterionId);
		if (!self) return false;
		const others = flat.filter((c) => c.id !== criterionId);
		const at = Math.max(0, Math.min(index, others.length));
		const target = others[at - 1]?.groupId ?? others[at]?.groupId ?? self.groupId;
		const siblings = others.filter((c) => c.groupId === target);
		const position = others.slice(0, at).filter((c) => c.groupId === target).length;
		const [order] = ordered.keysForInsert(siblings, position, 1);
		if (target !== self.groupId) {
			if (target) self.map.set('groupId', target);
			else self.map.delete('groupId');
		}
		self.map.set('order', order);
		return true;
	});
}

/** Also removes the criterion's scores, rationales and evidence from every model. */
export function remove(doc: Y.Doc, criterionId: string): void {
	doc.transact(() => {
		const { criteria, models } = schema.roots(doc);
		criteria.delete(criterionId);
		models.forEach((m) => {
			if (!(m instanceof Y.Map)) return;
			schema.childMap(m as YMap, 'scores')?.delete(criterionId);
			schema.childMap(m as YMap, 'rationales')?.delete(criterionId);
			const evidence = schema.childMap(m as YMap, 'evidence');
			for (const key of Array.from(evidence?.keys() ?? [])) if (key.startsWith(`${criterionId}/`)) evidence?.delete(key);
		});
	});
}

/**
 * Change the scoring scale; refused while any score lies outside the new range.
 * Every knock-out pass mark is re-expressed on the new scale at the same
 * relative position (rounded up), so a knock-out keeps failing what it failed.
 */
export function setScale(doc: Y.Doc, scale: Scale): void {
	const next = { min: scale.min, max: scale.max };
	if (!isScale(next)) throw new schema.BoardError('invalidScale', 'scale needs whole numbers with min below max');
	const previous = readScale(doc);
	doc.transact(() => {
		if (previous.min !== next.min || previous.max !== next.max)
			schema.roots(doc).criteria.forEach((c) => {
				if (!(c instanceof Y.Map) || c.get('knockout') !== true) return;
				const stored = c.get('threshold');
				const threshold = Number.isInteger(stored) ? (stored as number) : previous.min + 1;
				c.set('threshold', scoring.rescaleThreshold(threshold, previous, next));
			});
		schema.roots(doc).models.forEach((m) => {
			const scores = m instanceof Y.Map ? schema.childMap(m as YMap, 'scores') : null;
			scores?.forEach((s) => {
				if (typeof s === 'number' && (s < next.min || s > next.max))
					throw new schema.BoardError('scoresOutOfRange', 'some scores lie outside the new scale');
			});
		});
		schema.roots(doc).meta.set('scale', next);
	});
}
