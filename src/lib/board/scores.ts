import * as Y from 'yjs';
import * as ids from './ids.ts';
import * as boardOrder from './order.ts';
import * as schema from './schema.ts';
import * as criteria from './criteria.ts';
import * as models from './models.ts';
import * as boardText from './text.ts';
/** Writes to the cells of the delivery model comparison grid: a model's score, rationale and evidence on a criterion. */

export function setScore(doc: Y.Doc, modelId: string, criterionId: string, score: number | null): boolean {
	const scale = criteria.readScale(doc);
	if (score !== null && (!Number.isInteger(score) || score < scale.min || score > scale.max))
		throw new schema.BoardError('invalidScore', `score must be a whole number from ${scale.min} to ${scale.max}`);
	return doc.transact(() => {
		criteria.criterionMap(doc, criterionId);
		const m = models.modelMap(doc, modelId);
		const scores = m && schema.childMap(m, 'scores');
		if (!scores) return false;
		if (score === null) scores.delete(criterionId);
		else scores.set(criterionId, score);
		return true;
	});
}

export function rationaleText(doc: Y.Doc, modelId: string, criterionId: string): Y.Text | null {
	return doc.transact(() => {
		const m = models.modelMap(doc, modelId);
		const rationales = m && schema.childMap(m, 'rationales');
		if (!rationales || !schema.childMap(schema.roots(doc).criteria, criterionId)) return null;
		const existing = rationales.get(criterionId);
		if (existing instanceof Y.Text) return existing;
		const text = boardText.newText();
		rationales.set(criterionId, text);
		return text;
	});
}

export function setRationale(doc: Y.Doc, modelId: string, criterionId: string, text: string): boolean {
	if (text.length > schema.LIMITS.longText)
		throw new schema.BoardError('tooLong', `rationale longer than ${schema.LIMITS.longText} characters`);
	return doc.transact(() => {
		const t = rationaleText(doc, modelId, criterionId);
		if (t) boardText.replaceText(t, text);
		return t !== null;
	});
}

export interface EvidenceLink {
	readonly url: string;
	readonly label: string;
}

/** Only absolute http(s) links: evidence is opened from the board, so no javascript: or data: urls. */
export function isEvidenceUrl(url: unknown): url is string {
	if (typeof url !== 'string' || url.length > schema.LIMITS.url || url.trim() !== url) return false;
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:';
	} catch {
		return false;
	}
}

export function addEvidence(doc: Y.Doc, modelId: string, criterionId: string, link: EvidenceLink): string | null {
	const url = link.url.trim();
	if (!isEvidenceUrl(url)) throw new schema.BoardError('invalidUrl', 'evidence must be an http or https link');
	const label = boardText.checkName(link.label, 'label', schema.LIMITS.linkLabel);
	const linkId = ids.newId();
	return doc.transact(() => {
		criteria.criterionMap(doc, criterionId);
		const m = models.modelMap(doc, modelId);
		const evidence = m && schema.childMap(m, 'evidence');
		if (!evidence) return null;
		// Evidence of all criteria shares one flat map keyed criterion/link, so
		// no nested list has to be created lazily (and raced over) per cell.
		const siblings = Array.from(evidence.entries())
			.filter(([k]) => k.startsWith(`${criterionId}/`))
			.map(([k, v]) => ({ id: k, order: (v as { order?: string }).order ?? 'V' }))
			.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
		const order = boardOrder.keyBetween(siblings.at(-1)?.order ?? null, null);
		evidence.set(`${criterionId}/${linkId}`, { url, label, order });
		return linkId;
	});
}

export function removeEvidence(doc: Y.Doc, modelId: string, criterionId: string, linkId: string): void {
	doc.transact(() => {
		const m = models.modelMap(doc, modelId);
		if (m) schema.childMap(m, 'evidence')?.delete(`${criterionId}/${linkId}`);
	});
}
